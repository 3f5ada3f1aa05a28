import { describe, expect, it } from 'vitest';
import { decodeJourney, encodeJourney } from '../../src/store/lead-facts-codec.ts';
import { hours, lead, touch } from '../core/reports/report-fixtures.ts';

describe('the stored form of a lead journey', () => {
  it('gives back exactly the journey it stored, repeated events, rejections and contacts included', () => {
    const { recordId, firstSeenAt, contents, credits, team, territory, value, fitScore, ...journey } = lead(
      'a',
      [
        { stage: 'inquiry', at: hours(0) },
        { owner: 'rep-1', at: hours(1) },
        { stage: 'mql', at: hours(2) },
        { event: 'qualified', at: hours(2), definition: ['mql', 3] },
        { event: 'rejected', at: hours(3), reason: 'no_budget' },
        { event: 'recycled', at: hours(3) },
        { event: 'qualified', at: hours(5), definition: ['mql', 4] },
        { event: 'first_contact_attempt', at: hours(6) },
        { event: 'first_contact_attempt', at: hours(7) },
        { event: 'lost', at: hours(9), reason: 'competitor' },
      ],
      { touches: [touch('t', hours(0), 'web', 'marketing')] },
    );
    const stored = encodeJourney({ recordId, firstSeenAt, contents, credits, ...journey });
    expect(decodeJourney(JSON.parse(JSON.stringify(stored)), firstSeenAt)).toEqual(journey);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(journey).length / 2);
  });

  it('stores a lead with nothing but a first sighting in a few bytes', () => {
    const { recordId, firstSeenAt, contents, credits, team, territory, value, fitScore, ...journey } = lead(
      'b',
      [{ event: 'created', at: hours(0) }],
    );
    const stored = encodeJourney({ recordId, firstSeenAt, contents, credits, ...journey });
    expect(stored).toEqual({ ev: [0], o: 'other' });
    expect(decodeJourney(stored, firstSeenAt)).toEqual(journey);
  });
});
