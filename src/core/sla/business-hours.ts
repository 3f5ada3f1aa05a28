import { type Instant, MINUTE_MS } from '../time.ts';
import type { BusinessCalendar } from './sla-policy.ts';
import { compileWorkingSchedule, type WorkingSchedule } from './working-schedule.ts';

/** A calendar whose holidays swallow every working day for this long is treated as misconfigured. */
const SEARCH_LIMIT_DAYS = 5 * 366;

/**
 * The instant when `minutes` of working time have elapsed after `start`. Counting begins at the
 * next opening when `start` is outside working hours; a target that runs out exactly at closing
 * time is due at closing, not at the next opening.
 */
export function addWorkingMinutes(start: Instant, minutes: number, calendar: BusinessCalendar): Instant {
  return addScheduledMinutes(start, minutes, compileWorkingSchedule(calendar));
}

/** Working minutes inside [from, to); 0 when `to` is not after `from`. */
export function workingMinutesBetween(from: Instant, to: Instant, calendar: BusinessCalendar): number {
  return scheduledMinutesBetween(from, to, compileWorkingSchedule(calendar));
}

/** Whether `at` falls inside working hours (opening inclusive, closing exclusive). */
export function isWorkingTime(at: Instant, calendar: BusinessCalendar): boolean {
  const schedule = compileWorkingSchedule(calendar);
  const day = schedule.localDayOf(at);
  return [day - 1, day].some((d) => {
    const window = schedule.windowOn(d);
    return window !== null && window.open <= at && at < window.close;
  });
}

/** `addWorkingMinutes` on a compiled schedule, for callers asking several questions of one calendar. */
export function addScheduledMinutes(start: Instant, minutes: number, schedule: WorkingSchedule): Instant {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Working minutes must be a finite number ≥ 0, got ${minutes}`);
  }
  let remaining = Math.round(minutes * MINUTE_MS);
  // Start a day early: around a DST change a window can belong to the previous local date.
  let day = schedule.localDayOf(start) - 1;
  let lastWorkingDay = day;
  for (;;) {
    const window = schedule.windowOn(day);
    if (window && window.close > start) {
      const from = Math.max(start, window.open);
      const available = window.close - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
      lastWorkingDay = day;
    }
    day++;
    if (day - lastWorkingDay > SEARCH_LIMIT_DAYS) {
      throw new RangeError(
        `Business calendar in ${schedule.timeZone} has no working hours for 5 years after ` +
          `${new Date(start).toISOString()}; check its working days and holidays`,
      );
    }
  }
}

/** `workingMinutesBetween` on a compiled schedule. */
export function scheduledMinutesBetween(from: Instant, to: Instant, schedule: WorkingSchedule): number {
  if (to <= from) return 0;
  const lastDay = schedule.localDayOf(to);
  let total = 0;
  for (let day = schedule.localDayOf(from) - 1; day <= lastDay; day++) {
    const window = schedule.windowOn(day);
    if (!window) continue;
    const overlap = Math.min(window.close, to) - Math.max(window.open, from);
    if (overlap > 0) total += overlap;
  }
  return total / MINUTE_MS;
}
