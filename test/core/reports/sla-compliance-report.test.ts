import { describe, expect, it } from 'vitest';
import { buildSlaCompliance } from '../../../src/core/reports/sla-compliance-report.ts';
import { context, lead, minutesAfter } from './report-fixtures.ts';

const handedOff = (id: string, answeredAfterMinutes: number | null, owner: string, team: string) =>
  lead(
    id,
    [
      { owner, at: minutesAfter(0) },
      { event: 'handed_off', at: minutesAfter(0) },
      ...(answeredAfterMinutes === null
        ? []
        : [{ event: 'accepted' as const, at: minutesAfter(answeredAfterMinutes) }]),
    ],
    { team },
  );

describe('SLA compliance report', () => {
  const leads = [
    handedOff('a', 4.9, 'rep-1', 'east'),
    handedOff('b', 5, 'rep-1', 'east'),
    handedOff('c', 15, 'rep-2', 'west'),
    handedOff('d', 60, 'rep-2', 'west'),
    handedOff('e', null, 'rep-2', 'west'),
  ];

  it('puts each band edge in the band it opens and takes P50/P95 by nearest rank', () => {
    const [all] = buildSlaCompliance(leads, context()).rows;
    expect(all).toEqual({
      handoff: 'acceptance',
      groupBy: 'all',
      group: 'all',
      handoffs: 5,
      responded: 4,
      awaiting: 1,
      p50Minutes: 5,
      p95Minutes: 60,
      bands: { '0-5': 1, '5-15': 1, '15-60': 1, '60+': 1 },
    });
  });

  it('splits per owner and per team, and times first contact from the acceptance', () => {
    const { rows } = buildSlaCompliance(
      [
        ...leads,
        lead('f', [
          { event: 'accepted', at: minutesAfter(0) },
          { event: 'first_contact_attempt', at: minutesAfter(20) },
        ]),
      ],
      context(),
    );
    const row = (handoff: string, groupBy: string, group: string) =>
      rows.find((r) => r.handoff === handoff && r.groupBy === groupBy && r.group === group);
    expect(row('acceptance', 'owner', 'rep-2')).toMatchObject({ handoffs: 3, responded: 2, p50Minutes: 15 });
    expect(row('acceptance', 'team', 'east')).toMatchObject({ handoffs: 2, p95Minutes: 5 });
    expect(row('first_contact', 'all', 'all')).toMatchObject({ handoffs: 6, responded: 1, p50Minutes: 20 });
    expect(row('first_contact', 'owner', 'none')).toMatchObject({ handoffs: 1, responded: 1 });
  });
});
