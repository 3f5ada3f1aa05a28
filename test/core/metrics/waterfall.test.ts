import { describe, expect, it } from 'vitest';
import { createPresetModel } from '../../../src/core/funnel/presets.ts';
import { buildWaterfall } from '../../../src/core/metrics/waterfall.ts';

const model = createPresetModel('demand_waterfall');

describe('buildWaterfall', () => {
  it('counts a record at every stage up to its furthest one, so mid-funnel entries never exceed 100%', () => {
    const waterfall = buildWaterfall(
      model,
      [
        { stage: 'inquiry', records: 60 },
        { stage: 'mql', records: 20 },
        { stage: 'sal', records: 10 },
        { stage: 'sql', records: 10 },
      ],
      { handed_off: 40, accepted: 20, rejected: 12 },
      [
        { reasonCode: 'no_budget', records: 5 },
        { reasonCode: 'bad_fit', records: 7 },
      ],
    );
    expect(waterfall.steps.map((s) => [s.stage, s.reached])).toEqual([
      ['inquiry', 100],
      ['mql', 40],
      ['sal', 20],
      ['sql', 10],
      ['opportunity', 0],
      ['customer', 0],
    ]);
    expect(waterfall.steps.map((s) => s.conversionFromPrevious)).toEqual([null, 0.4, 0.5, 0.5, 0, null]);
    expect(waterfall.steps[0]?.owner).toBe('marketing');
    expect(waterfall.steps[2]?.owner).toBe('sales');
    expect(waterfall.handoffs).toEqual({
      handedOff: 40,
      accepted: 20,
      rejected: 12,
      acceptanceRate: 0.5,
      wastageRate: 0.5,
    });
    expect(waterfall.rejectionReasons.map((r) => r.reasonCode)).toEqual(['bad_fit', 'no_budget']);
  });

  it('reports no rates rather than dividing by zero for an empty tenant', () => {
    const waterfall = buildWaterfall(model, [], {}, []);
    expect(waterfall.steps.every((s) => s.reached === 0)).toBe(true);
    expect(waterfall.handoffs).toMatchObject({ acceptanceRate: null, wastageRate: null });
  });
});
