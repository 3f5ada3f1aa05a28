import { z } from 'zod';
import { deriveJourney } from '../../core/journey/derive-journey.ts';
import { replayLedger } from '../../core/journey/replay-ledger.ts';
import { InputInvalidError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { BreachStepOutcome, BreachStepToRun, CrmSync } from '../../pipeline/crm-port.ts';
import { loadCardViews } from '../../pipeline/load-card-view.ts';
import type { TenantDefaults } from '../../pipeline/tenant-config.ts';
import { writebackItem } from '../../pipeline/writeback-item.ts';
import { type Db, lockForTransaction, type Tx } from '../../store/database.ts';
import { enqueue, type InboxRow } from '../../store/inbox-intake.ts';
import { refreshLeadFacts } from '../../store/lead-facts.ts';
import { appendLedgerEntries, readLedger } from '../../store/ledger.ts';
import { auditStep, SLA_ACTOR } from '../../store/sla-breaches.ts';
import { getSnapshot } from '../../store/snapshots.ts';

import type { InboxHandler } from '../handler-registry.ts';
import { activeTenantScope, type TenantScope } from '../tenant-scope.ts';

const stepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notify'), target: z.enum(['owner', 'manager']), assignee: z.string().min(1) }),
  z.object({ kind: z.literal('reassign'), queue: z.string().min(1), ownerId: z.string().min(1) }),
  z.object({ kind: z.literal('return_to_marketing') }),
]);

const payloadSchema = z.object({
  key: z.string().min(1),
  objectType: z.string().min(1),
  recordId: z.string().min(1),
  /** The clock that breached: its stage and start. */
  clock: z.object({ stage: z.string().min(1), startedAt: z.number() }),
  step: stepSchema,
  notice: z.object({ subject: z.string(), body: z.string() }),
});

interface Ran {
  readonly scope: TenantScope;
  readonly steps: readonly BreachStepToRun[];
  readonly outcomes: readonly BreachStepOutcome[];
}

interface QueuedStep extends BreachStepToRun {
  readonly clock: { readonly stage: string; readonly startedAt: number };
}

/** The reason a lead returned to marketing by a breach carries in the ledger. */
export const SLA_RETURN_REASON = 'sla_breached';

/**
 * Runs queued breach steps in the CRM (`prepare`, outside any transaction) and records what came
 * of them (`apply`, with the items' completion): an audit entry per step and, for a lead returned
 * to marketing, the recycle in its ledger. A crash between the CRM call and the commit leaves the
 * items to be claimed again with a higher attempt count; the adapter then looks for the step's
 * mark in the CRM before acting, so a task is never created twice.
 */
export function createBreachActionHandler(
  db: Db,
  sync: CrmSync,
  defaults: TenantDefaults,
  logger: Logger,
): InboxHandler<Ran | null> {
  const actions = sync.breachActions;
  if (!actions) throw new Error('the CRM carries out no breach actions');
  return {
    // A breach waits a few hundred milliseconds for others to share its CRM calls: a busy morning's
    // breaches cost one task call per 100, not one per sweep.
    ...(sync.recordsPerCall ? { recordsPerCall: sync.recordsPerCall } : {}),
    async prepare(items, now) {
      const scope = await activeTenantScope(db, items, defaults);
      if (!scope) return null;
      const steps = items.map(stepOf);
      // The lead may have been answered since the breach was recorded (a rep accepting it a
      // second later): a step whose clock no longer stands breached is not carried out.
      const standing = await stillBreached(db, scope, steps, now);
      const outcomes = [
        ...(await actions.run(
          scope.tenant,
          steps.filter((s) => standing.has(s.key)),
          now,
        )),
        ...steps
          .filter((s) => !standing.has(s.key))
          .map((s) => ({ key: s.key, done: false, detail: 'the clock stopped before Baton acted' })),
      ];
      return { scope, steps, outcomes };
    },

    async apply(tx, _items, ran, now) {
      if (!ran) return;
      const { tenant } = ran.scope;
      const outcomeOf = new Map(ran.outcomes.map((o) => [o.key, o]));
      for (const step of ran.steps) {
        const outcome = outcomeOf.get(step.key) ?? {
          key: step.key,
          done: false,
          detail: 'the CRM gave no answer',
        };
        await auditStep(tx, tenant.id, step.record, step.step, outcome, now);
        if (!outcome.done) {
          logger.warn(
            { tenant: tenant.id, record: step.record.recordId, detail: outcome.detail },
            'breach step refused',
          );
          continue;
        }
        if (step.step.kind === 'return_to_marketing') await recordReturn(tx, ran.scope, sync, step, now);
      }
    },
  };
}

function stepOf(item: InboxRow): QueuedStep {
  const parsed = payloadSchema.safeParse(item.payload);
  if (!parsed.success) throw new InputInvalidError(`inbox item ${item.id} is not a valid breach step`);
  const { key, objectType, recordId, clock, step, notice } = parsed.data;
  // A claim counts itself as an attempt: more than one means an earlier claim may have acted.
  return { key, record: { objectType, recordId }, clock, step, notice, retried: item.attempts > 1 };
}

/** The keys of the steps whose record's clock is, as Baton holds the record now, the same clock and still breached. */
async function stillBreached(
  db: Db,
  scope: TenantScope,
  steps: readonly QueuedStep[],
  now: Date,
): Promise<Set<string>> {
  const standing = new Set<string>();
  const byType = new Map<string, QueuedStep[]>();
  for (const step of steps)
    byType.set(step.record.objectType, [...(byType.get(step.record.objectType) ?? []), step]);
  for (const [objectType, ofType] of byType) {
    const views = await loadCardViews(
      db,
      scope.tenant,
      objectType,
      ofType.map((s) => s.record.recordId),
      now,
      { config: scope.config },
    );
    for (const step of ofType) {
      const sla = views.get(step.record.recordId)?.sla;
      if (
        sla?.state === 'breached' &&
        sla.stage === step.clock.stage &&
        sla.startedAt === step.clock.startedAt
      )
        standing.add(step.key);
    }
  }
  return standing;
}

/**
 * The return starts a new cycle in marketing's hands: the ledger records the recycle with its
 * reason, under the record's lock as every journey change is, and the card is written again.
 */
async function recordReturn(
  tx: Tx,
  scope: TenantScope,
  sync: CrmSync,
  step: BreachStepToRun,
  now: Date,
): Promise<void> {
  const { tenant, config } = scope;
  const { objectType, recordId } = step.record;
  await lockForTransaction(tx, `${tenant.id}:${recordId}`);
  const [ledger, snapshot] = await Promise.all([
    readLedger(tx, tenant.id, recordId),
    getSnapshot(tx, tenant.id, objectType, recordId),
  ]);
  const state = replayLedger(
    recordId,
    ledger,
    snapshot ? { recordId, properties: snapshot.properties, observedAt: snapshot.observedAt } : null,
    config.mapping,
  );
  const journeyStep = deriveJourney(
    state,
    {
      kind: 'event',
      event: 'recycled',
      occurredAt: now.getTime(),
      actor: SLA_ACTOR,
      reasonCode: SLA_RETURN_REASON,
    },
    { model: config.model, mapping: config.mapping },
  );
  await appendLedgerEntries(tx, tenant.id, journeyStep.entries);
  await refreshLeadFacts(tx, tenant.id, [recordId], now);
  await enqueue(tx, [writebackItem(sync, tenant, step.record, `breach:${step.key}`)], now);
}
