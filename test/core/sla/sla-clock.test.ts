import { describe, expect, it } from 'vitest';
import {
  ACCEPT_OR_REJECT_SLA,
  FIRST_CONTACT_SLA,
  HIGH_INTENT_FIRST_CONTACT_SLA,
  MIN_CONTACT_ATTEMPTS_BEFORE_RECYCLE,
} from '../../../src/core/sla/default-sla.ts';
import { breachActionsDue, evaluateSlaClock } from '../../../src/core/sla/sla-clock.ts';
import type { StageSla } from '../../../src/core/sla/sla-policy.ts';
import { MINUTE_MS } from '../../../src/core/time.ts';
import { at, helsinkiOffice, utc } from './sla-fixtures.ts';

const HOUR_MIN = 60;
const calendarHour: StageSla = {
  targetMinutes: 60,
  clock: 'calendar',
  atRiskShare: 0.75,
  breachActions: [{ kind: 'notify', target: 'owner' }, { kind: 'return_to_marketing' }],
};
const business48h: StageSla = { ...calendarHour, targetMinutes: 48 * HOUR_MIN, clock: 'business' };
const T0 = at('2026-03-02T10:00+02:00');

describe('evaluateSlaClock on a calendar clock', () => {
  it.each<readonly [string, number, number | null, string, number]>([
    ['just started', 0, null, 'on_track', 0],
    ['one ms before the at-risk threshold', 45 * MINUTE_MS - 1, null, 'on_track', 45 - 1 / MINUTE_MS],
    ['exactly at the at-risk threshold', 45 * MINUTE_MS, null, 'at_risk', 45],
    ['exactly at due, still running', 60 * MINUTE_MS, null, 'at_risk', 60],
    ['one ms past due, still running', 60 * MINUTE_MS + 1, null, 'breached', 60 + 1 / MINUTE_MS],
    ['stopped early', 10 * MINUTE_MS, 10 * MINUTE_MS, 'met', 10],
    ['stopped exactly at due', 60 * MINUTE_MS, 60 * MINUTE_MS, 'met', 60],
    ['stopped one ms after due', 60 * MINUTE_MS + 1, 60 * MINUTE_MS + 1, 'met_late', 60 + 1 / MINUTE_MS],
    ['stopped early, read much later', 90 * MINUTE_MS, 10 * MINUTE_MS, 'met', 10],
    ['read before the clock started', -5 * MINUTE_MS, null, 'on_track', 0],
  ])('%s', (_name, nowOffset, stopOffset, state, elapsed) => {
    const reading = evaluateSlaClock({
      sla: calendarHour,
      calendar: helsinkiOffice,
      startedAt: T0,
      stoppedAt: stopOffset === null ? null : T0 + stopOffset,
      now: T0 + nowOffset,
    });
    expect(reading.state).toBe(state);
    expect(reading.elapsedMinutes).toBeCloseTo(elapsed, 9);
    expect(reading.remainingMinutes).toBeCloseTo(Math.max(0, 60 - elapsed), 9);
    expect(reading.dueAt).toBe(T0 + 60 * MINUTE_MS);
    expect(reading.atRiskAt).toBe(T0 + 45 * MINUTE_MS);
    expect(reading.clock).toBe('calendar');
    expect(reading.targetMinutes).toBe(60);
    const missed = state === 'breached' || state === 'met_late';
    expect(reading.breachedAt).toBe(missed ? reading.dueAt : null);
  });

  it('ignores nights and weekends', () => {
    const reading = evaluateSlaClock({
      sla: { ...calendarHour, targetMinutes: 48 * HOUR_MIN },
      calendar: helsinkiOffice,
      startedAt: at('2026-03-06T17:00+02:00'),
      now: at('2026-03-08T17:00:00.001+02:00'),
    });
    expect(reading.state).toBe('breached');
    expect(reading.reason).toBe('Not answered; the 2 d calendar target ran out 0 min ago');
  });
});

describe('evaluateSlaClock on a business-hours clock', () => {
  // Hand-off Friday 16:00 Helsinki, Mon–Fri 09:00–17:00: one hour counts on Friday, then 8 h a day.
  const handedOff = at('2026-03-06T16:00+02:00');
  const read = (now: string, stopped?: string) =>
    evaluateSlaClock({
      sla: business48h,
      calendar: helsinkiOffice,
      startedAt: handedOff,
      stoppedAt: stopped === undefined ? null : at(stopped),
      now: at(now),
    });

  it('puts due and at-risk instants on business hours', () => {
    const reading = read('2026-03-07T12:00+02:00');
    expect(utc(reading.dueAt)).toBe(utc(at('2026-03-16T16:00+02:00')));
    expect(utc(reading.atRiskAt)).toBe(utc(at('2026-03-13T12:00+02:00')));
  });

  it.each<readonly [string, string, string | undefined, string, number, string]>([
    [
      'over the weekend only Friday counts',
      '2026-03-08T20:00+02:00',
      undefined,
      'on_track',
      60,
      'On track: 1 h of the 48 h business-hours target used, 47 h left',
    ],
    [
      'accepted Monday late morning',
      '2026-03-20T12:00+02:00',
      '2026-03-09T12:10+02:00',
      'met',
      250,
      'Answered after 4 h 10 min, within the 48 h business-hours target',
    ],
    [
      'exactly at the at-risk threshold',
      '2026-03-13T12:00+02:00',
      undefined,
      'at_risk',
      36 * HOUR_MIN,
      'At risk: 75% of the 48 h business-hours target used, 12 h left',
    ],
    [
      'an hour after closing on the due day',
      '2026-03-16T18:00+02:00',
      undefined,
      'breached',
      49 * HOUR_MIN,
      'Not answered; the 48 h business-hours target ran out 2 h ago',
    ],
    [
      'rejected the morning after the due day',
      '2026-03-17T10:00+02:00',
      '2026-03-17T09:30+02:00',
      'met_late',
      49 * HOUR_MIN + 30,
      'Answered 17 h 30 min after the 48 h business-hours target ran out',
    ],
  ])('%s', (_name, now, stopped, state, elapsed, reason) => {
    const reading = read(now, stopped);
    expect(reading.state).toBe(state);
    expect(reading.clock).toBe('business');
    expect(reading.elapsedMinutes).toBe(elapsed);
    expect(reading.remainingMinutes).toBe(Math.max(0, 48 * HOUR_MIN - elapsed));
    expect(reading.reason).toBe(reason);
  });
});

describe('breachActionsDue', () => {
  it.each<readonly [string, number | null, number]>([
    ['on track', null, 10],
    ['breached', null, 61],
    ['met late', 61, 61],
    ['met', 30, 61],
  ])('when %s', (state, stopMinutes, nowMinutes) => {
    const reading = evaluateSlaClock({
      sla: calendarHour,
      calendar: helsinkiOffice,
      startedAt: T0,
      stoppedAt: stopMinutes === null ? null : T0 + stopMinutes * MINUTE_MS,
      now: T0 + nowMinutes * MINUTE_MS,
    });
    expect(reading.state).toBe(state.replace(' ', '_'));
    expect(breachActionsDue(reading, calendarHour)).toEqual(
      reading.state === 'breached' ? calendarHour.breachActions : [],
    );
  });
});

describe('field-practice default SLAs', () => {
  it.each<readonly [string, StageSla, number]>([
    ['accept or reject an MQL', ACCEPT_OR_REJECT_SLA, 48],
    ['first contact', FIRST_CONTACT_SLA, 24],
    ['high-intent first contact', HIGH_INTENT_FIRST_CONTACT_SLA, 4],
  ])('%s is due %d elapsed hours after the clock starts, weekends included', (_name, sla, hours) => {
    const startedAt = at('2026-03-06T17:00+02:00');
    const reading = evaluateSlaClock({ sla, calendar: helsinkiOffice, startedAt, now: startedAt });
    expect(reading.dueAt - startedAt).toBe(hours * 60 * MINUTE_MS);
    expect(reading.state).toBe('on_track');
    expect(sla.breachActions.length).toBeGreaterThan(0);
  });

  it('stops the accept-or-reject clock on a rejection as well as an acceptance', () => {
    expect(ACCEPT_OR_REJECT_SLA.stopsOn).toEqual(expect.arrayContaining(['accepted', 'rejected']));
  });

  it('asks for at least three contact attempts before recycling', () => {
    expect(MIN_CONTACT_ATTEMPTS_BEFORE_RECYCLE).toBe(3);
  });
});
