import { DAY_MS, type Instant } from '../time.ts';
import type { BusinessCalendar } from './sla-policy.ts';
import { createZoneClock, type LocalDay } from './zone-clock.ts';

export interface WorkingWindow {
  readonly open: Instant;
  readonly close: Instant;
}

/**
 * A business calendar prepared for day-by-day stepping. It remembers the zone offsets it has read,
 * so several questions about the same clock should share one schedule.
 */
export interface WorkingSchedule {
  readonly timeZone: string;
  localDayOf(at: Instant): LocalDay;
  /** The day's working hours, or null on a weekend, a holiday, or a day whose hours a DST jump removed. */
  windowOn(day: LocalDay): WorkingWindow | null;
}

export function compileWorkingSchedule(calendar: BusinessCalendar): WorkingSchedule {
  const opensAt = parseWallTime(calendar.dayStart, 'dayStart');
  const closesAt = parseWallTime(calendar.dayEnd, 'dayEnd');
  if (opensAt >= closesAt) {
    throw new RangeError(
      `Business calendar opens at ${calendar.dayStart} but closes at ${calendar.dayEnd}; ` +
        'dayStart must be before dayEnd (working days that span midnight are not supported)',
    );
  }
  const workingDays = new Set(calendar.workingDays);
  const holidays = new Set(calendar.holidays.map(parseHoliday));
  const clock = createZoneClock(calendar.timeZone);

  return {
    timeZone: calendar.timeZone,
    localDayOf: clock.localDayOf,
    windowOn(day) {
      if (!workingDays.has(isoWeekdayOf(day)) || holidays.has(day)) return null;
      const open = clock.resolveWallTime(day, opensAt);
      const close = clock.resolveWallTime(day, closesAt);
      return close > open ? { open, close } : null;
    },
  };
}

/** 1970-01-01 (day 0) was a Thursday, ISO weekday 4. */
function isoWeekdayOf(day: LocalDay): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function parseWallTime(value: string, field: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    throw new RangeError(`Business calendar ${field} "${value}" is not a 24-hour HH:MM time`);
  }
  return hours * 60 + minutes;
}

function parseHoliday(value: string): LocalDay {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; only a date that survives the round trip is real.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new RangeError(`Business calendar holiday "${value}" is not a YYYY-MM-DD date`);
  }
  return ms / DAY_MS;
}
