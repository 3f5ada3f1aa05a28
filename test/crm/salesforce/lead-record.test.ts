import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../../src/core/attribution/channels.ts';
import { SALESFORCE_SOURCE_MAPPING } from '../../../src/crm/salesforce/defaults/salesforce-source-mapping.ts';
import { leadRecordOf } from '../../../src/crm/salesforce/lead-record.ts';
import { toId18 } from '../../../src/crm/salesforce/salesforce-ids.ts';
import { touchesFromLead } from '../../../src/crm/salesforce/salesforce-touches.ts';

/** A Lead as the REST query endpoint answers it, with its campaign memberships as a subquery. */
const RAW = {
  attributes: { type: 'Lead', url: '/services/data/v66.0/sobjects/Lead/00Q5g00000AbCdEEAV' },
  Id: '00Q5g00000AbCdEEAV',
  Status: 'Working - Contacted',
  OwnerId: '00G5g000001QueueAAA',
  Owner: { attributes: { type: 'Name' }, Type: 'Queue', Name: 'Inbound' },
  LeadSource: 'Web',
  IsConverted: false,
  ConvertedOpportunityId: null,
  NumberOfEmployees: 120,
  CreatedDate: '2026-03-02T10:00:00.000+0000',
  SystemModstamp: '2026-03-03T08:30:00.000+0000',
  LastModifiedById: '0055g00000RepAAAAA',
  CampaignMembers: {
    totalSize: 1,
    done: true,
    records: [
      {
        attributes: { type: 'CampaignMember' },
        Id: '00v5g00000MemberAAA',
        CreatedDate: '2026-03-01T09:00:00.000+0000',
        CampaignId: '7015g00000CampAAAAA',
        Campaign: { attributes: { type: 'Campaign' }, Name: 'Spring webinar', Type: 'Webinar' },
      },
    ],
  },
};

describe('a Lead as Baton reads it', () => {
  it('flattens relationships, keeps nulls, and tells a queue owner from a user', () => {
    const lead = leadRecordOf(RAW);
    expect(lead.properties).toMatchObject({
      Status: 'Working - Contacted',
      'Owner.Type': 'Queue',
      'Owner.Name': 'Inbound',
      IsConverted: 'false',
      NumberOfEmployees: '120',
      ConvertedOpportunityId: null,
      'baton.owner_kind': 'queue',
      'baton.conversion': null,
    });
    expect(lead.properties).not.toHaveProperty('attributes');
    expect(lead.modifiedAt).toBe(Date.parse('2026-03-03T08:30:00Z'));
    expect(lead.lastModifiedBy).toBe('0055g00000RepAAAAA');
    expect(leadRecordOf({ ...RAW, OwnerId: '0055g00000RepAAAAA' }).properties['baton.owner_kind']).toBe(
      'user',
    );
  });

  it('says what conversion produced', () => {
    expect(
      leadRecordOf({ ...RAW, IsConverted: true, ConvertedOpportunityId: '0065g00000OppAAAAA' }).properties[
        'baton.conversion'
      ],
    ).toBe('with_opportunity');
    expect(leadRecordOf({ ...RAW, IsConverted: true }).properties['baton.conversion']).toBe(
      'without_opportunity',
    );
  });

  it('makes the lead source and each campaign membership a touch, with stable ids', () => {
    const lead = leadRecordOf(RAW);
    const touches = touchesFromLead(lead, DEFAULT_CHANNELS, SALESFORCE_SOURCE_MAPPING);
    expect(touches).toEqual([
      {
        id: `lead_source:${lead.id}`,
        occurredAt: Date.parse('2026-03-02T10:00:00Z'),
        channel: 'website',
        origin: 'marketing',
        sourceDetail: 'Web',
      },
      {
        id: 'campaign_member:00v5g00000MemberAAA',
        occurredAt: Date.parse('2026-03-01T09:00:00Z'),
        channel: 'premium_content',
        origin: 'marketing',
        sourceDetail: 'Webinar',
        campaign: 'Spring webinar',
      },
    ]);
    expect(touchesFromLead(leadRecordOf(RAW), DEFAULT_CHANNELS, SALESFORCE_SOURCE_MAPPING)).toEqual(touches);
  });

  it('keys ids by their 18-character form and refuses anything that is not an id', () => {
    expect(toId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toId18('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(toId18("00Q' OR Id != '")).toBeNull();
    expect(toId18('00Q5g00000AbCd\\')).toBeNull();
  });
});
