import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, install, postForm, rest, soql, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface Limits {
  readonly DailyApiRequests: { readonly Max: number; readonly Remaining: number };
}

describe('Salesforce stand-in API allocation and injected failures', () => {
  it('counts every REST call against DailyApiRequests, and not the OAuth calls', async () => {
    org = await startOrg({ dailyApiRequests: { max: 15_000 } });
    const { accessToken } = await install(org);
    await rest(org, accessToken, 'GET', soql('SELECT Id FROM Lead'));
    await rest(org, accessToken, 'GET', 'sobjects/Lead/describe');
    const limits = await rest<Limits>(org, accessToken, 'GET', 'limits');
    expect(limits.body.DailyApiRequests).toEqual({ Max: 15_000, Remaining: 14_997 });
    expect(limits.headers.get('sforce-limit-info')).toBe('api-usage=3/15000');
    expect(org.apiUsage()).toEqual({ max: 15_000, used: 3, remaining: 14_997 });
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is spent, when told to enforce it', async () => {
    org = await startOrg({ dailyApiRequests: { max: 2, enforce: true } });
    const conn = await connect(org);
    await conn.query('SELECT Id FROM Lead');
    await conn.query('SELECT Id FROM Lead');
    const { accessToken } = await install(org);
    const refused = await rest(org, accessToken, 'GET', soql('SELECT Id FROM Lead'));
    expect(refused).toMatchObject({
      status: 403,
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    });
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    org.setApiAllocation({ used: 0 });
    expect((await rest(org, accessToken, 'GET', 'limits')).status).toBe(200);
  });

  it('injects 5xx answers, REQUEST_LIMIT_EXCEEDED and timeouts for the next matching calls', async () => {
    org = await startOrg();
    const { accessToken, refreshToken } = await install(org);
    org.injectFailures({ kind: 'server-error', status: 503, count: 2, path: '/composite/sobjects' });
    org.injectFailures({ kind: 'request-limit', count: 1, path: '/query' });
    const write = () =>
      rest(org as SalesforceStandIn, accessToken, 'PATCH', 'composite/sobjects', { records: [] });
    expect((await write()).status).toBe(503);
    expect((await rest(org, accessToken, 'GET', soql('SELECT Id FROM Lead'))).body).toEqual([
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    ]);
    expect((await rest(org, accessToken, 'GET', soql('SELECT Id FROM Lead'))).status).toBe(200);
    expect((await write()).body).toEqual([
      { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable, please try again later.' },
    ]);
    expect((await write()).status).toBe(200);

    org.injectFailures({ kind: 'server-error', count: 1, path: '/services/oauth2/token' });
    const token = await postForm(org, '/services/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    expect(token.status).toBe(500);

    org.injectFailures({ kind: 'timeout', count: 1, hangMs: 200, path: '/limits' });
    const started = Date.now();
    await expect(rest(org, accessToken, 'GET', 'limits')).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect((await rest(org, accessToken, 'GET', 'limits')).status).toBe(200);
    expect(() => org?.injectFailures({ kind: 'timeout', count: 0 })).toThrow(/positive whole count/);
  });

  it('counts calls per endpoint: one SOQL read and one collections write for 200 Leads', async () => {
    org = await startOrg();
    const leads = Array.from({ length: 200 }, (_, index) =>
      org?.createLead({ LastName: `L${index}`, Company: 'Co' }),
    );
    const conn = await connect(org, { callOptions: { client: 'Baton' } });
    org.resetCounters();
    const ids = leads.map((lead) => String(lead?.Id));
    const read = await conn
      .sobject('Lead')
      .find({ Id: { $in: ids } }, ['Id', 'Status', 'OwnerId', 'SystemModstamp']);
    expect(read).toHaveLength(200);
    const written = await conn
      .sobject('Lead')
      .update(read.map((record) => ({ Id: record.Id, baton__Stage__c: 'MQL' })));
    expect(written.every((result) => result.success)).toBe(true);
    expect(org.callsByEndpoint()).toEqual({ 'GET /query': 1, 'PATCH /composite/sobjects': 1 });
    expect(org.requestLog().map((entry) => entry.client)).toEqual(['Baton', 'Baton']);
    expect(org.changes().filter((change) => change.client === 'Baton')).toHaveLength(200);
  });
});
