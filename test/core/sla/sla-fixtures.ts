import type { BusinessCalendar } from '../../../src/core/sla/sla-policy.ts';

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export const helsinkiOffice: BusinessCalendar = {
  timeZone: 'Europe/Helsinki',
  workingDays: WEEKDAYS,
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: ['2026-12-24', '2026-12-25'],
};

export const newYorkOffice: BusinessCalendar = {
  ...helsinkiOffice,
  timeZone: 'America/New_York',
  holidays: [],
};

/** Sunday–Thursday week, no DST. */
export const riyadhOffice: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  workingDays: [7, 1, 2, 3, 4],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: [],
};

/** Opens inside the hour Helsinki skips in spring and repeats in autumn (03:00–04:00 local). */
export const helsinkiNightShift: BusinessCalendar = {
  timeZone: 'Europe/Helsinki',
  workingDays: EVERY_DAY,
  dayStart: '03:30',
  dayEnd: '17:00',
  holidays: [],
};

/** Opens inside New York's skipped (02:00–03:00) and repeated (01:00–02:00) hours. */
export const newYorkEarlyShift = (dayStart: string): BusinessCalendar => ({
  timeZone: 'America/New_York',
  workingDays: EVERY_DAY,
  dayStart,
  dayEnd: '10:00',
  holidays: [],
});

/** Parses an ISO string with offset into an instant. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture time ${iso}`);
  return ms;
};

/** Normalises to UTC ISO so failures print readable instants. */
export const utc = (ms: number): string => new Date(ms).toISOString();
