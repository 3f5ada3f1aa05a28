import { describe, expect, it } from 'vitest';
import { buildQuarterReview, quarterOf } from '../../../src/core/reports/quarter-review-report.ts';
import { context, daysAfter, lead } from './report-fixtures.ts';

/** A lead handed to `manager` on day `day`, accepted, with contacts and a business case on the given days. */
const received = (id: string, manager: string, day: number, contacts: number[], businessCase?: number) =>
  lead(id, [
    { owner: manager, at: daysAfter(day) },
    { event: 'handed_off', at: daysAfter(day) },
    { event: 'accepted', at: daysAfter(day) },
    ...contacts.map((d) => ({ event: 'first_contact_attempt' as const, at: daysAfter(day + d) })),
    ...(businessCase === undefined
      ? []
      : [{ event: 'opportunity' as const, at: daysAfter(day + businessCase) }]),
  ]);

describe('quarter review of the worked SLA', () => {
  it("judges sales' side per lead at 56 days and marketing's per manager and quarter at 3 credible leads", () => {
    const report = buildQuarterReview(
      [
        received('met', 'tm-1', 0, [1, 10], 56),
        received('late-case', 'tm-1', 1, [1, 10], 57),
        received('one-contact', 'tm-1', 2, [1], 20),
        received('open', 'tm-2', 80, [1]),
        lead('rejected', [
          { owner: 'tm-2', at: daysAfter(81) },
          { event: 'handed_off', at: daysAfter(81) },
          { event: 'rejected', at: daysAfter(82) },
        ]),
      ],
      context(),
    );
    expect(report.leads.map((l) => [l.recordId, l.quarter, l.contactsInWindow, l.state])).toEqual([
      ['met', '2026-Q1', 2, 'met'],
      ['late-case', '2026-Q1', 2, 'breached'],
      ['one-contact', '2026-Q1', 1, 'breached'],
      ['open', '2026-Q2', 1, 'pending'],
      ['rejected', '2026-Q2', 0, 'pending'],
    ]);
    expect(report.managers).toEqual([
      {
        quarter: '2026-Q1',
        manager: 'tm-1',
        received: 3,
        credible: 3,
        marketingMet: true,
        salesMet: 1,
        salesBreached: 2,
        salesPending: 0,
      },
      {
        quarter: '2026-Q2',
        manager: 'tm-2',
        received: 2,
        credible: 1,
        marketingMet: false,
        salesMet: 0,
        salesBreached: 0,
        salesPending: 2,
      },
    ]);
  });

  it('takes the tenant’s own commitment and quarters in its time zone', () => {
    const report = buildQuarterReview(
      [received('a', 'tm-1', 0, [1, 2], 3)],
      context({ workedSla: { creditableLeads: 1, windowDays: 2, businessCaseEvent: 'opportunity' } }),
    );
    expect(report.leads[0]?.state).toBe('breached');
    expect(report.managers[0]?.marketingMet).toBe(true);
    expect([
      quarterOf(Date.parse('2026-03-31T23:30:00Z'), 'UTC'),
      quarterOf(Date.parse('2026-03-31T23:30:00Z'), 'Europe/Helsinki'),
    ]).toEqual(['2026-Q1', '2026-Q2']);
  });
});
