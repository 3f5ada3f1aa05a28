import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, rest, soql, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface QueryAnswer<T = Record<string, unknown>> {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: T[];
}

async function orgWithLeads() {
  org = await startOrg();
  const [rep] = org.addUsers([
    { firstName: 'Rita', lastName: 'Rep', email: 'rita@acme.example', department: 'Sales' },
  ]);
  const [queue] = org.addQueues([{ name: 'Inbound SDR Queue' }]);
  let now = Date.UTC(2026, 0, 1, 10);
  org.setRecordClock(() => new Date(now));
  const ada = org.createLead({
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Company: 'Analytical',
    Email: 'ada@example.com',
    LeadSource: 'Web',
    Rating: 'Hot',
  });
  now += 3_600_000;
  const grace = org.createLead({
    FirstName: 'Grace',
    LastName: 'Hopper',
    Company: 'Navy',
    Email: 'grace@example.com',
    OwnerId: queue?.Id,
  });
  now += 3_600_000;
  const alan = org.createLead({
    LastName: 'Turing',
    Company: 'Bletchley',
    Email: "o'brien@example.com",
    OwnerId: rep?.Id,
    LeadSource: 'Other',
  });
  const { accessToken } = await install(org);
  return { org, accessToken, ada, grace, alan, rep, queue };
}

describe('Salesforce stand-in SOQL over REST', () => {
  it('answers records with attributes, nested relationships and Salesforce datetimes', async () => {
    const { org, accessToken, ada, grace, queue } = await orgWithLeads();
    const answer = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(
        'SELECT Id, Name, Owner.Type, Owner.Name, OwnerId, CreatedDate, IsConverted, baton__Score__c FROM Lead ORDER BY CreatedDate LIMIT 2',
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      totalSize: 2,
      done: true,
      records: [
        {
          attributes: { type: 'Lead', url: `/services/data/v66.0/sobjects/Lead/${ada.Id}` },
          Id: ada.Id,
          Name: 'Ada Lovelace',
          Owner: {
            attributes: { type: 'Name', url: `/services/data/v66.0/sobjects/User/${org.adminUserId}` },
            Type: 'User',
            Name: 'Avery Admin',
          },
          OwnerId: org.adminUserId,
          CreatedDate: '2026-01-01T10:00:00.000+0000',
          IsConverted: false,
          baton__Score__c: null,
        },
        {
          attributes: { type: 'Lead', url: `/services/data/v66.0/sobjects/Lead/${grace.Id}` },
          Id: grace.Id,
          Name: 'Grace Hopper',
          Owner: {
            attributes: { type: 'Name', url: `/services/data/v66.0/sobjects/Group/${queue?.Id}` },
            Type: 'Queue',
            Name: 'Inbound SDR Queue',
          },
          OwnerId: queue?.Id,
          CreatedDate: '2026-01-01T11:00:00.000+0000',
          IsConverted: false,
          baton__Score__c: null,
        },
      ],
    });
  });

  it('filters with AND/OR/NOT, IN, NOT IN, LIKE, datetime offsets and case-insensitive text', async () => {
    const { org, accessToken, ada, grace, alan } = await orgWithLeads();
    const ids = async (where: string) => {
      const answer = await rest<QueryAnswer<{ Id: string }>>(
        org,
        accessToken,
        'GET',
        soql(`SELECT Id FROM Lead WHERE ${where} ORDER BY CreatedDate`),
      );
      expect(answer.status).toBe(200);
      return answer.body.records.map((record) => record.Id);
    };
    expect(await ids("Email = 'ADA@EXAMPLE.COM'")).toEqual([ada.Id]);
    expect(await ids("Owner.Type = 'Queue' OR LeadSource = 'Other'")).toEqual([grace.Id, alan.Id]);
    expect(await ids("(Owner.Type = 'User' AND Rating = 'Hot') OR (NOT LeadSource != null)")).toEqual([
      ada.Id,
      grace.Id,
    ]);
    expect(await ids(`Id IN ('${ada.Id}', '${String(alan.Id).slice(0, 15)}')`)).toEqual([ada.Id, alan.Id]);
    expect(await ids("LeadSource NOT IN ('Web')")).toEqual([grace.Id, alan.Id]);
    expect(await ids("Email LIKE '%@EXAMPLE.com' AND Company LIKE 'N_vy'")).toEqual([grace.Id]);
    expect(await ids('CreatedDate > 2026-01-01T12:30:00+01:00')).toEqual([alan.Id]);
    expect(
      await ids('CreatedDate >= 2026-01-01T11:00:00.000Z AND CreatedDate < 2026-01-01T12:00:00Z'),
    ).toEqual([grace.Id]);
    expect(await ids("Email = 'o\\'brien@example.com'")).toEqual([alan.Id]);
    expect(await ids('Rating = null')).toEqual([grace.Id, alan.Id]);
  });

  it('orders by several fields, nulls first by default, NULLS LAST when asked', async () => {
    const { org, accessToken, ada, grace, alan } = await orgWithLeads();
    const order = async (orderBy: string) =>
      (
        await rest<QueryAnswer<{ Id: string }>>(
          org,
          accessToken,
          'GET',
          soql(`SELECT Id FROM Lead ORDER BY ${orderBy}`),
        )
      ).body.records.map((record) => record.Id);
    expect(await order('LeadSource, Email DESC')).toEqual([grace.Id, alan.Id, ada.Id]);
    expect(await order('LeadSource DESC NULLS LAST')).toEqual([ada.Id, alan.Id, grace.Id]);
    expect(await order('LeadSource DESC')).toEqual([grace.Id, ada.Id, alan.Id]);
    expect(await order('Owner.Name ASC, CreatedDate DESC LIMIT 2 OFFSET 1')).toEqual([grace.Id, alan.Id]);
  });

  it('keeps a hostile value inside its literal: an escaped quote-break matches nothing', async () => {
    const { org, accessToken } = await orgWithLeads();
    const hostile = "nobody@example.com' OR Email != '";
    const escaped = hostile.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    const answer = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(`SELECT Id FROM Lead WHERE Email = '${escaped}'`),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.totalSize).toBe(0);
    // The same value pasted unescaped would widen the WHERE to every Lead.
    const naive = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(`SELECT Id FROM Lead WHERE Email = '${hostile}'`),
    );
    expect(naive.body.totalSize).toBe(3);
    // A trailing backslash escaped only for quotes (as jsforce's builder does) cannot close the string.
    const backslash = await rest(
      org,
      accessToken,
      'GET',
      soql("SELECT Id FROM Lead WHERE Email = 'x\\' OR Email != null"),
    );
    expect(backslash.status).toBe(400);
  });

  it('refuses bad queries the way Salesforce does', async () => {
    const { org, accessToken } = await orgWithLeads();
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
    expect(await refused('SELECT Id FROM Lead WHERE')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect((await refused('SELECT Id FROM Lead WHERE'))?.message).toContain("unexpected token: '<EOF>'");
    expect(await refused('SELECT Nope__c FROM Lead')).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope__c' on entity 'Lead'"),
    });
    expect(await refused('SELECT Id FROM Leads')).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(await refused('SELECT Boss.Name FROM Lead')).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(await refused("SELECT Id FROM Lead WHERE CreatedDate > '2026-01-01'")).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: expect.stringContaining('must be of type dateTime and should not be enclosed in quotes'),
    });
    expect(await refused('SELECT Id FROM Lead WHERE ConvertedDate > 2026-01-01T00:00:00Z')).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
    });
    expect(await refused("SELECT Id FROM Lead WHERE Id = 'not-an-id'")).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: expect.stringContaining('invalid ID field: not-an-id'),
    });
    expect(await refused('SELECT Id FROM Lead OFFSET 2001')).toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
    });
    expect(await refused('SELECT Id, id FROM Lead')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });

  it('pages with nextRecordsUrl in batches of 2000, or of the Sforce-Query-Options batch size', async () => {
    org = await startOrg();
    for (let index = 0; index < 2_450; index += 1)
      org.createLead({ LastName: `Lead ${index}`, Company: 'Bulk Co' });
    const { accessToken } = await install(org);
    const first = await rest<QueryAnswer>(org, accessToken, 'GET', soql('SELECT Id, LastName FROM Lead'));
    expect(first.body.records).toHaveLength(2_000);
    expect(first.body).toMatchObject({
      totalSize: 2_450,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v66\.0\/query\/01g[A-Za-z0-9]{12}-2000$/),
    });
    const second = await rest<QueryAnswer>(org, accessToken, 'GET', first.body.nextRecordsUrl ?? '');
    expect(second.body).toMatchObject({ totalSize: 2_450, done: true });
    expect(second.body.nextRecordsUrl).toBeUndefined();
    expect(second.body.records).toHaveLength(450);
    expect(second.body.records[0]).toMatchObject({ LastName: 'Lead 2000' });
    expect((await rest(org, accessToken, 'GET', first.body.nextRecordsUrl ?? '')).status).toBe(400);

    const small = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql('SELECT Id FROM Lead LIMIT 450'),
      undefined,
      {
        'Sforce-Query-Options': 'batchSize=200',
      },
    );
    expect(small.body.records).toHaveLength(200);
    expect(small.body.nextRecordsUrl).toMatch(/-200$/);
    const count = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql("SELECT COUNT() FROM Lead WHERE Company = 'Bulk Co'"),
    );
    expect(count.body).toEqual({ totalSize: 2_450, done: true, records: [] });
  });

  it('serves jsforce: find with $in, autoFetch across batches, and queryAll for deleted Leads', async () => {
    org = await startOrg();
    const created = Array.from({ length: 2_100 }, (_, index) =>
      org?.createLead({ LastName: `L${index}`, Company: 'Co' }),
    );
    const conn = await connect(org);
    const wanted = created.slice(0, 3).map((lead) => String(lead?.Id));
    const found = await conn.sobject('Lead').find({ Id: { $in: wanted } }, ['Id', 'Status']);
    expect(found.map((record) => record.Id).sort()).toEqual([...wanted].sort());
    expect(found[0]?.Status).toBe('Open - Not Contacted');

    const all = await conn.query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 5_000 });
    expect(all.records).toHaveLength(2_100);
    expect(org.callsByEndpoint()['GET /query/:locator']).toBe(1);

    org.deleteLead(wanted[0] ?? '');
    const live = await conn.query(`SELECT Id FROM Lead WHERE Id = '${wanted[0]}'`);
    expect(live.totalSize).toBe(0);
    const withDeleted = await conn.query(`SELECT Id, IsDeleted FROM Lead WHERE Id = '${wanted[0]}'`, {
      scanAll: true,
    });
    expect(withDeleted.records).toMatchObject([{ Id: wanted[0], IsDeleted: true }]);
  });

  it('serves CampaignMember with Campaign.Name, LeadStatus, User and Group', async () => {
    const { org, accessToken, ada, queue, rep } = await orgWithLeads();
    org.addCampaignMember(
      String(ada.Id),
      { name: 'Spring Webinar', type: 'Webinar' },
      { status: 'Responded' },
    );
    const members = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(
        `SELECT LeadId, Status, HasResponded, Campaign.Name, Campaign.Type FROM CampaignMember WHERE LeadId IN ('${ada.Id}')`,
      ),
    );
    expect(members.body.records).toEqual([
      {
        attributes: { type: 'CampaignMember', url: expect.stringMatching(/\/sobjects\/CampaignMember\/00v/) },
        LeadId: ada.Id,
        Status: 'Responded',
        HasResponded: true,
        Campaign: {
          attributes: { type: 'Campaign', url: expect.stringMatching(/\/sobjects\/Campaign\/701/) },
          Name: 'Spring Webinar',
          Type: 'Webinar',
        },
      },
    ]);
    const statuses = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql('SELECT MasterLabel, SortOrder, IsDefault, IsConverted FROM LeadStatus ORDER BY SortOrder'),
    );
    expect(statuses.body.records.map(({ attributes: _a, ...status }) => status)).toEqual([
      { MasterLabel: 'Open - Not Contacted', SortOrder: 1, IsDefault: true, IsConverted: false },
      { MasterLabel: 'Working - Contacted', SortOrder: 2, IsDefault: false, IsConverted: false },
      { MasterLabel: 'Closed - Converted', SortOrder: 3, IsDefault: false, IsConverted: true },
      { MasterLabel: 'Closed - Not Converted', SortOrder: 4, IsDefault: false, IsConverted: false },
    ]);
    const users = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql("SELECT Id, Name, Department FROM User WHERE IsActive = true AND Department = 'Sales'"),
    );
    expect(users.body.records).toMatchObject([{ Id: rep?.Id, Name: 'Rita Rep', Department: 'Sales' }]);
    const queues = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql("SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue'"),
    );
    expect(queues.body.records).toMatchObject([
      { Id: queue?.Id, Name: 'Inbound SDR Queue', DeveloperName: 'Inbound_SDR_Queue' },
    ]);
  });
});
