import { describe, expect, it } from 'vitest';
import { buildLeadQuality, leadStatusOf } from '../../../src/core/reports/lead-quality-report.ts';
import { context, daysAfter, hours, lead } from './report-fixtures.ts';

const mql = (id: string, ...rest: Parameters<typeof lead>[1]) =>
  lead(id, [
    { stage: 'mql', at: hours(0) },
    { event: 'qualified', at: hours(0), definition: ['mql', 2] },
    ...rest,
  ]);

describe('lead quality report', () => {
  const leads = [
    // Qualified but never handed off: waste too.
    mql('never'),
    mql('accepted', { event: 'handed_off', at: hours(1) }, { event: 'accepted', at: hours(2) }),
    mql('accepted-2', { event: 'handed_off', at: hours(1) }, { event: 'accepted', at: hours(3) }),
    mql(
      'rejected',
      { event: 'handed_off', at: hours(1) },
      { event: 'rejected', at: daysAfter(40), reason: 'bad_fit' },
    ),
    mql('waiting', { event: 'handed_off', at: hours(1) }),
    // Sales-sourced and accepted without marketing qualifying it: no MQL, so not in the ratios.
    lead('sales', [
      { stage: 'sal', at: hours(0) },
      { event: 'accepted', at: hours(0) },
    ]),
  ];

  it('divides wastage and acceptance by every MQL, handed off or not', () => {
    const report = buildLeadQuality(leads, context());
    expect(report).toMatchObject({
      leads: 6,
      qualified: 5,
      handedOff: 4,
      notHandedOff: 1,
      accepted: 2,
      rejected: 1,
      awaitingResponse: 1,
      // (5 − 2) / 5, where dividing by handed-off leads would say (4 − 2) / 4.
      wastageRate: 0.6,
      acceptanceRate: 0.4,
      acceptanceOfHandedOff: 0.5,
    });
  });

  it('groups rejection reasons by month in the tenant zone and by the definition version judged', () => {
    const report = buildLeadQuality(leads, context());
    expect(report.rejectionReasons).toEqual([{ reasonCode: 'bad_fit', rejections: 1 }]);
    expect(report.rejectionsByMonth).toEqual([{ month: '2026-04', reasonCode: 'bad_fit', rejections: 1 }]);
    expect(report.rejectionsByDefinition).toEqual([
      { definition: 'mql@2', reasonCode: 'bad_fit', rejections: 1 },
    ]);
  });

  it('counts recycled leads and each lead status', () => {
    const recycled = mql(
      'recycled',
      { event: 'handed_off', at: hours(1) },
      { event: 'rejected', at: hours(2), reason: 'no_need' },
      { event: 'recycled', at: hours(2) },
      { event: 'handed_off', at: hours(5) },
      { event: 'accepted', at: hours(6) },
    );
    const won = mql('won', { event: 'accepted', at: hours(1) }, { event: 'sales_qualified', at: hours(2) });
    const report = buildLeadQuality([...leads, recycled, won], context());
    expect(report.recycled).toEqual({ leads: 1, share: 0.125, recycles: 1 });
    expect(leadStatusOf(recycled)).toBe('in_progress');
    expect(report.statusCounts).toEqual({ open: 2, in_progress: 4, qualified: 1, unqualified: 1 });
  });

  it('has no rates for a period without leads', () => {
    expect(buildLeadQuality([], context())).toMatchObject({
      qualified: 0,
      wastageRate: null,
      acceptanceRate: null,
    });
  });
});
