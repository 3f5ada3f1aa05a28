import { describe, expect, it } from 'vitest';
import {
  type BehaviourSignals,
  behaviourSignals,
  compareSelfRating,
} from '../../../src/core/assessment/behaviour-signals.ts';
import {
  nextRoundWindow,
  type RoundResponse,
  summarizeRound,
  trendOf,
} from '../../../src/core/assessment/round-results.ts';
import { DAY_MS, HOUR_MS } from '../../../src/core/time.ts';

const fill = (n: number, value: number) => Array.from({ length: n }, () => value);
const maturity = (
  fn: RoundResponse['function'],
  each: number,
  level: string | null = null,
): RoundResponse => ({
  function: fn,
  level,
  answers: fill(20, each),
});
const trust = (fn: RoundResponse['function'], each: number, level: string | null = null): RoundResponse => ({
  function: fn,
  level,
  answers: fill(7, each),
});

describe('round results', () => {
  it('shows a function only when three or more answered, and never anyone alone', () => {
    const results = summarizeRound('maturity', [
      maturity('sales', 3),
      maturity('sales', 3),
      maturity('sales', 4),
      maturity('marketing', 5),
      maturity('marketing', 5),
    ]);
    expect(results.respondents).toBe(5);
    expect(results.byFunction.sales).toMatchObject({
      shown: true,
      respondents: 3,
      score: 66.67,
      band: 'Aligned',
    });
    expect(results.byFunction.marketing).toEqual({ shown: false, respondents: 'fewer than 3' });
    // The gap would reveal the hidden group's mean: there is none.
    expect(results.gap).toBeNull();
    // Everyone together is a group of five: (60 + 60 + 80 + 100 + 100) / 5.
    expect(results.overall).toMatchObject({ score: 80, band: 'Integrated' });
    expect(JSON.stringify(results)).not.toContain('respondents":[');
  });

  it('gives the sales-minus-marketing gap and the level gap when the groups are shown', () => {
    const results = summarizeRound('c3:trust', [
      trust('sales', 6, 'manager'),
      trust('sales', 6, 'manager'),
      trust('sales', 5, 'rep'),
      trust('marketing', 3, 'manager'),
      trust('marketing', 2, 'rep'),
      trust('marketing', 2, 'rep'),
    ]);
    expect(results.byFunction.sales).toMatchObject({ shown: true, score: 5.67, band: 'high' });
    expect(results.byFunction.marketing).toMatchObject({ shown: true, score: 2.33, band: 'low' });
    expect(results.gap).toBe(3.33);
    // manager: (6 + 6 + 3) / 3 = 5; rep: (5 + 2 + 2) / 3 = 3.
    expect(results.byLevel.manager).toMatchObject({ shown: true, score: 5, band: 'high' });
    expect(results.byLevel.rep).toMatchObject({ shown: true, score: 3, band: 'middle' });
    expect(results.levelGap).toEqual({ highest: 'manager', lowest: 'rep', gap: 2 });
    expect(results.overall).toMatchObject({ score: 4, band: 'middle' });
  });

  it('raises the power-struggle flag only from groups large enough to show', () => {
    const worldview = (fn: 'sales' | 'marketing', self: number) => ({
      function: fn,
      level: null,
      answers:
        fn === 'sales'
          ? { self: fill(7, self), other: fill(7, 2) }
          : { self: fill(6, self), other: fill(5, 2) },
    });
    const both = [1, 2, 3].flatMap(() => [worldview('sales', 6), worldview('marketing', 6)]);
    expect(summarizeRound('c3:worldview', both).flags).toEqual(['power_struggle']);
    const fewMarketers = [
      ...[1, 2, 3].map(() => worldview('sales', 6)),
      worldview('marketing', 6),
      worldview('marketing', 6),
    ];
    expect(summarizeRound('c3:worldview', fewMarketers).flags).toEqual([]);
    // Worldview has no combined score: sections only.
    expect(summarizeRound('c3:worldview', both).byFunction.sales).toMatchObject({
      shown: true,
      sections: { self: { score: 6, band: 'high' }, other: { score: 2, band: 'low' } },
    });
  });

  it('shows nothing of a round with fewer than three answers', () => {
    const results = summarizeRound('maturity', [maturity('sales', 5), maturity('sales', 1)]);
    expect(results.overall).toBeNull();
    expect(results.byFunction.sales).toEqual({ shown: false, respondents: 'fewer than 3' });
    expect(results.gap).toBeNull();
  });

  it("pools a round of ten to the Finnish thesis's mean, 56.6, Defined", () => {
    // Ten sums with the thesis's mean; its individual scores are not in DOMAIN.md.
    const sums = [47, 52, 61, 58, 49, 66, 55, 60, 63, 55];
    const responses = sums.map((sum) => {
      const answers = fill(20, 1);
      let rest = sum - 20;
      for (let i = 0; rest > 0; i++) {
        const add = Math.min(4, rest);
        answers[i] = 1 + add;
        rest -= add;
      }
      return { function: 'sales' as const, level: null, answers };
    });
    expect(summarizeRound('maturity', responses).overall).toMatchObject({ score: 56.6, band: 'Defined' });
  });
});

describe('rounds over time', () => {
  const opened = Date.parse('2026-01-31T09:00:00Z');

  it('is due from 9 months after the last round, and overdue after 12', () => {
    const window = nextRoundWindow(opened, opened);
    // A month without the 31st ends the month: 31 January + 9 months is 31 October, + 1 month 28 February.
    expect(new Date(window.from).toISOString()).toBe('2026-10-31T09:00:00.000Z');
    expect(new Date(window.by).toISOString()).toBe('2027-01-31T09:00:00.000Z');
    expect(window.state).toBe('not_yet');
    expect(nextRoundWindow(opened, window.from).state).toBe('due');
    expect(nextRoundWindow(opened, window.by).state).toBe('due');
    expect(nextRoundWindow(opened, window.by + 1).state).toBe('overdue');
    expect(new Date(nextRoundWindow(Date.parse('2026-05-31T00:00:00Z'), 0).from).toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    );
  });

  it('trends the shown scores oldest first', () => {
    const first = summarizeRound(
      'c3:trust',
      [1, 2, 3].map(() => trust('sales', 3)),
    );
    const second = summarizeRound('c3:trust', [
      ...[1, 2, 3].map(() => trust('sales', 5)),
      trust('marketing', 6),
    ]);
    expect(
      trendOf([
        { id: 'b', name: 'Autumn', openedAt: 2, results: second },
        { id: 'a', name: 'Spring', openedAt: 1, results: first },
      ]),
    ).toEqual([
      { roundId: 'a', name: 'Spring', openedAt: 1, overall: 3, byFunction: { sales: 3 } },
      { roundId: 'b', name: 'Autumn', openedAt: 2, overall: 5.25, byFunction: { sales: 5 } },
    ]);
  });
});

describe('self-rating versus behaviour', () => {
  const to = Date.parse('2026-06-01T00:00:00Z');
  const window = { from: to - 90 * DAY_MS, to };
  const handedOff = (
    hoursAgo: number,
    answer?: { accepted?: number; rejected?: number },
    contacts: number[] = [],
  ) => ({
    firstEvents: {
      handed_off: to - hoursAgo * HOUR_MS,
      ...(answer?.accepted === undefined
        ? {}
        : { accepted: to - hoursAgo * HOUR_MS + answer.accepted * HOUR_MS }),
      ...(answer?.rejected === undefined
        ? {}
        : { rejected: to - hoursAgo * HOUR_MS + answer.rejected * HOUR_MS }),
    },
    contacts: contacts.map((h) => to - hoursAgo * HOUR_MS + h * HOUR_MS),
  });

  it('reads hand-off lag, acceptance, untouched leads and feedback from the window only', () => {
    const signals = behaviourSignals(
      [
        handedOff(100, { accepted: 1 }),
        handedOff(100, { rejected: 3 }),
        handedOff(100, {}, [10]),
        handedOff(100),
        handedOff(24 * 200, { accepted: 1 }), // before the window
      ],
      [
        { createdAt: to - DAY_MS, answeredAt: to },
        { createdAt: to - 2 * DAY_MS, answeredAt: null },
        { createdAt: to + DAY_MS, answeredAt: null }, // after the window
      ],
      window,
    );
    expect(signals).toEqual({
      window,
      handedOff: 4,
      handoffLagMinutesP50: 60,
      acceptanceRate: 0.25,
      // Contacted after 10 h is touched; the fourth waited 100 h with nothing.
      untouchedShare: 0.25,
      feedback: { given: 2, answeredShare: 0.5 },
    });
  });

  const signals = (over: Partial<BehaviourSignals>): BehaviourSignals => ({
    window,
    handedOff: 40,
    handoffLagMinutesP50: 30,
    acceptanceRate: 0.8,
    untouchedShare: 0.05,
    feedback: { given: 10, answeredShare: 0.9 },
    ...over,
  });
  const aligned = summarizeRound(
    'maturity',
    [1, 2, 3].map(() => maturity('sales', 4)),
  );

  it('flags self-ratings that run ahead of behaviour: rated Aligned with two poor signals', () => {
    const poor = signals({ acceptanceRate: 0.3, handoffLagMinutesP50: 72 * 60 });
    expect(compareSelfRating('maturity', aligned, poor)).toEqual({
      ratedFavourably: true,
      poorSignals: [
        'sales accepted 30% of 40 hand-offs',
        'half the hand-offs waited over 72 h for an answer',
      ],
      aheadOfBehaviour: true,
    });
    expect(compareSelfRating('maturity', aligned, signals({ acceptanceRate: 0.3 })).aheadOfBehaviour).toBe(
      false,
    );
    const defined = summarizeRound(
      'maturity',
      [1, 2, 3].map(() => maturity('sales', 2)),
    );
    expect(compareSelfRating('maturity', defined, poor).aheadOfBehaviour).toBe(false);
  });

  it('takes no high worldview self-view for a favourable rating', () => {
    const high = summarizeRound(
      'c3:trust',
      [1, 2, 3].map(() => trust('sales', 6)),
    );
    const poor = signals({ untouchedShare: 0.5, feedback: { given: 4, answeredShare: 0.25 } });
    expect(compareSelfRating('c3:trust', high, poor).aheadOfBehaviour).toBe(true);
    expect(compareSelfRating('c3:worldview', high, poor).ratedFavourably).toBe(false);
  });
});
