import { describe, expect, it } from 'vitest';
import { rollupCredits } from '../../../src/core/attribution/credit-rollup.ts';
import { attribute } from '../../../src/core/attribution/models.ts';
import { day, FIVE, touch } from './attribution-fixtures.ts';

// Lead 1 (won, 1000): W-shaped a paid_search 0.3, b+c email 0.35, d cold_calls/sales 0.3, e partners 0.05.
const won = attribute(FIVE.touches, FIVE.milestones, 'w_shaped');
// Lead 2 (pipeline worth 500): web first 0.3 + lead creation 0.3 + rest 0.1 redistributed = 0.7; 0.3 pending.
const open = attribute([touch('web', 0, 'email')], { leadCreatedAt: day(0) }, 'w_shaped');

describe('rollupCredits', () => {
  it('sums credit and revenue × weight per channel and origin', () => {
    const rollup = rollupCredits([won, open], [1000, 500]);
    expect(rollup.model).toBe('w_shaped');
    expect(rollup.leads).toBe(2);
    const expectedChannels = {
      paid_search: [0.3, 300],
      email: [0.35 + 0.7, 350 + 350],
      cold_calls: [0.3, 300],
      partners: [0.05, 50],
    };
    expect(Object.keys(rollup.byChannel).sort()).toEqual(Object.keys(expectedChannels).sort());
    for (const [channel, [credit, revenue]] of Object.entries(expectedChannels)) {
      expect(rollup.byChannel[channel]?.credit).toBeCloseTo(credit ?? Number.NaN, 12);
      expect(rollup.byChannel[channel]?.revenue).toBeCloseTo(revenue ?? Number.NaN, 9);
    }
    expect(rollup.byOrigin.marketing.credit).toBeCloseTo(0.65 + 0.7, 12);
    expect(rollup.byOrigin.marketing.revenue).toBeCloseTo(650 + 350, 9);
    expect(rollup.byOrigin.sales).toEqual({
      credit: expect.closeTo(0.3, 12),
      revenue: expect.closeTo(300, 9),
    });
    expect(rollup.byOrigin.partner).toEqual({
      credit: expect.closeTo(0.05, 12),
      revenue: expect.closeTo(50, 9),
    });
    expect(rollup.byOrigin.other).toEqual({ credit: 0, revenue: 0 });
    expect(rollup.pending).toEqual({ credit: expect.closeTo(0.3, 12), revenue: expect.closeTo(150, 9) });
  });

  it('counts credit without revenue when none is given', () => {
    const rollup = rollupCredits([won, won]);
    expect(rollup.byChannel.email).toEqual({ credit: expect.closeTo(0.7, 12), revenue: 0 });
    const total = Object.values(rollup.byOrigin).reduce((sum, t) => sum + t.credit, 0);
    expect(total + rollup.pending.credit).toBeCloseTo(2, 12);
  });

  it('returns an empty rollup for no results', () => {
    expect(rollupCredits([])).toEqual({
      model: null,
      leads: 0,
      byChannel: {},
      byOrigin: {
        marketing: { credit: 0, revenue: 0 },
        sales: { credit: 0, revenue: 0 },
        partner: { credit: 0, revenue: 0 },
        other: { credit: 0, revenue: 0 },
      },
      pending: { credit: 0, revenue: 0 },
    });
  });

  it.each([
    [
      'a revenue list of the wrong length',
      () => rollupCredits([won, open], [1000]),
      /1 entries for 2 results/,
    ],
    ['non-finite revenue', () => rollupCredits([won], [Number.NaN]), /revenueByResult\[0\]/],
    [
      'results from several models',
      () => rollupCredits([won, attribute(FIVE.touches, FIVE.milestones, 'linear')]),
      /several models \(w_shaped, linear\)/,
    ],
  ])('rejects %s', (_, run, message) => {
    expect(run).toThrow(message);
  });
});
