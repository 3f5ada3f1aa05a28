import type { ApiAllocation } from './bulk-query-api.ts';

/**
 * The share of the org's daily API allocation a backfill leaves alone: the org's own
 * integrations and Baton's sync need it more than an import that can continue tomorrow. The
 * same 10% the sync keeps free (`allocationShare` 0.9 in the leads API).
 */
export const DEFAULT_ALLOCATION_RESERVE = 0.1;

export interface AllocationShortfall extends ApiAllocation {
  /** The requests the backfill leaves to the org. */
  readonly reserve: number;
}

/** The allocation as it stands when it is below the reserve; null while the backfill may go on. */
export function allocationShortfall(
  allocation: ApiAllocation,
  reserveShare: number = DEFAULT_ALLOCATION_RESERVE,
): AllocationShortfall | null {
  const reserve = Math.ceil(allocation.max * reserveShare);
  return allocation.remaining < reserve ? { ...allocation, reserve } : null;
}

export function describeShortfall(shortfall: AllocationShortfall): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `the org has ${n(Math.max(0, shortfall.remaining))} of its ${n(shortfall.max)} daily API requests left, ` +
    `fewer than the ${n(shortfall.reserve)} the backfill leaves to the org`
  );
}
