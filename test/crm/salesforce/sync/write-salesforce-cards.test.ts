import { describe, expect, it } from 'vitest';
import { CARD_JSON_FIELD, CARD_JSON_MAX_LENGTH } from '../../../../src/crm/salesforce/baton-lead-fields.ts';
import { leadCardJson } from '../../../../src/crm/salesforce/lead-card-json.ts';
import type { SalesforceLeadsPort } from '../../../../src/crm/salesforce/sync/salesforce-leads-port.ts';
import {
  changedLeadFields,
  leadFieldValues,
  writeSalesforceCards,
} from '../../../../src/crm/salesforce/sync/write-salesforce-cards.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';
import { CARD_VIEWS } from '../../../fixtures/card-views.ts';

const TENANT = { id: 't1', crm: 'salesforce', externalId: '00D000000000001AAA' } as Tenant;

/** Records the collections calls the write makes; answers as Salesforce does, per record. */
function recordingPort(refuse: ReadonlyMap<string, string> = new Map()) {
  const calls: Parameters<SalesforceLeadsPort['updateLeads']>[1][] = [];
  const port = {
    async updateLeads(_tenant: string, updates: Parameters<SalesforceLeadsPort['updateLeads']>[1]) {
      calls.push(updates);
      return {
        rejected: updates.flatMap((u) =>
          refuse.has(u.id)
            ? [{ id: u.id, code: 'CANNOT_UPDATE_CONVERTED_LEAD', message: refuse.get(u.id) ?? '' }]
            : [],
        ),
      };
    },
  } as unknown as SalesforceLeadsPort;
  return { port, calls };
}

describe('the Salesforce write-back', () => {
  it('writes the card fields in the REST API’s types, and the card as JSON', () => {
    const values = leadFieldValues(CARD_VIEWS.onTrack);
    expect(values.baton__Stage__c).toBe(CARD_VIEWS.onTrack.stage?.key);
    expect(values.baton__Sla_State__c).toBe('on_track');
    expect(values.baton__Handed_Off_At__c).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const card = JSON.parse(values[CARD_JSON_FIELD.apiName] ?? '');
    expect(card.version).toBe(1);
    expect(card.stage).toEqual({
      key: CARD_VIEWS.onTrack.stage?.key,
      label: CARD_VIEWS.onTrack.stage?.label,
      enteredAt: CARD_VIEWS.onTrack.stage?.enteredAt,
    });
  });

  it('stores a card that does not change while only time passes', () => {
    // atRisk is the same journey as onTrack 39 hours later: only the clock's state differs.
    const later = JSON.parse(leadCardJson(CARD_VIEWS.atRisk));
    const earlier = JSON.parse(leadCardJson(CARD_VIEWS.onTrack));
    expect(later).not.toHaveProperty('generatedAt');
    expect({ ...later, sla: null, actions: null, qualification: null }).toEqual({
      ...earlier,
      sla: null,
      actions: null,
      qualification: null,
    });
  });

  it('sends only what changed, compared by meaning, and nothing when nothing did', async () => {
    const wanted = leadFieldValues(CARD_VIEWS.onTrack);
    const held = {
      ...wanted,
      // Salesforce answers datetimes with an offset and numbers without trailing zeros.
      baton__Handed_Off_At__c: (wanted.baton__Handed_Off_At__c ?? '').replace('Z', '+0000'),
      baton__Fit_Score__c: `${wanted.baton__Fit_Score__c}.0`,
    };
    expect(changedLeadFields(held, wanted)).toEqual({});
    expect(changedLeadFields({ ...held, baton__Sla_State__c: 'breached' }, wanted)).toEqual({
      baton__Sla_State__c: 'on_track',
    });
    const { port, calls } = recordingPort();
    const outcome = await writeSalesforceCards(
      port,
      TENANT,
      new Map([['00Q000000000001AAA', { view: CARD_VIEWS.onTrack, stored: held }]]),
    );
    expect(calls).toEqual([]);
    expect(outcome.results).toEqual([]);
  });

  it('clears with null, sends numbers as numbers, and reports a refused record without retrying it', async () => {
    const { port, calls } = recordingPort(
      new Map([['00Q000000000002AAA', 'converted leads cannot be edited']]),
    );
    const outcome = await writeSalesforceCards(
      port,
      TENANT,
      new Map([
        [
          '00Q000000000001AAA',
          { view: CARD_VIEWS.notQualified, stored: { baton__Rejected_At__c: '2026-01-01T00:00:00Z' } },
        ],
        ['00Q000000000002AAA', { view: CARD_VIEWS.onTrack, stored: {} }],
      ]),
    );
    expect(calls).toHaveLength(1);
    const [first] = calls[0] ?? [];
    expect(first?.fields.baton__Rejected_At__c).toBeNull();
    const second = calls[0]?.[1];
    expect(typeof second?.fields.baton__Fit_Score__c).toBe('number');
    expect(outcome.results).toEqual([
      expect.objectContaining({ recordId: '00Q000000000001AAA', rejected: [] }),
      {
        recordId: '00Q000000000002AAA',
        written: {},
        rejected: ['CANNOT_UPDATE_CONVERTED_LEAD: converted leads cannot be edited'],
      },
    ]);
    expect(outcome.results[0]?.written.baton__Rejected_At__c).toBe('');
  });

  it('keeps the card within the long text area, dropping the oldest history first', () => {
    const base = CARD_VIEWS.rejected;
    const item = base.timeline[0];
    if (!item) throw new Error('fixture has a timeline');
    const long = {
      ...base,
      timeline: Array.from({ length: 3000 }, (_, i) => ({ ...item, at: item.at + i, label: `step ${i}` })),
    };
    const json = leadCardJson(long);
    expect(json.length).toBeLessThanOrEqual(CARD_JSON_MAX_LENGTH);
    const parsed = JSON.parse(json);
    expect(parsed.timeline).toHaveLength(40);
    expect(parsed.timeline.at(-1).label).toBe('step 2999');
    expect(parsed.timelineTrimmed).toBe(2960);
  });
});
