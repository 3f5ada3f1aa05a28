import { and, eq, inArray } from 'drizzle-orm';
import type { CardSla } from '../core/card/card-view.ts';
import type { FunnelModel } from '../core/funnel/funnel-model.ts';
import { findStage } from '../core/funnel/stage-lookup.ts';
import {
  type BreachRouting,
  type BreachStep,
  breachNotice,
  planBreachActions,
  slaTurnEntries,
  slaTurnKey,
} from '../core/sla/breach-actions.ts';
import type { CrmSync, RecordRef, RunnableBreachStep } from '../pipeline/crm-port.ts';
import { writeAudit } from './audit-log.ts';
import type { Tx } from './database.ts';
import { enqueue, type InboxItem } from './inbox-intake.ts';
import { insertLedgerEntries } from './ledger.ts';
import { slaRoundRobin } from './schema.ts';
import type { Tenant } from './tenants.ts';

/** A record's running clock as its write-back computed it, with who held the lead then. */
export interface ClockTurn {
  readonly recordId: string;
  readonly sla: CardSla;
  readonly stageLabel: string;
  readonly ownerFunction: string | null;
  readonly ownerPerson: string | null;
}

export interface SlaTurnsRecorded {
  readonly turns: number;
  readonly breaches: number;
  readonly steps: number;
}

export const SLA_ACTOR = 'baton:sla';

/**
 * Records in the ledger the turns (at risk, breached) the records' clocks have taken. Each turn
 * has its own dedupe key, so only the transaction that records a breach plans its actions: two
 * write-backs of one record in two processes race on the ledger's unique index, and the loser
 * records nothing and queues nothing. The plan moves the queues' round robins in the same
 * transaction, and each step is queued under a key of its own, so a step is queued once ever.
 */
export async function recordSlaTurns(
  tx: Tx,
  input: {
    readonly tenant: Pick<Tenant, 'id' | 'crm' | 'externalId'>;
    readonly objectType: string;
    readonly turns: readonly ClockTurn[];
    readonly model: FunnelModel;
    readonly routing: BreachRouting;
    readonly sync: Pick<CrmSync, 'recordKey' | 'breachActions'>;
    readonly now: Date;
  },
): Promise<SlaTurnsRecorded> {
  const { tenant, objectType, turns, now } = input;
  const entries = turns.flatMap((t) => slaTurnEntries(t.recordId, t.sla, t));
  const recorded = await insertLedgerEntries(tx, tenant.id, entries);
  const fresh = new Set(recorded.map((r) => `${r.recordId}|${r.dedupeKey}`));
  const breached = turns.filter(
    (t) => t.sla.state === 'breached' && fresh.has(`${t.recordId}|${slaTurnKey(t.sla, 'breached')}`),
  );
  const kind = input.sync.breachActions?.kind;
  const withActions = breached
    .map((turn) => ({ turn, actions: findStage(input.model, turn.sla.stage)?.sla?.breachActions ?? [] }))
    .filter((b) => b.actions.length > 0);
  if (!kind || withActions.length === 0)
    return { turns: recorded.length, breaches: breached.length, steps: 0 };

  const queues = [
    ...new Set(
      withActions.flatMap((b) => b.actions.flatMap((a) => (a.kind === 'reassign' ? [a.queue] : []))),
    ),
  ];
  let positions = await lockPositions(tx, tenant.id, queues);
  const items: InboxItem[] = [];
  for (const { turn, actions } of withActions) {
    const plan = planBreachActions(actions, turn.ownerPerson, input.routing, positions);
    positions = plan.positions;
    const record = { objectType, recordId: turn.recordId };
    const root = slaTurnKey(turn.sla, 'breached');
    for (const [index, step] of plan.steps.entries()) {
      if (step.kind === 'skipped') {
        await auditStep(tx, tenant.id, record, step, { done: false, detail: step.reason }, now);
        continue;
      }
      const key = `${root}:${index}:${step.kind}`;
      const notice = breachNotice({
        recordLabel: `lead ${turn.recordId}`,
        stageLabel: turn.stageLabel,
        sla: turn.sla,
        target: step.kind === 'notify' ? step.target : 'owner',
      });
      items.push({
        crm: tenant.crm,
        externalAccountId: tenant.externalId,
        tenantId: tenant.id,
        dedupeKey: `breach:${tenant.externalId}:${objectType}:${turn.recordId}:${key}`,
        recordKey: input.sync.recordKey(record),
        payload: {
          type: kind,
          key,
          objectType,
          recordId: turn.recordId,
          clock: { stage: turn.sla.stage, startedAt: turn.sla.startedAt },
          step,
          notice,
        },
      });
    }
  }
  await savePositions(tx, tenant.id, positions);
  const { inserted } = await enqueue(tx, items, now);
  return { turns: recorded.length, breaches: breached.length, steps: inserted };
}

/** The queues' positions, each row locked until commit so two breaches never take the same pick. */
async function lockPositions(
  tx: Tx,
  tenantId: string,
  queues: readonly string[],
): Promise<Record<string, number>> {
  if (queues.length === 0) return {};
  await tx
    .insert(slaRoundRobin)
    .values(queues.map((queue) => ({ tenantId, queue, position: 0 })))
    .onConflictDoNothing();
  const rows = await tx
    .select({ queue: slaRoundRobin.queue, position: slaRoundRobin.position })
    .from(slaRoundRobin)
    .where(and(eq(slaRoundRobin.tenantId, tenantId), inArray(slaRoundRobin.queue, [...queues])))
    .orderBy(slaRoundRobin.queue)
    .for('update');
  return Object.fromEntries(rows.map((r) => [r.queue, r.position]));
}

async function savePositions(tx: Tx, tenantId: string, positions: Readonly<Record<string, number>>) {
  for (const [queue, position] of Object.entries(positions)) {
    await tx
      .update(slaRoundRobin)
      .set({ position })
      .where(and(eq(slaRoundRobin.tenantId, tenantId), eq(slaRoundRobin.queue, queue)));
  }
}

/** Every breach step lands in the audit log: done, refused, or skipped and why. */
export async function auditStep(
  tx: Tx,
  tenantId: string,
  record: RecordRef,
  step: BreachStep | RunnableBreachStep,
  outcome: { readonly done: boolean; readonly detail: string },
  now: Date,
): Promise<void> {
  await writeAudit(tx, {
    tenantId,
    actor: SLA_ACTOR,
    action: `sla_breach.${step.kind}`,
    subjectType: 'record',
    subjectKey: `${record.objectType}:${record.recordId}`,
    before: null,
    after: { step, ...outcome },
    at: now,
  });
}
