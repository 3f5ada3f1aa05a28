import { IANAZone } from 'luxon';
import { DAY_MS, type Instant, MINUTE_MS } from '../time.ts';

/** A local calendar date as whole days since 1970-01-01; business-hours arithmetic steps in these. */
export type LocalDay = number;

/** Reads a tenant time zone's UTC offsets, remembering the day-boundary samples it has already taken. */
export interface ZoneClock {
  localDayOf(at: Instant): LocalDay;
  /** The instant a local wall-clock time (minutes after local midnight, up to 1440) happens on `day`. */
  resolveWallTime(day: LocalDay, minuteOfDay: number): Instant;
}

export function createZoneClock(timeZone: string): ZoneClock {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) {
    throw new RangeError(`Unknown time zone "${timeZone}"; use an IANA name such as "Europe/Helsinki"`);
  }
  const offsetAt = (at: Instant): number => zone.offset(at);
  const samples = new Map<LocalDay, number>();
  const sampleAt = (day: LocalDay): number => {
    let offset = samples.get(day);
    if (offset === undefined) {
      offset = offsetAt(day * DAY_MS);
      samples.set(day, offset);
    }
    return offset;
  };

  return {
    localDayOf: (at) => Math.floor((at + offsetAt(at) * MINUTE_MS) / DAY_MS),
    resolveWallTime(day, minuteOfDay) {
      const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
      // UTC offsets stay within -12 h…+14 h, so these two samples bracket the whole local day.
      const before = sampleAt(day - 1);
      const after = sampleAt(day + 2);
      if (before === after) return wall - before * MINUTE_MS;
      return resolveAroundTransition(wall, before, after, offsetAt);
    },
  };
}

/**
 * A wall time that repeats (clocks fall back) resolves to its first occurrence. A wall time that
 * does not exist (clocks spring forward) resolves to the instant the clocks jump: the first moment
 * the local clock reads later than it. Both choices keep resolution monotonic, so an opening never
 * lands after the closing of the same day.
 */
function resolveAroundTransition(
  wall: number,
  before: number,
  after: number,
  offsetAt: (at: Instant) => number,
): Instant {
  const withBefore = wall - before * MINUTE_MS;
  const withAfter = wall - after * MINUTE_MS;
  const beforeHappens = offsetAt(withBefore) === before;
  const afterHappens = offsetAt(withAfter) === after;
  if (beforeHappens && afterHappens) return Math.min(withBefore, withAfter);
  if (beforeHappens) return withBefore;
  if (afterHappens) return withAfter;
  let lo = Math.min(withBefore, withAfter);
  let hi = Math.max(withBefore, withAfter);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}
