import { afterEach, describe, expect, it } from 'vitest';
import { canonicalId } from '../../../src/simulate/salesforce-stand-in/record-ids.ts';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { install, rest, soql, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

describe('Salesforce stand-in store API', () => {
  it('hands out valid 18-character ids with the right key prefixes', async () => {
    org = await startOrg();
    const lead = org.createLead({ LastName: 'Id', Company: 'Co' });
    const [user] = org.addUsers([{ lastName: 'Rep', email: 'rep@acme.example' }]);
    const [queue] = org.addQueues([{ name: 'Queue' }]);
    const member = org.addCampaignMember(String(lead.Id), 'Webinar');
    const converted = org.convertLead(String(lead.Id));
    const ids: [unknown, string][] = [
      [org.orgId, '00D'],
      [lead.Id, '00Q'],
      [user?.Id, '005'],
      [queue?.Id, '00G'],
      [member.Id, '00v'],
      [member.CampaignId, '701'],
      [converted.ConvertedAccountId, '001'],
      [converted.ConvertedContactId, '003'],
      [converted.ConvertedOpportunityId, '006'],
      [org.leadStatuses()[0]?.Id, '01J'],
    ];
    for (const [id, prefix] of ids) {
      expect(String(id)).toMatch(new RegExp(`^${prefix}[A-Za-z0-9]{15}$`));
      // The last three characters are the case-safe checksum of the first fifteen.
      expect(canonicalId(String(id).slice(0, 15))).toBe(id);
    }
    expect(canonicalId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(canonicalId('001A0000006Vm9rIAD')).toBeNull();
  });

  it('converts a Lead as the convert page does, campaign attribution included', async () => {
    org = await startOrg();
    const [rep] = org.addUsers([{ firstName: 'Rita', lastName: 'Rep', email: 'rita@acme.example' }]);
    org.setRecordClock(() => new Date(Date.UTC(2026, 6, 14, 23, 30)));
    const lead = org.createLead({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Analytical',
      Email: 'ada@example.com',
      LeadSource: 'Web',
      OwnerId: rep?.Id,
    });
    org.addCampaignMember(String(lead.Id), 'Old Campaign');
    const member = org.addCampaignMember(
      String(lead.Id),
      { name: 'Launch Webinar', type: 'Webinar' },
      { status: 'Responded' },
    );
    const converted = org.convertLead(String(lead.Id));
    expect(converted).toMatchObject({
      IsConverted: true,
      ConvertedDate: '2026-07-14',
      Status: 'Closed - Converted',
      ConvertedAccountId: expect.stringMatching(/^001/),
      ConvertedContactId: expect.stringMatching(/^003/),
      ConvertedOpportunityId: expect.stringMatching(/^006/),
    });
    expect(org.records('Opportunity')).toMatchObject([
      {
        Id: converted.ConvertedOpportunityId,
        CampaignId: member.CampaignId,
        LeadSource: 'Web',
        OwnerId: rep?.Id,
        AccountId: converted.ConvertedAccountId,
      },
    ]);
    expect(org.records('Contact')).toMatchObject([
      { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' },
    ]);
    expect(() => org?.updateLead(String(lead.Id), { Rating: 'Hot' })).toThrow(/CANNOT_UPDATE_CONVERTED_LEAD/);
    expect(() => org?.convertLead(String(lead.Id))).toThrow(/already converted/);

    const bare = org.createLead({ LastName: 'NoOpp', Company: 'Co' });
    expect(org.convertLead(String(bare.Id), { opportunity: false }).ConvertedOpportunityId).toBeNull();
    const third = org.createLead({ LastName: 'Third', Company: 'Co' });
    expect(() => org?.convertLead(String(third.Id), { convertedStatus: 'Working - Contacted' })).toThrow(
      /not one of the org's converted/,
    );
  });

  it('keeps a journal of every change with its user and client, in record time', async () => {
    org = await startOrg();
    const [rep] = org.addUsers([{ lastName: 'Rep', email: 'rep@acme.example' }]);
    let now = Date.UTC(2026, 0, 5, 8);
    org.setRecordClock(() => new Date(now));
    const seen: string[] = [];
    const stop = org.onChange((change) => seen.push(`${change.kind} ${change.objectType}`));
    const lead = org.createLead({ LastName: 'Journal', Company: 'Co' }, { userId: String(rep?.Id) });
    now += 1_000;
    org.updateLead(
      String(lead.Id),
      { Status: 'Working - Contacted' },
      { userId: String(rep?.Id), client: 'Inbox' },
    );
    now += 1_000;
    org.deleteLead(String(lead.Id));
    stop();
    org.createLead({ LastName: 'Unseen', Company: 'Co' });
    expect(seen).toEqual(['created Lead', 'updated Lead', 'deleted Lead']);
    const leadChanges = org.changes().filter((change) => change.id === lead.Id);
    expect(leadChanges.map((change) => [change.kind, change.at, change.userId, change.client])).toEqual([
      ['created', now - 2_000, rep?.Id, null],
      ['updated', now - 1_000, rep?.Id, 'Inbox'],
      ['deleted', now, org.adminUserId, null],
    ]);
    expect(leadChanges[1]?.changed).toEqual({ Status: 'Working - Contacted' });
    expect(leadChanges[1]?.previous).toEqual({ Status: 'Open - Not Contacted' });
    expect(org.lead(String(lead.Id))).toBeUndefined();
    expect(() => org?.updateLead(String(lead.Id), { Rating: 'Hot' })).toThrow(/ENTITY_IS_DELETED/);
    org.setRecordClock(null);
    expect(
      Date.parse(
        String(org.createLead({ LastName: 'Now', Company: 'Co' }).CreatedDate).replace('+0000', 'Z'),
      ),
    ).toBeGreaterThan(Date.UTC(2026, 0, 6));
  });

  it('refuses what Salesforce would: bad owners, unknown fields, bad user and queue ids', async () => {
    org = await startOrg();
    const [inactive] = org.addUsers([{ lastName: 'Gone', email: 'gone@acme.example', isActive: false }]);
    expect(() => org?.createLead({ LastName: 'X', Company: 'Co', OwnerId: inactive?.Id })).toThrow(
      /INACTIVE_OWNER_OR_USER/,
    );
    expect(() => org?.createLead({ LastName: 'X', Company: 'Co', Unknown__c: 'y' })).toThrow(/INVALID_FIELD/);
    expect(() => org?.createLead({ LastName: 'X', Company: 'Co', Email: 'not-an-email' })).toThrow(
      /INVALID_EMAIL_ADDRESS/,
    );
    expect(() =>
      org?.addUsers([{ id: '00Q8d0000000001', lastName: 'Wrong', email: 'w@acme.example' }]),
    ).toThrow(/not a User id/);
    const [named] = org.addUsers([{ id: '0058d00000ABCDE', lastName: 'Named', email: 'named@acme.example' }]);
    expect(named?.Id).toBe(canonicalId('0058d00000ABCDE'));
    expect(() => org?.addCampaignMember('00Q8d00000000zz', 'Nowhere')).toThrow(/no Lead/);
    expect(org.leads()).toEqual([]);
  });

  it('shows store changes through the API at once', async () => {
    org = await startOrg();
    const { accessToken } = await install(org);
    const lead = org.createLead({ LastName: 'Live', Company: 'Co' });
    org.updateLead(String(lead.Id), { Rating: 'Cold' });
    const answer = await rest<{ records: { Rating: string }[] }>(
      org,
      accessToken,
      'GET',
      soql(`SELECT Rating FROM Lead WHERE Id = '${lead.Id}'`),
    );
    expect(answer.body.records[0]?.Rating).toBe('Cold');
  });
});
