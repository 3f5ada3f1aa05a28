import { describe, expect, it } from 'vitest';
import { buildMarketerQuestions, fitBandOf } from '../../../src/core/reports/marketer-questions-report.ts';
import { buildSourceReport } from '../../../src/core/reports/source-report.ts';
import { context, hours, lead, touch } from './report-fixtures.ts';

const web = (at: number, content?: string) => touch(`w${at}`, at, 'web', 'marketing', content);
const call = (at: number) => touch(`c${at}`, at, 'cold_call', 'sales');

const leads = [
  lead(
    'm1',
    [
      { event: 'created', at: hours(0) },
      { stage: 'inquiry', at: hours(0) },
      { event: 'qualified', at: hours(1) },
      { event: 'sales_qualified', at: hours(5) },
      { event: 'won', at: hours(9) },
    ],
    {
      touches: [web(hours(0), 'pricing-guide')],
      value: 1000,
      fitScore: 80,
      team: 'east',
    },
  ),
  lead(
    'm2',
    [
      { event: 'created', at: hours(0) },
      { stage: 'inquiry', at: hours(0) },
      { event: 'qualified', at: hours(1) },
    ],
    {
      touches: [web(hours(0))],
      fitScore: 30,
    },
  ),
  lead(
    'm3',
    [
      { event: 'created', at: hours(0) },
      { stage: 'inquiry', at: hours(0) },
      { event: 'lost', at: hours(4) },
    ],
    {
      touches: [web(hours(0))],
    },
  ),
  lead(
    's1',
    [
      { event: 'created', at: hours(0) },
      { stage: 'sal', at: hours(0) },
      { event: 'sales_qualified', at: hours(50) },
      { event: 'won', at: hours(60) },
    ],
    {
      touches: [call(hours(0)), web(hours(1), 'pricing-guide')],
      value: 3000,
      team: 'west',
    },
  ),
];

describe('source report', () => {
  it('compares marketing- with sales-sourced leads, with expected revenue from the open leads', () => {
    const report = buildSourceReport(leads, context());
    const origin = (group: string) =>
      report.performance.find((p) => p.groupBy === 'origin' && p.group === group);
    expect(origin('marketing')).toEqual({
      groupBy: 'origin',
      group: 'marketing',
      leads: 3,
      qualified: 2,
      accepted: 0,
      won: 1,
      closeRate: 0.3333,
      wonValue: 1000,
      averageDealSize: 1000,
      openLeads: 1,
      // 1 open lead × 1/3 close rate × 1 000 average deal.
      expectedRevenue: 333.33,
    });
    expect(origin('sales')).toMatchObject({
      leads: 1,
      won: 1,
      closeRate: 1,
      wonValue: 3000,
      openLeads: 0,
      expectedRevenue: 0,
    });
  });

  it('shows every attribution model side by side, each crediting each lead once', () => {
    const report = buildSourceReport(leads, context());
    const credit = (model: string) =>
      report.attribution.filter((a) => a.model === model).reduce((sum, a) => sum + a.credit, 0);
    expect(credit('first_touch')).toBeCloseTo(4, 4);
    expect(credit('linear')).toBeCloseTo(4, 4);
    expect(
      report.attribution.find((a) => a.model === 'first_touch' && a.channel === 'cold_call'),
    ).toMatchObject({
      credit: 1,
      wonCredit: 1,
      wonValue: 3000,
    });
    expect(report.attribution.find((a) => a.model === 'linear' && a.channel === 'cold_call')?.wonValue).toBe(
      1500,
    );
  });

  it('gives the share of customers who touched each piece of content before ordering', () => {
    expect(buildSourceReport(leads, context())).toMatchObject({
      customers: 2,
      contentBeforeOrder: [{ content: 'pricing-guide', customers: 2, share: 1 }],
    });
  });
});

describe('the five marketer questions', () => {
  const report = buildMarketerQuestions(leads, context());

  it('ranks the most useful sources by close rate', () => {
    expect(report.mostUseful.slice(0, 2).map((p) => [p.groupBy, p.group, p.closeRate])).toEqual([
      ['channel', 'cold_call', 1],
      ['origin', 'sales', 1],
    ]);
  });

  it('shows where leads drop out: the stage they stopped at, lost or asleep there', () => {
    // m3 was lost and m2 has slept 100 days in Inquiry; m1 was won from there.
    expect(report.dropOut.find((s) => s.stage === 'inquiry')).toEqual({
      stage: 'inquiry',
      label: 'Inquiry',
      reached: 4,
      dropped: 2,
      dropRate: 0.5,
    });
  });

  it('compares fast and converting cohorts with the rest, counts included so a small cohort shows as small', () => {
    // Time to SQL: 5 h and 50 h; the median (nearest rank) is 5 h, so only m1 is fast.
    expect(report.fastMoving).toMatchObject({ cohort: 1, rest: 3 });
    expect(report.fastMoving.attributes.find((a) => a.attribute === 'fit_band' && a.value === '75+')).toEqual(
      {
        attribute: 'fit_band',
        value: '75+',
        cohort: 1,
        cohortShare: 1,
        rest: 0,
        restShare: 0,
      },
    );
    expect(report.converting).toMatchObject({ cohort: 2, rest: 2 });
    expect(
      report.converting.attributes.find((a) => a.attribute === 'origin' && a.value === 'marketing'),
    ).toMatchObject({
      cohort: 1,
      cohortShare: 0.5,
      rest: 2,
      restShare: 1,
    });
    expect([fitBandOf(null), fitBandOf(24.9), fitBandOf(25), fitBandOf(75)]).toEqual([
      'unscored',
      '0-24',
      '25-49',
      '75+',
    ]);
  });
});
