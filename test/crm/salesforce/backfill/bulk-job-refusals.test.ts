import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newSalesforceConnection } from '../../../../src/crm/salesforce/api/salesforce-connection.ts';
import {
  backfillSalesforceLeads,
  LEAD_BACKFILL,
} from '../../../../src/crm/salesforce/backfill/backfill-salesforce-leads.ts';
import { UpstreamRejectedError } from '../../../../src/errors.ts';
import { getBackfillRun } from '../../../../src/store/backfill-runs.ts';
import { createTenant, getTenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  API_PATH,
  blockRealNetwork,
  createSalesforceStandIn,
  INSTANCE_URL,
  ORG_ID_18,
  restoreJsforceDispatcher,
} from '../oauth/salesforce-stand-in.ts';
import { CUTOFF } from './backfill-kit.ts';

const JOB_ID = '7505e000004AbCdAAK';

let store: TestStore;
beforeAll(async () => {
  blockRealNetwork();
  store = await openTestStore();
});
afterAll(async () => {
  restoreJsforceDispatcher();
  await store.close();
});
afterEach(() => {
  nock.cleanAll();
});

const field = (name: string, type: string, relationshipName: string | null = null) => ({
  name,
  type,
  relationshipName,
});

/** An org whose Lead has a compound Address, mocked at the HTTP boundary up to the job's creation. */
async function orgCreatingJob(
  orgId: string,
  queries: string[],
  jobAnswer: { status: number; body: unknown },
) {
  const tenant = await createTenant(
    store.db,
    { crm: 'salesforce', externalId: orgId, name: 'Acme', status: 'active' },
    new Date(CUTOFF),
  );
  // A territory on the compound Address, and a product line no SELECT list may hold.
  await updateTenantSettings(
    store.db,
    tenant.id,
    (settings) => ({
      ...settings,
      scopeProperties: { territory: 'Address', productLine: 'Owner.Name FROM User WHERE Id != null --' },
    }),
    { actor: 'test', now: new Date(CUTOFF) },
  );
  const salesforce = createSalesforceStandIn();
  salesforce.api('get', '/limits', {
    status: 200,
    body: { DailyApiRequests: { Max: 100_000, Remaining: 99_000 } },
    headers: { 'sforce-limit-info': 'api-usage=1000/100000' },
  });
  salesforce.api('get', '/sobjects/Lead/describe', {
    status: 200,
    body: {
      name: 'Lead',
      fields: [
        field('Id', 'id'),
        field('Status', 'picklist'),
        field('OwnerId', 'reference', 'Owner'),
        field('LeadSource', 'picklist'),
        field('IsConverted', 'boolean'),
        field('CreatedDate', 'datetime'),
        field('SystemModstamp', 'datetime'),
        field('Address', 'address'),
        field('City', 'string'),
      ],
    },
  });
  nock(INSTANCE_URL)
    .post(`${API_PATH}/jobs/query`)
    .reply(async (request: Request) => {
      queries.push(String((JSON.parse(await request.text()) as { query?: unknown }).query));
      return [jobAnswer.status, JSON.stringify(jobAnswer.body), { 'content-type': 'application/json' }];
    });
  const configured = await getTenant(store.db, tenant.id);
  if (!configured) throw new Error('the tenant was not stored');
  const connectionFor = async () =>
    newSalesforceConnection({ instanceUrl: INSTANCE_URL, accessToken: 'access-token-for-refusal-tests' });
  return { salesforce, tenant: configured, connectionFor };
}

describe('Bulk API jobs Salesforce refuses or fails', () => {
  it("asks for what Bulk API 2.0 can select, and fails with Salesforce's reason when the job fails", async () => {
    const queries: string[] = [];
    const { salesforce, tenant, connectionFor } = await orgCreatingJob(ORG_ID_18, queries, {
      status: 200,
      body: { id: JOB_ID, operation: 'query', object: 'Lead', state: 'UploadComplete' },
    });
    salesforce.api('get', `/jobs/query/${JOB_ID}`, {
      status: 200,
      body: { id: JOB_ID, state: 'InProgress' },
    });
    salesforce.api('get', `/jobs/query/${JOB_ID}`, {
      status: 200,
      body: { id: JOB_ID, state: 'Failed', errorMessage: 'Query timed out after 10 retries' },
    });

    const failing = backfillSalesforceLeads(
      { db: store.db, connectionFor, clock: () => new Date(CUTOFF), pollMs: 1 },
      tenant,
      { restart: false },
    );

    await expect(failing).rejects.toThrow(
      `Salesforce's Bulk API query job ${JOB_ID} ended Failed: Query timed out after 10 retries`,
    );
    await expect(failing).rejects.toBeInstanceOf(UpstreamRejectedError);
    const [query] = queries;
    expect(query).toMatch(
      /^SELECT .*Id.*, Owner\.Type.* FROM Lead WHERE CreatedDate < 2026-03-02T10:00:00Z$/,
    );
    expect(query).not.toMatch(/Address|FROM User|--/);
    // The failed job is forgotten, so the next run asks again; its calls are counted.
    const run = await getBackfillRun(store.db, tenant.id, LEAD_BACKFILL);
    expect(run).toMatchObject({ after: null, imported: 0, requests: 5, finishedAt: null });
    expect(nock.isDone()).toBe(true);
  });

  it("refuses with Salesforce's words when it will not run the query, and stores no job", async () => {
    const { tenant, connectionFor } = await orgCreatingJob('00D5e000009zZzZEAU', [], {
      status: 400,
      body: [
        {
          errorCode: 'INVALID_FIELD',
          message:
            "\nSELECT Id, Bogus__c FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Bogus__c' on entity 'Lead'.",
        },
      ],
    });
    const failing = backfillSalesforceLeads(
      { db: store.db, connectionFor, clock: () => new Date(CUTOFF), pollMs: 1 },
      tenant,
      { restart: false },
    );
    await expect(failing).rejects.toThrow(
      "Salesforce refused the query (creating a Bulk API query job): INVALID_FIELD: No such column 'Bogus__c' on entity 'Lead'.",
    );
    await expect(failing).rejects.toBeInstanceOf(UpstreamRejectedError);
    const run = await getBackfillRun(store.db, tenant.id, LEAD_BACKFILL);
    expect(run).toMatchObject({ after: null, imported: 0, requests: 3 });
  });
});
