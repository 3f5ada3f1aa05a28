import type { Instant } from '../time.ts';
import type { ConversionMilestones, KeyTouchRole, Touch } from './touch.ts';

export type KeyTouches = Partial<Record<KeyTouchRole, Touch>>;

/** The milestone each non-first role is anchored to, in journey order. */
export const ROLE_MILESTONES: readonly (readonly [
  Exclude<KeyTouchRole, 'first'>,
  keyof ConversionMilestones,
])[] = [
  ['lead_creation', 'leadCreatedAt'],
  ['pre_mql', 'mqlAt'],
  ['opportunity_creation', 'opportunityCreatedAt'],
  ['closed_won', 'closedWonAt'],
];

export interface PreparedTouches {
  /** Unique by id, chronological (ties by id), none after closed-won. */
  readonly touches: readonly Touch[];
  readonly duplicatesDropped: number;
  readonly ignoredAfterClosedWon: number;
}

/**
 * Dedupes by id (the first occurrence in input order wins), sorts by time, and drops touches after
 * closed-won: once the deal is won, later touches cannot have influenced it.
 */
export function prepareTouches(touches: readonly Touch[], milestones: ConversionMilestones): PreparedTouches {
  const unique = new Map<string, Touch>();
  for (const touch of touches) if (!unique.has(touch.id)) unique.set(touch.id, touch);
  const closedWonAt = milestones.closedWonAt;
  const kept = [...unique.values()].filter((t) => closedWonAt === undefined || t.occurredAt <= closedWonAt);
  kept.sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    touches: kept,
    duplicatesDropped: touches.length - unique.size,
    ignoredAfterClosedWon: unique.size - kept.length,
  };
}

/** Index of the last touch at or before `at` in a chronological list, or -1. */
export function lastIndexAtOrBefore(sorted: readonly Touch[], at: Instant): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.occurredAt ?? Number.POSITIVE_INFINITY) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Key touches of an already prepared (unique, chronological) list. */
export function findKeyTouches(sorted: readonly Touch[], milestones: ConversionMilestones): KeyTouches {
  const keys: KeyTouches = {};
  const first = sorted[0];
  if (first === undefined) return keys;
  keys.first = first;
  for (const [role, milestone] of ROLE_MILESTONES) {
    const at = milestones[milestone];
    if (at === undefined) continue;
    const touch = sorted[lastIndexAtOrBefore(sorted, at)];
    if (touch !== undefined) keys[role] = touch;
  }
  return keys;
}

/**
 * First touch = earliest; every other role = the last touch at or before its milestone. A role is absent
 * when its milestone is missing or no touch precedes it. Input may be unsorted and hold duplicate ids.
 */
export function identifyKeyTouches(touches: readonly Touch[], milestones: ConversionMilestones): KeyTouches {
  return findKeyTouches(prepareTouches(touches, milestones).touches, milestones);
}

/** The key roles each touch holds, in journey order. */
export function rolesByTouch(keys: KeyTouches): ReadonlyMap<string, readonly KeyTouchRole[]> {
  const roles = new Map<string, KeyTouchRole[]>();
  for (const [role, touch] of Object.entries(keys) as [KeyTouchRole, Touch][]) {
    const held = roles.get(touch.id);
    if (held === undefined) roles.set(touch.id, [role]);
    else held.push(role);
  }
  return roles;
}
