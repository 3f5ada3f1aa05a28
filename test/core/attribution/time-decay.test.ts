import { describe, expect, it } from 'vitest';
import { attribute } from '../../../src/core/attribution/models.ts';
import { DEFAULT_HALF_LIFE_MS } from '../../../src/core/attribution/time-decay-credit.ts';
import { ConfigurationInvalidError } from '../../../src/core/validation.ts';
import { DAY, day, expectWeights, touch, weightsOf } from './attribution-fixtures.ts';

describe('time decay', () => {
  it('defaults to a 7-day half-life', () => {
    expect(DEFAULT_HALF_LIFE_MS).toBe(7 * DAY);
  });

  it.each([
    // Touches 0..3 half-lives before now weigh 8 : 4 : 2 : 1 (of 15).
    ['1-day half-life', DAY, [3, 2, 1, 0], 3],
    ['2-day half-life', 2 * DAY, [6, 4, 2, 0], 6],
    ['12-hour half-life', DAY / 2, [1.5, 1, 0.5, 0], 1.5],
  ] as const)('halves weight per half-life (%s)', (_, halfLifeMs, days, nowDay) => {
    const touches = days.map((d, i) => touch(`t${i}`, d));
    const result = attribute(touches, {}, 'time_decay', { now: day(nowDay), halfLifeMs });
    expectWeights(result, { t0: 8 / 15, t1: 4 / 15, t2: 2 / 15, t3: 1 / 15 }, 0);
    const w = weightsOf(result);
    expect((w.t1 ?? 0) / (w.t2 ?? 1)).toBeCloseTo(2, 12);
  });

  it.each([
    ['closed-won over opportunity and now', { opportunityCreatedAt: day(7), closedWonAt: day(14) }, day(30)],
    ['opportunity creation over now', { opportunityCreatedAt: day(14) }, day(30)],
    ['now when nothing converted', {}, day(14)],
  ])('measures back from %s', (_, milestones, now) => {
    // a, b, c at days 0, 7, 14; the chosen point is day 14, so the weights are 1 : 2 : 4.
    const touches = [touch('a', 0), touch('b', 7), touch('c', 14)];
    expectWeights(attribute(touches, milestones, 'time_decay', { now }), { a: 1 / 7, b: 2 / 7, c: 4 / 7 }, 0);
  });

  it('gives 0 to touches after the opportunity it measures from', () => {
    const touches = [touch('a', 0), touch('b', 7), touch('after', 8)];
    const result = attribute(touches, { opportunityCreatedAt: day(7) }, 'time_decay');
    expectWeights(result, { a: 1 / 3, b: 2 / 3, after: 0 }, 0);
    expect(result.explanation).toContain('1 touch(es) after the conversion point get 0');
  });

  it.each([
    ['no conversion point and no now', {}, {}],
    ['every touch after the opportunity', { opportunityCreatedAt: day(-30) }, {}],
  ])('falls back to the latest touch with %s', (_, milestones, options) => {
    const result = attribute([touch('a', 0), touch('b', 7)], milestones, 'time_decay', options);
    expectWeights(result, { a: 1 / 3, b: 2 / 3 }, 0);
    expect(result.explanation).toContain('the latest touch');
  });

  it('stays finite for journeys thousands of half-lives long', () => {
    const result = attribute([touch('ancient', -365_000), touch('recent', 0)], {}, 'time_decay', {
      now: day(0),
    });
    expectWeights(result, { ancient: 0, recent: 1 }, 0);
  });

  it.each([0, -DAY, Number.NaN, Number.POSITIVE_INFINITY])('rejects half-life %s', (halfLifeMs) => {
    expect(() => attribute([touch('a', 0)], {}, 'time_decay', { halfLifeMs })).toThrow(
      ConfigurationInvalidError,
    );
  });
});
