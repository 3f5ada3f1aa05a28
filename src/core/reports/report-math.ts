import { createZoneClock, type ZoneClock } from '../sla/zone-clock.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time.ts';

/**
 * The nearest-rank percentile (DOMAIN §7): the smallest value with at least p% of the values at or
 * below it, always one of the values, so two runs over the same leads print the same number.
 */
export function nearestRank(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface DurationStats {
  readonly count: number;
  readonly p50Hours: number | null;
  readonly p95Hours: number | null;
}

const hours = (ms: number | null) => (ms === null ? null : round(ms / HOUR_MS, 2));

export function durationStats(durationsMs: readonly number[]): DurationStats {
  return {
    count: durationsMs.length,
    p50Hours: hours(nearestRank(durationsMs, 50)),
    p95Hours: hours(nearestRank(durationsMs, 95)),
  };
}

export const minutes = (ms: number | null) => (ms === null ? null : round(ms / MINUTE_MS, 1));

/** Counts per key, largest first, ties by key, so tables read the same every run. */
export function countBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string | null,
): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const zoneClocks = new Map<string, ZoneClock>();

/** The year and month (1–12) of an instant in a time zone, by the SLA arithmetic's zone clock. */
export function yearMonthOf(at: number, timeZone: string): { readonly year: string; readonly month: number } {
  let clock = zoneClocks.get(timeZone);
  if (!clock) {
    clock = createZoneClock(timeZone);
    zoneClocks.set(timeZone, clock);
  }
  const local = new Date(clock.localDayOf(at) * DAY_MS);
  return { year: String(local.getUTCFullYear()), month: local.getUTCMonth() + 1 };
}

/** `YYYY-MM` of an instant in the tenant's time zone. */
export function monthOf(at: number, timeZone: string): string {
  const { year, month } = yearMonthOf(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Items grouped by key, in first-seen order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
