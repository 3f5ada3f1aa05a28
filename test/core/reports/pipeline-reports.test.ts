import { describe, expect, it } from 'vitest';
import { buildLeadToClose } from '../../../src/core/reports/lead-to-close-report.ts';
import { filterLeads } from '../../../src/core/reports/report-lead.ts';
import { buildSleepingPipeline } from '../../../src/core/reports/sleeping-pipeline-report.ts';
import { context, daysAfter, hours, lead, touch } from './report-fixtures.ts';

describe('sleeping pipeline report', () => {
  const leads = [
    lead(
      'old',
      [
        { stage: 'mql', at: daysAfter(0) },
        { owner: 'rep-1', at: daysAfter(0) },
      ],
      { team: 'east' },
    ),
    lead('older', [{ stage: 'sal', at: daysAfter(-10) }]),
    lead('fresh', [{ stage: 'mql', at: daysAfter(80) }]),
    // In a stage for long, but lost: no longer pipeline.
    lead('lost', [
      { stage: 'sql', at: daysAfter(0) },
      { event: 'lost', at: daysAfter(1) },
    ]),
    // Exactly at the threshold is not yet past it.
    lead('edge', [{ stage: 'mql', at: daysAfter(70) }]),
  ];

  it('lists open leads past their stage threshold, longest asleep first, with drill-down to the records', () => {
    const report = buildSleepingPipeline(
      leads,
      context({ sleeping: { afterDays: 30, byStage: { sal: 200 } } }),
    );
    expect(report.stages.find((s) => s.stage === 'mql')).toEqual({
      stage: 'mql',
      label: 'MQL',
      thresholdDays: 30,
      open: 3,
      sleeping: 1,
    });
    expect(report.stages.find((s) => s.stage === 'sal')).toMatchObject({
      thresholdDays: 200,
      open: 1,
      sleeping: 0,
    });
    expect(report.records).toEqual([
      {
        recordId: 'old',
        stage: 'mql',
        ownerPerson: 'rep-1',
        team: 'east',
        enteredAt: new Date(daysAfter(0)).toISOString(),
        daysInStage: 100,
      },
    ]);
  });

  it('says how many records a capped list left out', () => {
    const report = buildSleepingPipeline(
      leads,
      context({ listLimit: 1, sleeping: { afterDays: 10, byStage: {} } }),
    );
    expect(report.records.map((r) => r.recordId)).toEqual(['older']);
    expect(report.recordsLeftOut).toBe(3);
  });
});

describe('lead-to-close report', () => {
  it('times lead to win from creation, per origin, and breaks lost leads down by reason, stage and month', () => {
    const report = buildLeadToClose(
      [
        lead(
          'w1',
          [
            { event: 'created', at: hours(0) },
            { event: 'won', at: hours(10) },
          ],
          {
            touches: [touch('t', hours(0), 'web', 'marketing')],
          },
        ),
        lead(
          'w2',
          [
            { event: 'created', at: hours(0) },
            { event: 'won', at: hours(30) },
          ],
          {
            touches: [touch('t', hours(0), 'cold_call', 'sales')],
          },
        ),
        lead('l1', [
          { stage: 'sql', at: hours(0) },
          { event: 'lost', at: daysAfter(31), reason: 'competitor' },
        ]),
        lead('open', [{ stage: 'mql', at: hours(0) }]),
      ],
      context(),
    );
    expect(report.leadToClose).toEqual({ count: 2, p50Hours: 10, p95Hours: 30 });
    expect(report.leadToCloseByOrigin.find((r) => r.origin === 'sales')).toEqual({
      origin: 'sales',
      count: 1,
      p50Hours: 30,
      p95Hours: 30,
    });
    expect(report).toMatchObject({
      won: 2,
      lost: 1,
      lostShare: 0.25,
      lostReasons: [{ reasonCode: 'competitor', leads: 1 }],
      lostAtStage: [{ stage: 'sql', leads: 1 }],
      lostByMonth: [{ month: '2026-04', leads: 1 }],
    });
  });
});

describe('report filters', () => {
  const a = lead(
    'a',
    [
      { stage: 'mql', at: hours(0) },
      { event: 'qualified', at: hours(0), definition: ['mql', 2] },
      { owner: 'rep-1', at: hours(0) },
    ],
    {
      team: 'east',
      territory: 'EMEA',
      touches: [touch('t', hours(0), 'web', 'marketing')],
    },
  );
  const b = lead(
    'b',
    [
      { stage: 'sal', at: daysAfter(10) },
      { event: 'qualified', at: daysAfter(10), definition: ['enterprise', 2] },
    ],
    {
      touches: [touch('t', daysAfter(10), 'events', 'sales')],
    },
  );
  const ids = (filter: Parameters<typeof filterLeads>[1]) =>
    filterLeads([a, b], filter).map((l) => l.recordId);

  it('selects the cohort first seen in [from, to) and matches every field exactly', () => {
    expect(ids({ from: hours(0), to: daysAfter(10) })).toEqual(['a']);
    expect(ids({ from: daysAfter(10) })).toEqual(['b']);
    expect(ids({ source: 'events' })).toEqual(['b']);
    expect(ids({ origin: 'marketing' })).toEqual(['a']);
    expect(ids({ owner: 'rep-1' })).toEqual(['a']);
    expect(ids({ team: 'east' })).toEqual(['a']);
    expect(ids({ territory: 'EMEA' })).toEqual(['a']);
    expect(ids({ definition: 'enterprise@2' })).toEqual(['b']);
    expect(ids({ definition: '2' })).toEqual(['a', 'b']);
    expect(ids({ definition: '3' })).toEqual([]);
    expect(ids({})).toEqual(['a', 'b']);
  });
});
