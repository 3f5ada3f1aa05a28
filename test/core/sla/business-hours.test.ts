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

type AddCase = readonly [string, BusinessCalendar, string, number, string];

describe('addWorkingMinutes', () => {
  it.each<AddCase>([
    ['inside hours', helsinkiOffice, '2026-03-02T10:00+02:00', 120, '2026-03-02T12:00+02:00'],
    ['before opening', helsinkiOffice, '2026-03-02T07:00+02:00', 60, '2026-03-02T10:00+02:00'],
    ['after closing', helsinkiOffice, '2026-03-02T18:00+02:00', 60, '2026-03-03T10:00+02:00'],
    ['exactly at closing', helsinkiOffice, '2026-03-02T17:00+02:00', 1, '2026-03-03T09:01+02:00'],
    [
      'running out exactly at closing',
      helsinkiOffice,
      '2026-03-02T09:00+02:00',
      480,
      '2026-03-02T17:00+02:00',
    ],
    ['Friday evening to Monday', helsinkiOffice, '2026-03-06T16:30+02:00', 60, '2026-03-09T09:30+02:00'],
    ['on a weekend', helsinkiOffice, '2026-03-07T12:00+02:00', 30, '2026-03-09T09:30+02:00'],
    ['on a holiday before a weekend', helsinkiOffice, '2026-12-24T10:00+02:00', 60, '2026-12-28T10:00+02:00'],
    ['zero minutes inside hours', helsinkiOffice, '2026-03-02T11:15+02:00', 0, '2026-03-02T11:15+02:00'],
    ['zero minutes on a weekend', helsinkiOffice, '2026-03-07T11:15+02:00', 0, '2026-03-09T09:00+02:00'],
    ['fractional minutes', helsinkiOffice, '2026-03-02T09:00+02:00', 1.5, '2026-03-02T09:01:30+02:00'],
    ['48 h business target', helsinkiOffice, '2026-03-02T09:00+02:00', 48 * 60, '2026-03-09T17:00+02:00'],
    [
      'Sun–Thu week, Thursday to Sunday',
      riyadhOffice,
      '2026-03-05T16:00+03:00',
      120,
      '2026-03-08T10:00+03:00',
    ],
    ['Sun–Thu week, Friday start', riyadhOffice, '2026-03-06T10:00+03:00', 30, '2026-03-08T09:30+03:00'],
  ])('%s', (_name, calendar, start, minutes, due) => {
    expect(utc(addWorkingMinutes(at(start), minutes, calendar))).toBe(utc(at(due)));
  });

  it.each<AddCase>([
    [
      'Helsinki spring-forward weekend',
      helsinkiOffice,
      '2026-03-27T16:00+02:00',
      120,
      '2026-03-30T10:00+03:00',
    ],
    ['Helsinki fall-back weekend', helsinkiOffice, '2026-10-23T16:00+03:00', 120, '2026-10-26T10:00+02:00'],
    [
      'New York spring-forward weekend',
      newYorkOffice,
      '2026-03-06T16:00-05:00',
      120,
      '2026-03-09T10:00-04:00',
    ],
    ['New York fall-back weekend', newYorkOffice, '2026-10-30T16:00-04:00', 120, '2026-11-02T10:00-05:00'],
    [
      'New York working Sunday of spring-forward',
      { ...newYorkOffice, workingDays: [6, 7] },
      '2026-03-07T16:00-05:00',
      120,
      '2026-03-08T10:00-04:00',
    ],
    // 03:30 never happens on 2026-03-29: the office opens when the clocks jump to 04:00.
    [
      'Helsinki opening in the skipped hour',
      helsinkiNightShift,
      '2026-03-28T20:00+02:00',
      0,
      '2026-03-29T04:00+03:00',
    ],
    [
      'Helsinki work after a skipped opening',
      helsinkiNightShift,
      '2026-03-28T20:00+02:00',
      30,
      '2026-03-29T04:30+03:00',
    ],
    // 03:30 happens twice on 2026-10-25: the office opens at the first one.
    [
      'Helsinki opening in the repeated hour',
      helsinkiNightShift,
      '2026-10-24T20:00+03:00',
      0,
      '2026-10-25T03:30+03:00',
    ],
    [
      'Helsinki work through the repeated hour',
      helsinkiNightShift,
      '2026-10-24T20:00+03:00',
      90,
      '2026-10-25T04:00+02:00',
    ],
    [
      'New York opening in the skipped hour',
      newYorkEarlyShift('02:30'),
      '2026-03-07T12:00-05:00',
      0,
      '2026-03-08T03:00-04:00',
    ],
    [
      'New York opening in the repeated hour',
      newYorkEarlyShift('01:30'),
      '2026-10-31T12:00-04:00',
      45,
      '2026-11-01T01:15-05:00',
    ],
  ])('%s', (_name, calendar, start, minutes, due) => {
    expect(utc(addWorkingMinutes(at(start), minutes, calendar))).toBe(utc(at(due)));
  });

  it('skips a day whose working hours fall entirely inside the skipped hour', () => {
    const calendar = { ...helsinkiNightShift, dayStart: '03:15', dayEnd: '03:45' };
    const due = addWorkingMinutes(at('2026-03-28T12:00+02:00'), 10, calendar);
    expect(utc(due)).toBe(utc(at('2026-03-30T03:25+03:00')));
  });

  it('reaches a ten-week target by stepping whole days', () => {
    const started = performance.now();
    let due = 0;
    for (let i = 0; i < 200; i++)
      due = addWorkingMinutes(at('2026-03-02T09:00+02:00'), 50 * 480, helsinkiOffice);
    expect(utc(due)).toBe(utc(at('2026-05-08T17:00+03:00')));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('waits out a year of holidays without giving up', () => {
    const everyDay2026 = Array.from({ length: 365 }, (_, i) => utc(at('2026-01-01T00:00Z') + i * 86_400_000));
    const calendar = { ...helsinkiOffice, holidays: everyDay2026.map((iso) => iso.slice(0, 10)) };
    expect(utc(addWorkingMinutes(at('2026-01-01T00:00+02:00'), 60, calendar))).toBe(
      utc(at('2027-01-01T10:00+02:00')),
    );
  });

  it.each<readonly [string, BusinessCalendar, number, RegExp]>([
    ['no working days', { ...helsinkiOffice, workingDays: [] }, 60, /no working hours for 5 years/],
    ['opening after closing', { ...helsinkiOffice, dayStart: '18:00' }, 60, /dayStart must be before dayEnd/],
    [
      'opening equal to closing',
      { ...helsinkiOffice, dayEnd: '09:00' },
      60,
      /dayStart must be before dayEnd/,
    ],
    ['malformed opening', { ...helsinkiOffice, dayStart: '9:00' }, 60, /dayStart "9:00"/],
    ['closing past midnight', { ...helsinkiOffice, dayEnd: '24:30' }, 60, /dayEnd "24:30"/],
    ['impossible holiday', { ...helsinkiOffice, holidays: ['2026-02-30'] }, 60, /holiday "2026-02-30"/],
    ['unknown time zone', { ...helsinkiOffice, timeZone: 'Mars/Olympus' }, 60, /Unknown time zone/],
    ['negative minutes', helsinkiOffice, -1, /finite number ≥ 0/],
    ['infinite minutes', helsinkiOffice, Number.POSITIVE_INFINITY, /finite number ≥ 0/],
  ])('rejects %s with a RangeError', (_name, calendar, minutes, message) => {
    expect(() => addWorkingMinutes(at('2026-03-02T09:00+02:00'), minutes, calendar)).toThrow(RangeError);
    expect(() => addWorkingMinutes(at('2026-03-02T09:00+02:00'), minutes, calendar)).toThrow(message);
  });

  it('accepts 24:00 as closing at midnight', () => {
    const calendar = { ...helsinkiOffice, dayStart: '20:00', dayEnd: '24:00' };
    expect(utc(addWorkingMinutes(at('2026-03-02T23:00+02:00'), 120, calendar))).toBe(
      utc(at('2026-03-03T21:00+02:00')),
    );
  });
});

describe('workingMinutesBetween', () => {
  it.each<readonly [string, BusinessCalendar, string, string, number]>([
    ['reversed range', helsinkiOffice, '2026-03-02T12:00+02:00', '2026-03-02T10:00+02:00', 0],
    ['empty range', helsinkiOffice, '2026-03-02T12:00+02:00', '2026-03-02T12:00+02:00', 0],
    ['within one day', helsinkiOffice, '2026-03-02T10:00+02:00', '2026-03-02T12:30+02:00', 150],
    ['overnight', helsinkiOffice, '2026-03-02T16:00+02:00', '2026-03-03T10:00+02:00', 120],
    ['over a weekend', helsinkiOffice, '2026-03-06T16:30+02:00', '2026-03-09T09:30+02:00', 60],
    ['over holidays', helsinkiOffice, '2026-12-23T09:00+02:00', '2026-12-29T09:00+02:00', 16 * 60],
    ['entirely outside hours', helsinkiOffice, '2026-03-07T00:00+02:00', '2026-03-08T23:59+02:00', 0],
    ['a full working week', newYorkOffice, '2026-03-02T00:00-05:00', '2026-03-09T00:00-04:00', 40 * 60],
    [
      'Helsinki skipped opening day',
      helsinkiNightShift,
      '2026-03-29T00:00+02:00',
      '2026-03-30T00:00+03:00',
      780,
    ],
    [
      'Helsinki repeated opening day',
      helsinkiNightShift,
      '2026-10-25T00:00+03:00',
      '2026-10-26T00:00+02:00',
      870,
    ],
    [
      'New York skipped opening day',
      newYorkEarlyShift('02:30'),
      '2026-03-08T00:00-05:00',
      '2026-03-09T00:00-04:00',
      420,
    ],
    [
      'New York repeated opening day',
      newYorkEarlyShift('01:30'),
      '2026-11-01T00:00-04:00',
      '2026-11-02T00:00-05:00',
      570,
    ],
    ['Sun–Thu week', riyadhOffice, '2026-03-04T00:00+03:00', '2026-03-09T00:00+03:00', 3 * 480],
  ])('%s', (_name, calendar, from, to, minutes) => {
    expect(workingMinutesBetween(at(from), at(to), calendar)).toBe(minutes);
  });
});

describe('isWorkingTime', () => {
  it.each<readonly [string, BusinessCalendar, string, boolean]>([
    ['at opening', helsinkiOffice, '2026-03-02T09:00+02:00', true],
    ['one millisecond before opening', helsinkiOffice, '2026-03-02T08:59:59.999+02:00', false],
    ['one millisecond before closing', helsinkiOffice, '2026-03-02T16:59:59.999+02:00', true],
    ['at closing', helsinkiOffice, '2026-03-02T17:00+02:00', false],
    ['on a Saturday', helsinkiOffice, '2026-03-07T12:00+02:00', false],
    ['on a holiday', helsinkiOffice, '2026-12-24T12:00+02:00', false],
    ['on Sunday in a Sun–Thu week', riyadhOffice, '2026-03-08T12:00+03:00', true],
    ['on Friday in a Sun–Thu week', riyadhOffice, '2026-03-06T12:00+03:00', false],
    ['as the clocks jump past a skipped opening', helsinkiNightShift, '2026-03-29T04:00+03:00', true],
    ['just before the clocks jump', helsinkiNightShift, '2026-03-29T02:59:59.999+02:00', false],
    ['second pass of a repeated opening hour', helsinkiNightShift, '2026-10-25T03:15+02:00', true],
    ['first pass before a repeated opening', helsinkiNightShift, '2026-10-25T03:15+03:00', false],
  ])('%s', (_name, calendar, instant, working) => {
    expect(isWorkingTime(at(instant), calendar)).toBe(working);
  });
});
