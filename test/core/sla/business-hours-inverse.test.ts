import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  isWorkingTime,
  workingMinutesBetween,
} from '../../../src/core/sla/business-hours.ts';
import type { BusinessCalendar } from '../../../src/core/sla/sla-policy.ts';
import {
  at,
  helsinkiNightShift,
  helsinkiOffice,
  newYorkEarlyShift,
  newYorkOffice,
  riyadhOffice,
  utc,
} from './sla-fixtures.ts';

/** mulberry32: a tiny deterministic PRNG so every run explores the same cases. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const YEAR_START = at('2026-01-01T00:00Z');
const YEAR_MS = 365 * 86_400_000;

const calendars: readonly (readonly [string, BusinessCalendar])[] = [
  ['Helsinki office', helsinkiOffice],
  ['New York office', newYorkOffice],
  ['Riyadh Sun–Thu', riyadhOffice],
  ['Helsinki night shift', helsinkiNightShift],
  ['New York 02:30 shift', newYorkEarlyShift('02:30')],
  ['New York 01:30 shift', newYorkEarlyShift('01:30')],
];

describe.each(calendars)('business-hours inverse on %s', (_name, calendar) => {
  it('workingMinutesBetween undoes addWorkingMinutes', () => {
    const random = seededRandom(20_260_301);
    for (let i = 0; i < 300; i++) {
      const start = YEAR_START + Math.floor(random() * YEAR_MS);
      const minutes = Math.floor(random() * 20_000);
      const due = addWorkingMinutes(start, minutes, calendar);
      expect(workingMinutesBetween(start, due, calendar), `${utc(start)} + ${minutes}`).toBe(minutes);
      if (minutes > 0) expect(isWorkingTime(due - 1, calendar), `just before ${utc(due)}`).toBe(true);
    }
  });

  it('addWorkingMinutes lands on the end of any working span', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 300; i++) {
      const from = YEAR_START + Math.floor(random() * YEAR_MS);
      const to = from + Math.floor(random() * 30 * 86_400_000);
      const minutes = workingMinutesBetween(from, to, calendar);
      const reached = addWorkingMinutes(from, minutes, calendar);
      expect(workingMinutesBetween(from, reached, calendar)).toBe(minutes);
      if (minutes === 0) {
        // No working time in the span: counting would only begin at the next opening.
        expect(reached === from || reached > to, `${utc(from)} → ${utc(to)}`).toBe(true);
      } else {
        expect(reached, `${utc(from)} → ${utc(to)}`).toBeLessThanOrEqual(to);
        if (isWorkingTime(to, calendar)) expect(utc(reached)).toBe(utc(to));
      }
    }
  });
});
