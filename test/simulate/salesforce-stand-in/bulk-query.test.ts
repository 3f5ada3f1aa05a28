import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, rest, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface JobInfo {
  readonly id: string;
  readonly state: string;
  readonly object: string;
  readonly operation: string;
  readonly numberRecordsProcessed: number;
}

async function orgWith(count: number) {
  org = await startOrg();
  const [queue] = org.addQueues([{ name: 'SDR Queue' }]);
  org.setRecordClock(() => new Date(Date.UTC(2026, 1, 3, 4, 5, 6)));
  for (let index = 0; index < count; index += 1) {
    org.createLead({
      LastName: index === 0 ? 'Quote "Q" Mark, Jr.' : `Lead ${index}`,
      Company: 'Co',
      OwnerId: queue?.Id,
    });
  }
  const { accessToken } = await install(org);
  return { org, accessToken };
}

describe('Salesforce stand-in Bulk API 2.0 query', () => {
  it('moves a job UploadComplete → InProgress → JobComplete over two polls', async () => {
    const { org, accessToken } = await orgWith(3);
    const created = await rest<JobInfo>(org, accessToken, 'POST', 'jobs/query', {
      operation: 'query',
      query: 'SELECT Id, LastName, Owner.Type, CreatedDate FROM Lead ORDER BY CreatedDate, Id',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^750/),
      state: 'UploadComplete',
      object: 'Lead',
      operation: 'query',
      contentType: 'CSV',
    });
    const results = `jobs/query/${created.body.id}/results`;
    expect(await rest(org, accessToken, 'GET', results)).toMatchObject({
      status: 412,
      body: [{ errorCode: 'JOB_NOT_COMPLETE' }],
    });
    expect((await rest<JobInfo>(org, accessToken, 'GET', `jobs/query/${created.body.id}`)).body.state).toBe(
      'InProgress',
    );
    const done = await rest<JobInfo>(org, accessToken, 'GET', `jobs/query/${created.body.id}`);
    expect(done.body).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 3 });

    const page = await rest<string>(org, accessToken, 'GET', results);
    expect(page.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(page.headers.get('sforce-locator')).toBe('null');
    expect(page.headers.get('sforce-numberofrecords')).toBe('3');
    const lines = page.body.trimEnd().split('\n');
    expect(lines[0]).toBe('"Id","LastName","Owner.Type","CreatedDate"');
    expect(lines[1]).toMatch(
      /^"00Q[A-Za-z0-9]{15}","Quote ""Q"" Mark, Jr\.","Queue","2026-02-03T04:05:06\.000Z"$/,
    );
    expect(lines).toHaveLength(4);
  });

  it('pages results by maxRecords and Sforce-Locator until the locator is "null"', async () => {
    const { org, accessToken } = await orgWith(25);
    const created = await rest<JobInfo>(org, accessToken, 'POST', 'jobs/query', {
      operation: 'query',
      query: 'SELECT LastName FROM Lead',
    });
    await rest(org, accessToken, 'GET', `jobs/query/${created.body.id}`);
    await rest(org, accessToken, 'GET', `jobs/query/${created.body.id}`);
    const names: string[] = [];
    const counts: string[] = [];
    let locator: string | null = '';
    while (locator !== 'null') {
      const query: string = `maxRecords=10${locator ? `&locator=${locator}` : ''}`;
      const page = await rest<string>(
        org,
        accessToken,
        'GET',
        `jobs/query/${created.body.id}/results?${query}`,
      );
      const [header, ...rows] = page.body.trimEnd().split('\n');
      expect(header).toBe('"LastName"');
      names.push(...rows.map((row) => row.slice(1, -1)));
      counts.push(page.headers.get('sforce-numberofrecords') ?? '');
      locator = page.headers.get('sforce-locator');
    }
    expect(counts).toEqual(['10', '10', '5']);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    const again = await rest<string>(
      org,
      accessToken,
      'GET',
      `jobs/query/${created.body.id}/results?maxRecords=10&locator=${Buffer.from('10').toString('base64url')}`,
    );
    expect(again.body.split('\n')[1]).toBe(`"${names[10]}"`);
    expect(
      (await rest(org, accessToken, 'GET', `jobs/query/${created.body.id}/results?locator=bm9wZQ`)).status,
    ).toBe(400);
    expect(
      (await rest(org, accessToken, 'GET', `/services/data/v60.0/jobs/query/${created.body.id}/results`))
        .status,
    ).toBe(409);
  });

  it('refuses a bad job, aborts and deletes one, and 404s an unknown one', async () => {
    const { org, accessToken } = await orgWith(1);
    expect(
      await rest(org, accessToken, 'POST', 'jobs/query', {
        operation: 'query',
        query: 'SELECT Nope FROM Lead',
      }),
    ).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_FIELD' }],
    });
    expect(
      (
        await rest(org, accessToken, 'POST', 'jobs/query', {
          operation: 'upsert',
          query: 'SELECT Id FROM Lead',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await rest(org, accessToken, 'POST', 'jobs/query', {
          operation: 'query',
          query: 'SELECT COUNT() FROM Lead',
        })
      ).status,
    ).toBe(400);
    const created = await rest<JobInfo>(org, accessToken, 'POST', 'jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Lead',
    });
    const aborted = await rest<JobInfo>(org, accessToken, 'PATCH', `jobs/query/${created.body.id}`, {
      state: 'Aborted',
    });
    expect(aborted.body.state).toBe('Aborted');
    expect((await rest<JobInfo>(org, accessToken, 'GET', `jobs/query/${created.body.id}`)).body.state).toBe(
      'Aborted',
    );
    expect((await rest(org, accessToken, 'DELETE', `jobs/query/${created.body.id}`)).status).toBe(204);
    expect((await rest(org, accessToken, 'GET', `jobs/query/${created.body.id}`)).status).toBe(404);
  });

  it('serves jsforce’s bulk2.query end to end, deleted Leads included for queryAll', async () => {
    const { org } = await orgWith(30);
    const conn = await connect(org);
    const doomed = org.leads()[0];
    org.deleteLead(String(doomed?.Id));
    conn.bulk2.pollInterval = 10;
    const records = await (await conn.bulk2.query('SELECT Id, LastName, Owner.Type FROM Lead')).toArray();
    expect(records).toHaveLength(29);
    expect(records[0]).toMatchObject({ 'Owner.Type': 'Queue' });
    const all = await (await conn.bulk2.query('SELECT Id, IsDeleted FROM Lead', { scanAll: true })).toArray();
    expect(all).toHaveLength(30);
    expect(all.filter((record) => record.IsDeleted === 'true').map((record) => record.Id)).toEqual([
      doomed?.Id,
    ]);
  });
});
