import { describe, expect, it } from 'vitest';
import { nearestRank } from '../../../src/core/reports/report-math.ts';
import { buildWaterfall } from '../../../src/core/reports/waterfall-report.ts';
import { context, hours, lead, touch } from './report-fixtures.ts';

describe('waterfall report', () => {
  it('answers an empty period with zeros and no rates', () => {
    const report = buildWaterfall([], context());
    expect(report.leads).toBe(0);
    expect(report.stages.map((s) => [s.reached, s.conversionFromPrevious, s.timeInStage.p50Hours])).toEqual(
      Array.from({ length: 6 }, () => [0, null, null]),
    );
  });

  it('counts a lead that skipped stages as having passed them, so no conversion exceeds 100%', () => {
    const report = buildWaterfall(
      [
        lead(
          'm',
          [
            { stage: 'inquiry', at: hours(0) },
            { stage: 'mql', at: hours(2) },
          ],
          {
            touches: [touch('t', hours(0), 'web', 'marketing')],
          },
        ),
        // Sales-generated, entering at SAL and jumping straight on to the opportunity.
        lead(
          's',
          [
            { stage: 'sal', at: hours(0) },
            { stage: 'opportunity', at: hours(3) },
          ],
          {
            touches: [touch('t', hours(0), 'cold_call', 'sales')],
            value: 5000,
          },
        ),
        lead('i', [{ stage: 'inquiry', at: hours(0) }]),
      ],
      context(),
    );
    expect(report.stages.map((s) => s.reached)).toEqual([3, 2, 1, 1, 1, 0]);
    expect(report.stages.map((s) => s.entered)).toEqual([2, 1, 1, 0, 1, 0]);
    expect(report.stages.map((s) => s.conversionFromPrevious)).toEqual([null, 0.6667, 0.5, 1, 1, 0]);
    expect(report.stages[1]?.reachedByOrigin).toEqual({ marketing: 1, sales: 1, partner: 0, other: 0 });
    expect(report.stages[4]).toMatchObject({ inStage: 1, valueInStage: 5000, valueReached: 5000 });
    expect(report.stages[2]?.timeInStage).toEqual({ count: 1, p50Hours: 3, p95Hours: 3 });
    expect(report.stages[0]?.owner).toBe('marketing');
  });

  it('takes P50 and P95 by nearest rank: the 10th and 19th of 20 visits', () => {
    const leads = Array.from({ length: 20 }, (_, i) =>
      lead(`r${i}`, [
        { stage: 'inquiry', at: hours(0) },
        { stage: 'mql', at: hours(i + 1) },
      ]),
    );
    expect(buildWaterfall(leads, context()).stages[0]?.timeInStage).toEqual({
      count: 20,
      p50Hours: 10,
      p95Hours: 19,
    });
    expect([
      nearestRank([7], 50),
      nearestRank([7], 95),
      nearestRank([1, 2], 50),
      nearestRank([1, 2], 51),
    ]).toEqual([7, 7, 1, 2]);
    expect(nearestRank([], 50)).toBeNull();
  });
});
