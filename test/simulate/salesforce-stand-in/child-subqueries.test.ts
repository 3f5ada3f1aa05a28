import { createSOQL } from 'jsforce/lib/soql-builder.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, rest, soql, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const MEMBER_FIELDS = ['Id', 'CreatedDate', 'CampaignId', 'Campaign.Name', 'Campaign.Type'];

/** Baton's Lead read, built as Baton builds it. */
function leadRead(ids: readonly string[], options: { readonly fields?: readonly string[] } = {}) {
  return createSOQL({
    table: 'Lead',
    fields: [...(options.fields ?? ['Id', 'Status', 'Owner.Type'])],
    conditions: { Id: { $in: [...ids] } },
    includes: {
      CampaignMembers: { table: 'CampaignMembers', fields: MEMBER_FIELDS, sort: { CreatedDate: 1 } },
    },
  });
}

type Answer = { records: Record<string, unknown>[] };

async function orgWithMembers() {
  org = await startOrg();
  let now = Date.UTC(2026, 0, 1, 12);
  org.setRecordClock(() => new Date(now));
  const ada = org.createLead({ LastName: 'Lovelace', Company: 'Analytical' });
  const bare = org.createLead({ LastName: 'Nobody', Company: 'Quiet' });
  // The later campaign is joined first, so CreatedDate order differs from insertion order.
  const webinar = org.addCampaignMember(String(ada.Id), { name: 'Spring Webinar', type: 'Webinar' });
  now -= 3 * 3_600_000;
  const fair = org.addCampaignMember(
    String(ada.Id),
    { name: 'Trade Fair', type: 'Trade Show' },
    { status: 'Responded' },
  );
  org.setRecordClock(null);
  return { org, ada, bare, webinar, fair };
}

describe('Salesforce stand-in parent-to-child subqueries', () => {
  it("answers Baton's Lead read with each Lead's CampaignMembers, or null when it has none", async () => {
    const { org, ada, bare, webinar, fair } = await orgWithMembers();
    const conn = await connect(org);
    const text = leadRead([String(ada.Id), String(bare.Id)]);
    expect(text).toBe(
      `SELECT Id, Status, Owner.Type, (SELECT Id, CreatedDate, CampaignId, Campaign.Name, Campaign.Type FROM CampaignMembers ORDER BY CreatedDate ASC) FROM Lead WHERE Id IN ('${ada.Id}', '${bare.Id}')`,
    );
    const records = (await conn
      .query(text)
      .execute({ autoFetch: true, maxFetch: 2, responseTarget: 'Records' })) as unknown as Record<
      string,
      unknown
    >[];
    const url = (type: string, id: unknown) => `/services/data/v66.0/sobjects/${type}/${String(id)}`;
    const member = (row: typeof webinar, name: string, type: string, createdDate: string) => ({
      attributes: { type: 'CampaignMember', url: url('CampaignMember', row.Id) },
      Id: row.Id,
      CreatedDate: createdDate,
      CampaignId: row.CampaignId,
      Campaign: {
        attributes: { type: 'Campaign', url: url('Campaign', row.CampaignId) },
        Name: name,
        Type: type,
      },
    });
    const owner = { attributes: { type: 'Name', url: url('User', org.adminUserId) }, Type: 'User' };
    expect(records).toEqual([
      {
        attributes: { type: 'Lead', url: url('Lead', ada.Id) },
        Id: ada.Id,
        Status: 'Open - Not Contacted',
        Owner: owner,
        CampaignMembers: {
          totalSize: 2,
          done: true,
          records: [
            member(fair, 'Trade Fair', 'Trade Show', '2026-01-01T09:00:00.000+0000'),
            member(webinar, 'Spring Webinar', 'Webinar', '2026-01-01T12:00:00.000+0000'),
          ],
        },
      },
      {
        attributes: { type: 'Lead', url: url('Lead', bare.Id) },
        Id: bare.Id,
        Status: 'Open - Not Contacted',
        Owner: owner,
        CampaignMembers: null,
      },
    ]);
    expect(Object.keys(records[0] ?? {})).toEqual(['attributes', 'Id', 'Status', 'Owner', 'CampaignMembers']);
  });

  it('runs a subquery’s own WHERE, ORDER BY and LIMIT, in its place among the fields', async () => {
    const { org, ada, fair } = await orgWithMembers();
    const conn = await connect(org);
    const task = await conn.sobject('Task').create({ Subject: 'Call Ada', WhoId: ada.Id });
    const answer = await conn.query(
      `SELECT Id, (SELECT Status, Campaign.Name FROM CampaignMembers WHERE Campaign.Type != 'Webinar' ORDER BY CreatedDate DESC LIMIT 1), Name, (SELECT Subject FROM Tasks) FROM Lead WHERE Id = '${ada.Id}'`,
    );
    const [record] = answer.records as unknown as Record<string, unknown>[];
    expect(Object.keys(record ?? {})).toEqual(['attributes', 'Id', 'CampaignMembers', 'Name', 'Tasks']);
    expect(record?.CampaignMembers).toMatchObject({
      totalSize: 1,
      records: [{ Status: 'Responded', Campaign: { Name: 'Trade Fair' } }],
    });
    expect(record?.Tasks).toMatchObject({
      totalSize: 1,
      done: true,
      records: [
        { attributes: { type: 'Task', url: expect.stringContaining(String(task.id)) }, Subject: 'Call Ada' },
      ],
    });

    const newest = await conn.query(
      `SELECT Id, (SELECT Id FROM CampaignMembers ORDER BY CreatedDate DESC LIMIT 1 OFFSET 1) FROM Lead WHERE Id = '${ada.Id}' LIMIT 1`,
    );
    expect(newest.records[0]).toMatchObject({
      CampaignMembers: { totalSize: 1, records: [{ Id: fair.Id }] },
    });
  });

  it('refuses unknown relationships, bad child fields and misplaced OFFSET the way Salesforce does', async () => {
    const { org } = await orgWithMembers();
    const { accessToken } = await install(org);
    const refused = async (query: string) => {
      const answer = await rest<{ errorCode: string; message: string }[]>(
        org,
        accessToken,
        'GET',
        soql(query),
      );
      expect(answer.status).toBe(400);
      return answer.body[0];
    };
    expect(await refused('SELECT Id, (SELECT Id FROM CampaignMember) FROM Lead')).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: expect.stringContaining(
        "Didn't understand relationship 'CampaignMember' in FROM part of query call",
      ),
    });
    expect(await refused('SELECT Id, (SELECT Id FROM Contacts) FROM Lead')).toMatchObject({
      errorCode: 'INVALID_TYPE',
    });
    expect(await refused('SELECT Id, (SELECT Nope FROM CampaignMembers) FROM Lead')).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope' on entity 'CampaignMember'"),
    });
    expect(
      await refused(
        'SELECT Id, (SELECT Id FROM CampaignMembers), (SELECT Status FROM campaignmembers) FROM Lead',
      ),
    ).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: expect.stringContaining(
        'Cannot follow the same aggregate relationship twice: CampaignMembers',
      ),
    });
    expect(await refused('SELECT Id, (SELECT Id FROM CampaignMembers OFFSET 1) FROM Lead')).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    const job = await rest<{ errorCode: string }[]>(org, accessToken, 'POST', 'jobs/query', {
      operation: 'query',
      query: 'SELECT Id, (SELECT Id FROM CampaignMembers) FROM Lead',
    });
    expect(job).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOB' }] });
  });

  it('reads a deleted Lead with its deleted members through queryAll only', async () => {
    const { org, ada, bare } = await orgWithMembers();
    const conn = await connect(org);
    org.deleteLead(String(ada.Id));
    expect(org.records('CampaignMember')).toEqual([]);
    const text = leadRead([String(ada.Id), String(bare.Id)], { fields: ['Id', 'IsDeleted'] });
    const live = await conn.query(text);
    expect(live.records.map((record) => record.Id)).toEqual([bare.Id]);
    const all = await conn.query(text, { scanAll: true });
    expect(all.records).toMatchObject([
      { Id: ada.Id, IsDeleted: true, CampaignMembers: { totalSize: 2, records: [{}, {}] } },
      { Id: bare.Id, IsDeleted: false, CampaignMembers: null },
    ]);
    const members = await conn.query(`SELECT Id, IsDeleted FROM CampaignMember WHERE LeadId = '${ada.Id}'`, {
      scanAll: true,
    });
    expect(members.records.map((record) => record.IsDeleted)).toEqual([true, true]);
  });

  it('pages parents with their children across batches with autoFetch and maxFetch', async () => {
    org = await startOrg();
    const leads = Array.from({ length: 2_050 }, (_, index) =>
      org?.createLead({ LastName: `L${index}`, Company: 'Co' }),
    );
    const last = String(leads.at(-1)?.Id);
    org.addCampaignMember(last, 'Late Campaign');
    const conn = await connect(org);
    const text = createSOQL({
      table: 'Lead',
      fields: ['Id'],
      includes: { CampaignMembers: { table: 'CampaignMembers', fields: ['Campaign.Name'] } },
      sort: { CreatedDate: 1, Id: 1 },
    });
    const all = (await conn.query(text).execute({
      autoFetch: true,
      maxFetch: 5_000,
      responseTarget: 'Records',
    })) as unknown as Answer['records'];
    expect(all).toHaveLength(2_050);
    expect(org.callsByEndpoint()['GET /query/:locator']).toBe(1);
    expect(all.at(-1)).toMatchObject({
      Id: last,
      CampaignMembers: { records: [{ Campaign: { Name: 'Late Campaign' } }] },
    });
    expect(all.filter((record) => record.CampaignMembers !== null)).toHaveLength(1);
    const capped = await conn
      .query(text)
      .execute({ autoFetch: true, maxFetch: 2_010, responseTarget: 'Records' });
    expect(capped).toHaveLength(2_010);
  });
});
