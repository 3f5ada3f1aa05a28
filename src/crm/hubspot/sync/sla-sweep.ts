import type { Logger } from '../../../log.ts';
import type { Db } from '../../../store/database.ts';
import { enqueue } from '../../../store/inbox-intake.ts';
import { findOpenSlaClocks, type OpenSlaClock } from '../../../store/open-sla-clocks.ts';
import { hubSpotWritebackItem } from './hubspot-writeback-handler.ts';

const CONTACTS = 'contacts';
const RUNNING = ['on_track', 'at_risk'];

export interface SlaSweepOptions {
  /** Clocks read and queued per page. */
  readonly pageSize?: number;
  /** How often every running clock is re-checked for turning at risk. */
  readonly atRiskEveryMs?: number;
  /** False skips the running clocks (this window's pass already queued them); due ones still go. */
  readonly recheckRunning?: boolean;
}

export const DEFAULT_SLA_SWEEP: Required<SlaSweepOptions> = {
  pageSize: 1_000,
  atRiskEveryMs: 15 * 60_000,
  recheckRunning: true,
};

/**
 * An SLA clock turns at risk and then breached while nobody touches the record, so no webhook
 * will ever ask Baton to rewrite `baton_sla_state`. This pass queues a write-back for each record
 * whose written due time has passed (once per due time) and, once per `atRiskEveryMs` window, for
 * every running clock, so the at-risk turn shows within that window. The write-back computes the
 * card again and sends only what changed, so a queued record whose state held costs no API call;
 * the dedupe keys make concurrent passes in several processes queue each record once.
 */
export async function sweepHubSpotSlaClocks(
  db: Db,
  now: Date,
  options: SlaSweepOptions = {},
): Promise<{ readonly due: number; readonly rechecked: number; readonly queued: number }> {
  const { pageSize, atRiskEveryMs, recheckRunning } = { ...DEFAULT_SLA_SWEEP, ...options };
  const window = Math.floor(now.getTime() / atRiskEveryMs);
  const totals = { due: 0, rechecked: 0, queued: 0 };
  const passes = [
    [now, (clock: OpenSlaClock) => `sla-due:${clock.dueAt}`],
    [undefined, () => `sla-window:${window}`],
  ] as const;
  for (const [dueBy, reason] of recheckRunning ? passes : passes.slice(0, 1)) {
    let after: OpenSlaClock | undefined;
    do {
      const page = await findOpenSlaClocks(db, {
        crm: 'hubspot',
        objectType: CONTACTS,
        stateProperty: 'baton_sla_state',
        dueAtProperty: 'baton_sla_due_at',
        openStates: RUNNING,
        limit: pageSize,
        ...(dueBy ? { dueBy } : {}),
        ...(after ? { after } : {}),
      });
      totals[dueBy ? 'due' : 'rechecked'] += page.length;
      totals.queued += (
        await enqueue(
          db,
          page.map((clock) =>
            hubSpotWritebackItem(
              { id: clock.tenantId, externalId: clock.externalId },
              clock.recordId,
              reason(clock),
            ),
          ),
          now,
        )
      ).inserted;
      after = page.length === pageSize ? page.at(-1) : undefined;
    } while (after);
  }
  return totals;
}

/** Runs the sweep every `everyMs` until stopped; a failed pass is logged and the next one retries. */
export function scheduleHubSpotSlaSweep(
  db: Db,
  logger: Logger,
  everyMs = 60_000,
  clock: () => Date = () => new Date(),
): () => void {
  // Running clocks are queued once per window; the minute-by-minute passes only look for due ones.
  let recheckedWindow: number | null = null;
  const timer = setInterval(() => {
    const now = clock();
    const window = Math.floor(now.getTime() / DEFAULT_SLA_SWEEP.atRiskEveryMs);
    sweepHubSpotSlaClocks(db, now, { recheckRunning: window !== recheckedWindow }).then(
      (result) => {
        recheckedWindow = window;
        if (result.queued > 0) logger.info(result, 'SLA sweep queued write-backs');
      },
      (error: unknown) => logger.warn({ err: error }, 'SLA sweep failed'),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
