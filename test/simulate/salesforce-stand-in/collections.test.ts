import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, rest, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

type SaveAnswer = {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}[];
const lead = (id: unknown, fields: Record<string, unknown>) => ({
  attributes: { type: 'Lead' },
  id,
  ...fields,
});
const BATON = { 'Sforce-Call-Options': 'client=Baton, defaultNamespace=baton' };

describe('Salesforce stand-in sObject Collections', () => {
  it('updates what it can and answers per-record errors in request order', async () => {
    org = await startOrg();
    const [good, deleted, converted] = [1, 2, 3].map((n) =>
      org?.createLead({ LastName: `L${n}`, Company: 'Co' }),
    );
    org.deleteLead(String(deleted?.Id));
    org.convertLead(String(converted?.Id));
    const { accessToken } = await install(org);
    const answer = await rest<SaveAnswer>(
      org,
      accessToken,
      'PATCH',
      'composite/sobjects',
      {
        allOrNone: false,
        records: [
          lead(good?.Id, {
            baton__Stage__c: 'MQL',
            baton__StageEnteredAt__c: '2026-01-02T03:04:05.000+0000',
          }),
          lead(good?.Id, { baton__Nope__c: 'x' }),
          lead(deleted?.Id, { baton__Stage__c: 'SQL' }),
          lead('00Q8d00000000zzEAA', { baton__Stage__c: 'SQL' }),
          lead('garbage', { baton__Stage__c: 'SQL' }),
          lead(converted?.Id, { baton__Stage__c: 'SQL' }),
          lead(good?.Id, { Status: 'Maybe' }),
          lead(good?.Id, { IsConverted: true }),
          lead(good?.Id, { baton__Stage__c: 'x'.repeat(81) }),
          { attributes: { type: 'Lead' }, baton__Stage__c: 'no id' },
        ],
      },
      BATON,
    );
    expect(answer.status).toBe(200);
    const codes = answer.body.map((result) => (result.success ? 'ok' : result.errors[0]?.statusCode));
    expect(codes).toEqual([
      'ok',
      'INVALID_FIELD',
      'ENTITY_IS_DELETED',
      'INVALID_CROSS_REFERENCE_KEY',
      'MALFORMED_ID',
      'CANNOT_UPDATE_CONVERTED_LEAD',
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'STRING_TOO_LONG',
      'MISSING_ARGUMENT',
    ]);
    expect(answer.body[0]).toEqual({ id: good?.Id, success: true, errors: [] });
    expect(answer.body[1]?.errors).toEqual([
      {
        statusCode: 'INVALID_FIELD',
        message: "No such column 'baton__Nope__c' on sobject of type Lead",
        fields: ['baton__Nope__c'],
      },
    ]);
    expect(org.lead(String(good?.Id))).toMatchObject({
      baton__Stage__c: 'MQL',
      baton__StageEnteredAt__c: '2026-01-02T03:04:05.000+0000',
      LastModifiedById: org.adminUserId,
    });
    const change = org.changes().at(-1);
    expect(change).toMatchObject({
      kind: 'updated',
      objectType: 'Lead',
      id: good?.Id,
      client: 'Baton',
      userId: org.adminUserId,
    });
    expect(change?.changed).toEqual({
      baton__Stage__c: 'MQL',
      baton__StageEnteredAt__c: Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    expect(org.requestLog().at(-1)).toMatchObject({
      endpoint: 'PATCH /composite/sobjects',
      client: 'Baton',
      status: 200,
    });
  });

  it('writes nothing when allOrNone is set and one record fails', async () => {
    org = await startOrg();
    const [a, b] = [1, 2].map((n) => org?.createLead({ LastName: `L${n}`, Company: 'Co' }));
    const { accessToken } = await install(org);
    const before = org.changes().length;
    const answer = await rest<SaveAnswer>(org, accessToken, 'PATCH', 'composite/sobjects', {
      allOrNone: true,
      records: [lead(a?.Id, { Rating: 'Hot' }), lead(b?.Id, { Unknown__c: 1 })],
    });
    expect(answer.body).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message:
              'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      },
      { success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_FIELD' })] },
    ]);
    expect(org.lead(String(a?.Id))?.Rating).toBeNull();
    expect(org.changes()).toHaveLength(before);
  });

  it('stamps SystemModstamp, LastModifiedDate and LastModifiedById on every save, even one changing nothing', async () => {
    org = await startOrg();
    let now = Date.UTC(2026, 4, 1, 9);
    org.setRecordClock(() => new Date(now));
    const created = org.createLead({ LastName: 'Stamp', Company: 'Co', Rating: 'Warm' });
    expect(created).toMatchObject({
      CreatedDate: '2026-05-01T09:00:00.000+0000',
      SystemModstamp: '2026-05-01T09:00:00.000+0000',
    });
    now += 60_000;
    const { accessToken } = await install(org);
    await rest(org, accessToken, 'PATCH', 'composite/sobjects', {
      records: [lead(created.Id, { Rating: 'Warm' })],
    });
    expect(org.lead(String(created.Id))).toMatchObject({
      CreatedDate: '2026-05-01T09:00:00.000+0000',
      LastModifiedDate: '2026-05-01T09:01:00.000+0000',
      SystemModstamp: '2026-05-01T09:01:00.000+0000',
    });
    expect(org.changes().at(-1)?.changed).toEqual({});
  });

  it('refuses more than 200 records and a body without records', async () => {
    org = await startOrg();
    const { accessToken } = await install(org);
    const records = Array.from({ length: 201 }, () => lead('00Q8d0000000001EAA', { Rating: 'Hot' }));
    const tooMany = await rest(org, accessToken, 'PATCH', 'composite/sobjects', { records });
    expect(tooMany).toMatchObject({ status: 400, body: [{ errorCode: 'EXCEEDED_ID_LIMIT' }] });
    expect((await rest(org, accessToken, 'PATCH', 'composite/sobjects', { allOrNone: false })).status).toBe(
      400,
    );
    const broken = await fetch(new URL('/services/data/v66.0/composite/sobjects', org.instanceUrl), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{"records": [',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject([{ errorCode: 'JSON_PARSER_ERROR' }]);
  });

  it('creates Tasks and Leads through jsforce, with required fields, defaults and reference checks', async () => {
    org = await startOrg();
    const target = org.createLead({ LastName: 'Target', Company: 'Co' });
    const conn = await connect(org, { callOptions: { client: 'Baton' } });
    const tasks = await conn.sobject('Task').create([
      {
        Subject: 'SLA breached: call the Lead',
        WhoId: target.Id,
        ActivityDate: '2026-06-01',
        Priority: 'High',
      },
      { Subject: 'Orphan', WhoId: '00Q8d00000000zzEAA' },
    ]);
    expect(tasks[0]).toMatchObject({ success: true, id: expect.stringMatching(/^00T[A-Za-z0-9]{15}$/) });
    expect(tasks[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['WhoId'] }],
    });
    expect(org.tasks()).toMatchObject([
      {
        Subject: 'SLA breached: call the Lead',
        WhoId: target.Id,
        OwnerId: org.adminUserId,
        Status: 'Not Started',
        Priority: 'High',
        IsHighPriority: true,
        IsClosed: false,
        ActivityDate: '2026-06-01',
        TaskSubtype: 'Task',
      },
    ]);
    expect(org.changes().at(-1)).toMatchObject({ objectType: 'Task', kind: 'created', client: 'Baton' });

    const leads = await conn
      .sobject('Lead')
      .create([{ LastName: 'New', Company: 'Co', Email: 'new@example.com' }, { FirstName: 'NoLast' }]);
    expect(leads[0]?.success).toBe(true);
    expect(leads[1]).toMatchObject({
      success: false,
      errors: [
        {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [LastName, Company]',
          fields: ['LastName', 'Company'],
        },
      ],
    });
    const updated = await conn
      .sobject('Lead')
      .update([{ Id: String(target.Id), Status: 'Working - Contacted' }]);
    expect(updated).toEqual([{ id: target.Id, success: true, errors: [] }]);
    await conn.sobject('Lead').update({ Id: String(target.Id), Rating: 'Warm' });
    expect(org.requestLog().at(-1)).toMatchObject({
      endpoint: 'PATCH /sobjects/Lead/:id',
      status: 204,
      client: 'Baton',
    });
    await expect(
      conn.sobject('Lead').update({ Id: String(target.Id), Rating: 'x'.repeat(300) }),
    ).rejects.toMatchObject({
      errorCode: 'STRING_TOO_LONG',
    });
    const single = await conn.sobject('Lead').retrieve(String(target.Id));
    expect(single).toMatchObject({
      Id: target.Id,
      Status: 'Working - Contacted',
      Rating: 'Warm',
      attributes: { type: 'Lead' },
    });
  });
});
