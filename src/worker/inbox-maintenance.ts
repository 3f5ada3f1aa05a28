import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import { dropStale, purgeDone } from '../store/inbox-retention.ts';

export interface InboxRetention {
  /** How long events of an account whose install has not finished are kept (install race). */
  readonly unattachedMs: number;
  /**
   * How long finished items are kept. Raw webhook payloads hold personal data, so they go soon;
   * this is also how long a repeated delivery is still recognised as a duplicate (HubSpot retries
   * for up to 24 h, Salesforce Outbound Messages for 24 h).
   */
  readonly doneMs: number;
}

export const DEFAULT_INBOX_RETENTION: InboxRetention = {
  unattachedMs: 24 * 3_600_000,
  doneMs: 3 * 24 * 3_600_000,
};

/**
 * Drops what is past its window, then lets the store reuse the space: the inbox, its receipts
 * and the rate-limit windows are rewritten or deleted for every event, far more than anything else.
 */
export async function maintainInbox(
  database: Pick<Database, 'db' | 'reclaimSpace'>,
  now: Date,
  options: { readonly retention?: InboxRetention; readonly refreshStatistics?: boolean } = {},
): Promise<{ readonly droppedUnattached: number; readonly purgedDone: number }> {
  const retention = options.retention ?? DEFAULT_INBOX_RETENTION;
  const { db } = database;
  const droppedUnattached = await dropStale(db, {
    olderThan: new Date(now.getTime() - retention.unattachedMs),
  });
  const purgedDone = await purgeDone(db, { olderThan: new Date(now.getTime() - retention.doneMs) });
  await database.reclaimSpace({ refreshStatistics: options.refreshStatistics ?? false });
  return { droppedUnattached, purgedDone };
}

/** Planner statistics are refreshed on every this many maintenance passes (hourly by default). */
const STATISTICS_EVERY_PASSES = 6;

/** Runs `maintainInbox` every `everyMs` until stopped; failures are logged and retried next tick. */
export function scheduleInboxMaintenance(
  database: Pick<Database, 'db' | 'reclaimSpace'>,
  logger: Logger,
  everyMs = 10 * 60_000,
): () => void {
  let passes = 0;
  const timer = setInterval(() => {
    const refreshStatistics = passes++ % STATISTICS_EVERY_PASSES === 0;
    maintainInbox(database, new Date(), { refreshStatistics }).then(
      (result) => {
        if (result.droppedUnattached + result.purgedDone > 0) logger.info(result, 'inbox maintenance');
      },
      (error: unknown) => logger.warn({ err: error }, 'inbox maintenance failed'),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
