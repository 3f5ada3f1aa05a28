import type { CardSla } from '../card/card-view.ts';
import type { LedgerEntry, SlaTurn } from '../journey/ledger-entry.ts';
import type { BreachAction } from './sla-policy.ts';

/** Who a tenant's breach actions reach: its reassignment queues and each owner's manager (CRM owner ids). */
export interface BreachRouting {
  /** Reps of each queue, in the order the round robin hands them leads; one member is a plain queue owner. */
  readonly queues: Readonly<Record<string, readonly string[]>>;
  readonly managers: Readonly<Record<string, string>>;
  /** The manager of owners with none of their own (and of unowned leads). */
  readonly defaultManager: string | null;
}

export const NO_BREACH_ROUTING: BreachRouting = { queues: {}, managers: {}, defaultManager: null };

/** A breach action made concrete: who gets the task, who gets the lead. */
export type BreachStep =
  | { readonly kind: 'notify'; readonly target: 'owner' | 'manager'; readonly assignee: string }
  | { readonly kind: 'reassign'; readonly queue: string; readonly ownerId: string }
  | { readonly kind: 'return_to_marketing' }
  /** An action the tenant's routing cannot carry out, kept so the audit log says why nothing happened. */
  | { readonly kind: 'skipped'; readonly action: BreachAction; readonly reason: string };

export interface BreachPlan {
  readonly steps: readonly BreachStep[];
  /** Each queue's round-robin position after the picks this plan made. */
  readonly positions: Readonly<Record<string, number>>;
}

/**
 * Turns the stage's breach actions into steps for one lead held by `owner`. A reassignment takes
 * the queue's next rep, passing over the rep who let the clock run out; a notification after a
 * reassignment reaches the new holder, who now has to act.
 */
export function planBreachActions(
  actions: readonly BreachAction[],
  owner: string | null,
  routing: BreachRouting,
  positions: Readonly<Record<string, number>>,
): BreachPlan {
  const next: Record<string, number> = { ...positions };
  const steps: BreachStep[] = [];
  let holder = owner;
  for (const action of actions) {
    switch (action.kind) {
      case 'notify': {
        const assignee =
          action.target === 'owner'
            ? holder
            : ((holder === null ? undefined : routing.managers[holder]) ?? routing.defaultManager);
        steps.push(
          assignee
            ? { kind: 'notify', target: action.target, assignee }
            : {
                kind: 'skipped',
                action,
                reason:
                  action.target === 'owner'
                    ? 'the lead has no owner to notify'
                    : `no manager is set for ${holder === null ? 'unowned leads' : `owner ${holder}`}`,
              },
        );
        break;
      }
      case 'reassign': {
        const members = routing.queues[action.queue] ?? [];
        if (members.length === 0) {
          steps.push({ kind: 'skipped', action, reason: `queue "${action.queue}" has no members` });
          break;
        }
        let position = next[action.queue] ?? 0;
        let ownerId = members[position % members.length] as string;
        if (ownerId === holder && members.length > 1) {
          position += 1;
          ownerId = members[position % members.length] as string;
        }
        next[action.queue] = position + 1;
        steps.push({ kind: 'reassign', queue: action.queue, ownerId });
        holder = ownerId;
        break;
      }
      case 'return_to_marketing':
        steps.push({ kind: 'return_to_marketing' });
        break;
    }
  }
  return { steps, positions: next };
}

/** The ledger entries for the turns a running clock has taken; each turn's key makes it one entry. */
export function slaTurnEntries(
  recordId: string,
  sla: CardSla,
  owner: { readonly ownerFunction: string | null; readonly ownerPerson: string | null },
): LedgerEntry[] {
  const turns: [SlaTurn, number][] =
    sla.state === 'breached'
      ? [
          ['at_risk', sla.atRiskAt],
          ['breached', sla.dueAt],
        ]
      : sla.state === 'at_risk'
        ? [['at_risk', sla.atRiskAt]]
        : [];
  return turns.map(([turn, occurredAt]) => ({
    kind: 'sla_state_changed',
    recordId,
    occurredAt,
    dedupeKey: slaTurnKey(sla, turn),
    stage: sla.stage,
    slaState: turn,
    ...owner,
  }));
}

/** The identity of one clock's turn: stage, start and turn. Also the root of its breach actions' keys. */
export function slaTurnKey(sla: Pick<CardSla, 'stage' | 'startedAt'>, turn: SlaTurn): string {
  return `sla:${sla.stage}:${sla.startedAt}:${turn}`;
}

/** What the owner's (or manager's) task says: which lead, which stage, what ran out, what to do. */
export function breachNotice(input: {
  readonly recordLabel: string;
  readonly stageLabel: string;
  readonly sla: Pick<CardSla, 'targetLabel' | 'reason'>;
  readonly target: 'owner' | 'manager';
}): { readonly subject: string; readonly body: string } {
  const { recordLabel, stageLabel, sla, target } = input;
  const ask =
    target === 'owner'
      ? 'Accept or reject the lead, or log the contact, now: the lead is waiting on you.'
      : 'The lead you oversee is waiting on its owner; follow up or reassign it.';
  return {
    subject: `SLA breached: ${recordLabel} in ${stageLabel} (${sla.targetLabel})`,
    body: `${sla.reason}. ${ask}`,
  };
}
