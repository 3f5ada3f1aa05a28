import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, rest, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface FieldAnswer {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly custom: boolean;
  readonly updateable: boolean;
  readonly createable: boolean;
  readonly nillable: boolean;
  readonly referenceTo: string[];
  readonly relationshipName: string | null;
  readonly picklistValues: { value: string; label: string; active: boolean; defaultValue: boolean }[];
}

describe('Salesforce stand-in describe', () => {
  it("describes Lead with Status's values from the org's Lead Status records and the package's fields", async () => {
    org = await startOrg();
    const conn = await connect(org);
    const lead = await conn.sobject('Lead').describe();
    expect(lead).toMatchObject({ name: 'Lead', keyPrefix: '00Q', queryable: true, updateable: true });
    const fields = lead.fields as unknown as FieldAnswer[];
    const field = (name: string) => fields.find((candidate) => candidate.name === name);
    expect(field('Status')).toMatchObject({
      type: 'picklist',
      updateable: true,
      nillable: false,
      picklistValues: [
        { value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true, defaultValue: true },
        { value: 'Working - Contacted', label: 'Working - Contacted', active: true, defaultValue: false },
        { value: 'Closed - Converted', label: 'Closed - Converted', active: true, defaultValue: false },
        {
          value: 'Closed - Not Converted',
          label: 'Closed - Not Converted',
          active: true,
          defaultValue: false,
        },
      ],
    });
    expect(field('OwnerId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Group', 'User'],
      relationshipName: 'Owner',
      updateable: true,
    });
    expect(field('IsConverted')).toMatchObject({ type: 'boolean', updateable: false, createable: false });
    expect(field('ConvertedDate')).toMatchObject({ type: 'date', updateable: false });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', updateable: false });
    expect(field('baton__Stage__c')).toMatchObject({
      type: 'string',
      length: 80,
      custom: true,
      updateable: true,
      nillable: true,
    });
    expect(field('baton__CardView__c')).toMatchObject({ type: 'textarea', length: 131_072, custom: true });
    expect(field('baton__Disposition__c')?.picklistValues.map((entry) => entry.value)).toEqual([
      'Accepted',
      'Rejected',
    ]);
    expect(field('LeadSource')?.picklistValues.map((entry) => entry.value)).toContain('Web');
    expect(lead.childRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          childSObject: 'CampaignMember',
          field: 'LeadId',
          relationshipName: 'CampaignMembers',
          cascadeDelete: true,
        }),
        expect.objectContaining({ childSObject: 'Task', field: 'WhoId', relationshipName: 'Tasks' }),
        // A reference the stand-in serves no subquery for is described without a relationship name.
        expect.objectContaining({ childSObject: 'Lead', field: 'MasterRecordId', relationshipName: null }),
      ]),
    );
    expect(field('MasterRecordId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Lead'],
      relationshipName: 'MasterRecord',
      updateable: false,
    });
  });

  it('takes the Lead Status values and the package fields as options, and refuses bad ones', async () => {
    org = await startOrg({
      customLeadFields: [{ name: 'acme__Tier__c', type: 'picklist', picklistValues: ['Gold', 'Silver'] }],
      leadStatuses: [
        { label: 'New', isDefault: true },
        { label: 'Qualified', isConverted: true },
        { label: 'Disqualified' },
      ],
    });
    const { accessToken } = await install(org);
    const answer = await rest<{ fields: FieldAnswer[] }>(org, accessToken, 'GET', 'sobjects/Lead/describe');
    const status = answer.body.fields.find((field) => field.name === 'Status');
    expect(status?.picklistValues.map((entry) => [entry.value, entry.defaultValue])).toEqual([
      ['New', true],
      ['Qualified', false],
      ['Disqualified', false],
    ]);
    expect(answer.body.fields.some((field) => field.name === 'baton__Stage__c')).toBe(false);
    expect(org.leadStatuses().map((row) => [row.MasterLabel, row.SortOrder, row.IsConverted])).toEqual([
      ['New', 1, false],
      ['Qualified', 2, true],
      ['Disqualified', 3, false],
    ]);
    expect(org.createLead({ LastName: 'Nu', Company: 'Co' }).Status).toBe('New');

    await expect(startOrg({ customLeadFields: [{ name: 'NoSuffix', type: 'string' }] })).rejects.toThrow(
      /must end in __c/,
    );
    await expect(
      startOrg({ customLeadFields: [{ name: 'Long__c', type: 'string', length: 300 }] }),
    ).rejects.toThrow(/1 to 255/);
    await expect(startOrg({ leadStatuses: [{ label: 'Only', isDefault: true }] })).rejects.toThrow(
      /converted status/,
    );
    await expect(startOrg({ leadStatuses: [{ label: 'A', isConverted: true }] })).rejects.toThrow(/default/);
  });

  it('answers the global describe, 404 for an unknown object and for an unknown API version', async () => {
    org = await startOrg();
    const { accessToken } = await install(org);
    const global = await rest<{ sobjects: { name: string; keyPrefix: string }[] }>(
      org,
      accessToken,
      'GET',
      'sobjects',
    );
    expect(global.body.sobjects.map((object) => [object.name, object.keyPrefix])).toEqual(
      expect.arrayContaining([
        ['Lead', '00Q'],
        ['User', '005'],
        ['Group', '00G'],
        ['Campaign', '701'],
        ['CampaignMember', '00v'],
        ['Task', '00T'],
      ]),
    );
    const missing = await rest(org, accessToken, 'GET', 'sobjects/Widget__c/describe');
    expect(missing).toMatchObject({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
    expect((await rest(org, accessToken, 'GET', '/services/data/v19.0/sobjects')).status).toBe(404);
    expect((await rest(org, accessToken, 'GET', '/services/data/66.0/sobjects')).status).toBe(404);
    expect((await rest(org, accessToken, 'GET', '/services/data/v58.0/sobjects')).status).toBe(200);
  });
});
