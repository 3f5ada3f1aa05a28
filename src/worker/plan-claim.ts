import type { ClaimBudget, DueGroup } from '../store/inbox-claim.ts';

export interface ClaimPlanOptions {
  readonly now: Date;
  /** Records one claim may take per tenant and kind. */
  readonly maxRecords: number;
  /** How long a record of this kind may wait for its call to fill before it goes in a partly filled one. */
  readonly maxWaitMs: (kind: string) => number;
  /** Records one CRM call carries for this kind of work; undefined claims it as soon as it is due. */
  readonly recordsPerCall: (kind: string) => number | undefined;
}

export interface ClaimPlan {
  readonly budgets: readonly ClaimBudget[];
  /** When a group left waiting reaches its deadline; null when nothing waits. */
  readonly wakeInMs: number | null;
}

/**
 * Decides what the worker claims now. Work that costs CRM calls is claimed in whole calls (100
 * records for HubSpot) while it can still wait, so a record costs one slot of a batch read and
 * one of a batch write instead of a call of its own; once its oldest item has waited `maxWaitMs`
 * it goes anyway, so a trickle of changes never waits much longer than that. Other work goes at
 * once.
 */
export function planClaim(groups: readonly DueGroup[], options: ClaimPlanOptions): ClaimPlan {
  const budgets: ClaimBudget[] = [];
  let wakeInMs: number | null = null;
  for (const group of groups) {
    const perCall = options.recordsPerCall(group.kind);
    const callSize = perCall === undefined ? undefined : Math.min(perCall, options.maxRecords);
    const available = Math.min(group.records, options.maxRecords);
    const waitLeft = group.oldestDueAt.getTime() + options.maxWaitMs(group.kind) - options.now.getTime();
    const fullCalls = callSize === undefined ? available : Math.floor(available / callSize) * callSize;
    // Oldest records rank first, so full calls take the overdue ones; a partly filled call goes
    // only when no full one can be made.
    const records = fullCalls === 0 && waitLeft <= 0 ? available : fullCalls;
    if (records > 0) {
      budgets.push({ tenantId: group.tenantId, kind: group.kind, records });
    } else {
      wakeInMs = Math.min(wakeInMs ?? waitLeft, waitLeft);
    }
  }
  return { budgets, wakeInMs };
}
