import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeShortfall } from '../../../../src/crm/salesforce/backfill/allocation-reserve.ts';
import { jobPositionOf } from '../../../../src/crm/salesforce/backfill/backfill-position.ts';
import { backfillSalesforceLeads } from '../../../../src/crm/salesforce/backfill/backfill-salesforce-leads.ts';
import { RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../../../src/errors.ts';
import type { BackfillRun } from '../../../../src/store/backfill-runs.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  clock,
  closeOrgs,
  once,
  orgWithHistory,
  PAGE,
  SMALL,
  storedFor,
  storedRun,
  uninterrupted,
} from './backfill-kit.ts';

let store: TestStore;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  store = await openTestStore();
});
afterAll(async () => {
  await closeOrgs();
  await store.close();
  nock.enableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

/**
 * What Salesforce does to a long import: the allocation runs low or out, it answers 503, a job
 * is gone or aborted. Each run stops with its position kept, and the next run ends where an
 * uninterrupted one would have: nothing lost, nothing applied twice.
 */
describe('backfill of Salesforce Leads when Salesforce fails it', () => {
  it('leaves the org its reserve of API requests: it stops between pages and says where the allocation stands', async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor } = await orgWithHistory(store.db, SMALL);
    const deps = { db: store.db, connectionFor, clock, pollMs: 1, pageSize: PAGE };
    // 105 left of 1 000: the reserve is 100, and each call spends one.
    org.setApiAllocation({ max: 1_000, used: 895 });
    const paused = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(paused).toMatchObject({
      kind: 'interrupted',
      allocation: { max: 1_000, remaining: 99, reserve: 100 },
      run: { imported: PAGE },
    });
    expect(paused.run.requests).toBe(6);
    if (paused.kind !== 'interrupted' || !paused.allocation) throw new Error('not paused for the allocation');
    expect(describeShortfall(paused.allocation)).toBe(
      'the org has 99 of its 1,000 daily API requests left, fewer than the 100 the backfill leaves to the org',
    );

    // Already under the reserve: one look at /limits, nothing else.
    const before = org.requestLog().length;
    const still = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(still).toMatchObject({ kind: 'interrupted', allocation: { remaining: 98 } });
    expect(
      org
        .requestLog()
        .slice(before)
        .map((call) => call.endpoint),
    ).toEqual(['GET /limits']);

    org.setApiAllocation({ used: 0 });
    const resumed = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(resumed).toMatchObject({ kind: 'finished', resumed: true, run: { imported: SMALL } });
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });

  it('fails with RateLimitedError on REQUEST_LIMIT_EXCEEDED, the job kept, and continues with it later', async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor } = await orgWithHistory(store.db, SMALL);
    const deps = { db: store.db, connectionFor, clock, pollMs: 1, pageSize: PAGE };
    const failing = backfillSalesforceLeads(
      {
        ...deps,
        onProgress: once(
          (run) => run.after !== null,
          () => org.injectFailures({ kind: 'request-limit', count: 1, path: '/jobs/query' }),
        ),
      },
      tenant,
      { restart: false },
    );
    await expect(failing).rejects.toBeInstanceOf(RateLimitedError);
    const stored = await storedRun(store.db, tenant.id);
    expect(jobPositionOf(stored ?? { after: null })).toMatchObject({ locator: null, read: 0 });
    // limits, describe, create, and the refused check.
    expect(stored?.requests).toBe(4);

    const resumed = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(resumed).toMatchObject({ kind: 'finished', resumed: true });
    expect(org.callsByEndpoint()['POST /jobs/query']).toBe(2);
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });

  it('retries a results page Salesforce answers 503; when it keeps failing, the position stays where it was', async () => {
    const expected = await uninterrupted(store.db);
    const once503 = await orgWithHistory(store.db, SMALL);
    const retried = await backfillSalesforceLeads(
      {
        db: store.db,
        connectionFor: once503.connectionFor,
        clock,
        pollMs: 1,
        pageSize: PAGE,
        retry: { minTimeout: 1 },
        onProgress: once(
          (run) => run.imported === PAGE,
          () =>
            once503.org.injectFailures({ kind: 'server-error', status: 503, count: 1, path: '/jobs/query/' }),
        ),
      },
      once503.tenant,
      { restart: false },
    );
    expect(retried).toMatchObject({ kind: 'finished', run: { imported: SMALL } });
    const statuses = once503.org
      .requestLog()
      .filter((call) => call.endpoint === 'GET /jobs/query/:id/results')
      .map((call) => call.status);
    expect(statuses).toEqual([200, 503, ...Array(expected.pages - 1).fill(200)]);
    expect(await storedFor(store.db, once503.tenant)).toEqual(expected.stored);

    const { org, tenant, connectionFor } = await orgWithHistory(store.db, SMALL);
    const deps = {
      db: store.db,
      connectionFor,
      clock,
      pollMs: 1,
      pageSize: PAGE,
      retry: { maxRetries: 2, minTimeout: 1 },
    };
    let before: BackfillRun | undefined;
    const failing = backfillSalesforceLeads(
      {
        ...deps,
        onProgress: once(
          (run) => run.imported === PAGE,
          (run) => {
            before = run;
            org.injectFailures({ kind: 'server-error', status: 503, count: 3, path: '/jobs/query/' });
          },
        ),
      },
      tenant,
      { restart: false },
    );
    await expect(failing).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const kept = await storedRun(store.db, tenant.id);
    expect(kept).toMatchObject({
      after: before?.after,
      imported: PAGE,
      requests: (before?.requests ?? 0) + 1,
    });

    const resumed = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(resumed).toMatchObject({ kind: 'finished', resumed: true, run: { imported: SMALL } });
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });

  it('starts a phase over with a new job when Salesforce no longer has the old one', async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor, probe } = await orgWithHistory(store.db, SMALL);
    let latest: BackfillRun | undefined;
    let deleted = false;
    const outcome = await backfillSalesforceLeads(
      {
        db: store.db,
        clock,
        pollMs: 1,
        pageSize: PAGE,
        onProgress: (run) => {
          latest = run;
        },
        // Between two pages of the Lead job, the job is deleted (as Salesforce does after 7 days).
        async connectionFor(tenantId) {
          const position = latest && jobPositionOf(latest);
          if (!deleted && latest?.imported === PAGE && position) {
            deleted = true;
            await probe.request({ method: 'DELETE', url: `/jobs/query/${position.job}` });
          }
          return connectionFor(tenantId);
        },
      },
      tenant,
      { restart: false },
    );
    expect(deleted).toBe(true);
    expect(outcome).toMatchObject({ kind: 'finished', run: { imported: SMALL, expectedTotal: SMALL } });
    expect(org.callsByEndpoint()['POST /jobs/query']).toBe(3);
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });

  it("fails with Salesforce's reason when a job is aborted, and the next run asks with a new job", async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor, probe } = await orgWithHistory(store.db, SMALL);
    let latest: BackfillRun | undefined;
    let aborted = false;
    const failing = backfillSalesforceLeads(
      {
        db: store.db,
        clock,
        pollMs: 1,
        pageSize: PAGE,
        onProgress: (run) => {
          latest = run;
        },
        async connectionFor(tenantId) {
          const position = latest && jobPositionOf(latest);
          if (!aborted && position) {
            aborted = true;
            await probe.request({
              method: 'PATCH',
              url: `/jobs/query/${position.job}`,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ state: 'Aborted' }),
            });
          }
          return connectionFor(tenantId);
        },
      },
      tenant,
      { restart: false },
    );
    await expect(failing).rejects.toThrow(/^Salesforce's Bulk API query job 750\w+ ended Aborted: /);
    await expect(failing).rejects.toBeInstanceOf(UpstreamRejectedError);
    const stored = await storedRun(store.db, tenant.id);
    expect(stored).toMatchObject({ after: null, imported: 0, finishedAt: null });

    const next = await backfillSalesforceLeads(
      { db: store.db, connectionFor, clock, pollMs: 1, pageSize: PAGE },
      tenant,
      {
        restart: false,
      },
    );
    expect(next).toMatchObject({ kind: 'finished', resumed: true, run: { imported: SMALL } });
    expect(org.callsByEndpoint()['POST /jobs/query']).toBe(3);
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });
});
