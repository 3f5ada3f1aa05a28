import { formatShare, type WeightPlan } from './attribution-result.ts';
import { type KeyTouches, ROLE_MILESTONES } from './key-touches.ts';
import type { ConversionMilestones, KeyTouchRole, Touch } from './touch.ts';

export type PositionalModel = 'u_shaped' | 'w_shaped' | 'full_path';

interface PositionalShape {
  readonly label: string;
  readonly roleShares: readonly (readonly [KeyTouchRole, number])[];
  /** Split evenly across touches that hold none of the weighted roles. */
  readonly rest: number;
}

export const POSITIONAL_SHAPES: Readonly<Record<PositionalModel, PositionalShape>> = {
  u_shaped: {
    label: 'U-shaped (40/40/20)',
    roleShares: [
      ['first', 0.4],
      ['lead_creation', 0.4],
    ],
    rest: 0.2,
  },
  w_shaped: {
    label: 'W-shaped (30/30/30/10)',
    roleShares: [
      ['first', 0.3],
      ['lead_creation', 0.3],
      ['opportunity_creation', 0.3],
    ],
    rest: 0.1,
  },
  full_path: {
    label: 'Full path (22.5 × 4 + 10)',
    roleShares: [
      ['first', 0.225],
      ['lead_creation', 0.225],
      ['opportunity_creation', 0.225],
      ['closed_won', 0.225],
    ],
    rest: 0.1,
  },
};

const ROLE_LABELS: Readonly<Record<KeyTouchRole, string>> = {
  first: 'first touch',
  lead_creation: 'lead creation',
  pre_mql: 'pre-MQL',
  opportunity_creation: 'opportunity creation',
  closed_won: 'closed-won',
};

/**
 * A role's milestone is pending when it is missing and no later milestone is set: the journey simply has
 * not got there. A missing milestone with a later one set (e.g. won without a recorded opportunity) was
 * skipped, not pending.
 */
function isPending(role: KeyTouchRole, milestones: ConversionMilestones): boolean {
  const index = ROLE_MILESTONES.findIndex(([r]) => r === role);
  if (index < 0) return false;
  return ROLE_MILESTONES.slice(index).every(([, milestone]) => milestones[milestone] === undefined);
}

/**
 * Position-based credit. Each weighted role's share goes to its key touch; a touch holding several roles
 * adds their shares. A role whose milestone is pending keeps its share as `pending`. Shares that cannot be
 * placed — a reached milestone with no touch at or before it, or a rest share with no other touches — are
 * redistributed proportionally across the touches already credited, so placed credit keeps its ratios.
 */
export function creditPositions(
  sorted: readonly Touch[],
  keys: KeyTouches,
  milestones: ConversionMilestones,
  model: PositionalModel,
): WeightPlan {
  const shape = POSITIONAL_SHAPES[model];
  const indexOf = new Map(sorted.map((t, i) => [t.id, i]));
  const weights = sorted.map(() => 0);
  const heldRoles = new Map<string, KeyTouchRole[]>();
  const pendingRoles: KeyTouchRole[] = [];
  const notes: string[] = [];
  let pending = 0;
  let unplaced = 0;

  for (const [role, share] of shape.roleShares) {
    const touch = keys[role];
    const index = touch === undefined ? undefined : indexOf.get(touch.id);
    if (touch !== undefined && index !== undefined) {
      weights[index] = (weights[index] ?? 0) + share;
      heldRoles.set(touch.id, [...(heldRoles.get(touch.id) ?? []), role]);
      notes.push(`${ROLE_LABELS[role]} ${touch.id} ${formatShare(share)}`);
    } else if (isPending(role, milestones)) {
      pending += share;
      pendingRoles.push(role);
      notes.push(`${ROLE_LABELS[role]} ${formatShare(share)} pending: milestone not reached yet`);
    } else {
      unplaced += share;
      notes.push(`${ROLE_LABELS[role]} ${formatShare(share)} has no touch at or before its milestone`);
    }
  }
  for (const [touchId, roles] of heldRoles) {
    if (roles.length > 1)
      notes.push(`${touchId} holds ${roles.map((r) => ROLE_LABELS[r]).join(' + ')}: shares add`);
  }

  const restIndexes = sorted.flatMap((t, i) => (heldRoles.has(t.id) ? [] : [i]));
  if (restIndexes.length > 0) {
    const each = shape.rest / restIndexes.length;
    for (const i of restIndexes) weights[i] = each;
    notes.push(`rest ${formatShare(shape.rest)} split evenly across ${restIndexes.length} other touch(es)`);
  } else {
    unplaced += shape.rest;
    notes.push(`no other touches: rest ${formatShare(shape.rest)} unplaced`);
  }

  if (unplaced > 0) {
    const placed = weights.reduce((sum, w) => sum + w, 0);
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) * (1 + unplaced / placed);
    notes.push(`unplaced ${formatShare(unplaced)} redistributed proportionally across credited touches`);
  }

  return { weights, pending, pendingRoles, explanation: `${shape.label}: ${notes.join('; ')}.` };
}
