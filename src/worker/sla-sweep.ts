import type { Logger } from '../log.ts';
import type { CrmSync } from '../pipeline/crm-port.ts';
import { writebackItem } from '../pipeline/writeback-item.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { enqueue } from '../store/inbox-intake.ts';
import { type DueSlaClock, findDueSlaClocks } from '../store/sla-clocks.ts';

export const SLA_SWEEP_PAGE = 1_000;

/**
 * Queues a write-back for every clock of the CRM's tenants whose next turn (at risk, then due)
 * has come. The write-back computes the card again, sends only what changed, and stores the
 * clock's new state, which moves its next turn on; until it has run, a later pass queues the same
 * turn again under the same dedupe key, so concurrent passes in several processes queue it once.
 */
export async function sweepSlaClocks(
  db: Db,
  crm: Crm,
  sync: Pick<CrmSync, 'writebackKind' | 'recordKey'>,
  now: Date,
  pageSize = SLA_SWEEP_PAGE,
): Promise<{ readonly due: number; readonly queued: number }> {
  const totals = { due: 0, queued: 0 };
  let after: DueSlaClock | undefined;
  do {
    const page = await findDueSlaClocks(db, {
      crm,
      dueBy: now,
      limit: pageSize,
      ...(after ? { after } : {}),
    });
    totals.due += page.length;
    const items = page.map((clock) =>
      writebackItem(
        sync,
        { id: clock.tenantId, crm, externalId: clock.externalId },
        { objectType: clock.objectType, recordId: clock.recordId },
        `sla:${clock.nextCheckAt.toISOString()}`,
      ),
    );
    totals.queued += (await enqueue(db, items, now)).inserted;
    after = page.length === pageSize ? page.at(-1) : undefined;
  } while (after);
  return totals;
}

/** Runs the sweep every `everyMs` until stopped; a failed pass is logged and the next one retries. */
export function scheduleSlaSweep(
  db: Db,
  logger: Logger,
  crm: Crm,
  sync: Pick<CrmSync, 'writebackKind' | 'recordKey'>,
  options: { readonly everyMs?: number; readonly clock?: () => Date } = {},
): () => void {
  const clock = options.clock ?? (() => new Date());
  const timer = setInterval(() => {
    sweepSlaClocks(db, crm, sync, clock()).then(
      (result) => {
        if (result.queued > 0) logger.info({ crm, ...result }, 'SLA sweep queued write-backs');
      },
      (error: unknown) => logger.warn({ err: error, crm }, 'SLA sweep failed'),
    );
  }, options.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
