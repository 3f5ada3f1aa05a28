import { describe, expect, it } from 'vitest';
import { summarizeLead } from '../../../src/core/reports/lead-facts.ts';
import { HOUR_MS } from '../../../src/core/time.ts';
import { daysAfter, hours, ledgerOf, touch } from './report-fixtures.ts';

describe('summarizeLead', () => {
  it('is null for a record with no ledger', () => {
    expect(summarizeLead('a', [], [], daysAfter(1))).toBeNull();
  });

  it('sums time per stage over finished visits, a recycled lead counting both of its MQL visits', () => {
    const facts = summarizeLead(
      'a',
      ledgerOf('a', [
        { stage: 'inquiry', at: hours(0) },
        { stage: 'mql', at: hours(2) },
        { event: 'qualified', at: hours(2), definition: ['mql', 3] },
        { event: 'handed_off', at: hours(2) },
        { event: 'rejected', at: hours(5), reason: 'no_budget' },
        { event: 'recycled', at: hours(5) },
        { stage: 'inquiry', at: hours(5) },
        { stage: 'mql', at: hours(9) },
        { event: 'qualified', at: hours(9), definition: ['mql', 4] },
        { owner: 'rep-1', at: hours(9) },
        { stage: 'sal', at: hours(10) },
      ]),
      [],
      daysAfter(1),
    );
    expect(facts?.stageTime).toEqual({ inquiry: 6 * HOUR_MS, mql: 4 * HOUR_MS });
    expect(facts?.stageFirstEntered).toEqual({ inquiry: hours(0), mql: hours(2), sal: hours(10) });
    expect(facts).toMatchObject({
      firstSeenAt: hours(0),
      stage: 'sal',
      stageEnteredAt: hours(10),
      ownerPerson: 'rep-1',
      definition: 'mql@4',
      eventCounts: { qualified: 2, recycled: 1, rejected: 1, handed_off: 1 },
      firstEvents: { qualified: hours(2) },
      lastEvents: { qualified: hours(9) },
    });
    // The rejection keeps the version the lead was judged by then, not the later one.
    expect(facts?.rejections).toEqual([{ at: hours(5), reasonCode: 'no_budget', definition: 'mql@3' }]);
  });

  it('takes origin and channel from the lead-creation touch and content only from before the win', () => {
    const facts = summarizeLead(
      'a',
      ledgerOf('a', [
        { event: 'created', at: hours(1) },
        { stage: 'inquiry', at: hours(1) },
        { event: 'won', at: hours(10) },
      ]),
      [
        touch('t1', hours(0), 'paid_search', 'marketing', 'whitepaper'),
        touch('t2', hours(1), 'events', 'sales', 'case-study'),
        touch('t3', hours(11), 'email', 'marketing', 'newsletter'),
      ],
      daysAfter(1),
    );
    expect(facts).toMatchObject({
      origin: 'sales',
      channel: 'events',
      contents: ['case-study', 'whitepaper'],
    });
    expect(facts?.credits.first_touch).toEqual({ paid_search: 1 });
    expect(Object.values(facts?.credits.linear ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});
