import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobPositionOf, phaseOf } from '../../../../src/crm/salesforce/backfill/backfill-position.ts';
import { backfillSalesforceLeads } from '../../../../src/crm/salesforce/backfill/backfill-salesforce-leads.ts';
import { describeLead, leadBulkQuery } from '../../../../src/crm/salesforce/backfill/bulk-lead-queries.ts';
import { DISPOSITION_FEEDBACK_FIELD } from '../../../../src/crm/salesforce/baton-lead-fields.ts';
import { SALESFORCE_DEFAULTS } from '../../../../src/crm/salesforce/defaults/salesforce-defaults.ts';
import {
  leadRecordOf,
  OWNER_KIND_PROPERTY,
  type SoqlRecord,
} from '../../../../src/crm/salesforce/lead-record.ts';
import { loadTenantConfig } from '../../../../src/pipeline/tenant-config.ts';
import { readLedger } from '../../../../src/store/ledger.ts';
import { getSnapshots } from '../../../../src/store/snapshots.ts';
import { listTouches } from '../../../../src/store/touches.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  CUTOFF,
  clock,
  closeOrgs,
  once,
  orgWithHistory,
  PAGE,
  SMALL,
  storedFor,
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

describe('backfill of Salesforce Leads through Bulk API 2.0', () => {
  it('imports every Lead created before the run, in pages, as the sync would have read it', async () => {
    const { org, history, tenant, connectionFor, probe } = await orgWithHistory(store.db, 2_500);
    const startedMs = performance.now();

    const outcome = await backfillSalesforceLeads(
      { db: store.db, connectionFor, clock, pollMs: 1, pageSize: 1_000 },
      tenant,
      { restart: false },
    );
    const seconds = (performance.now() - startedMs) / 1000;

    expect(outcome).toMatchObject({ kind: 'finished', resumed: false });
    const { run } = outcome;
    expect(run).toMatchObject({ imported: 2_500, expectedTotal: 2_500, slices: [], slicesDone: 2 });
    // Every call counted, the token refresh aside: limits, describe, and per job a create,
    // the checks until it completed, and one call per page of 1 000.
    const calls = org.callsByEndpoint();
    expect(calls).toMatchObject({
      'GET /limits': 1,
      'GET /sobjects/Lead/describe': 1,
      'POST /jobs/query': 2,
      'GET /jobs/query/:id/results': 3 + 2,
    });
    expect(run.requests).toBe(
      org.requestLog().filter((call) => call.endpoint.includes('/services/oauth2') === false).length,
    );
    expect(
      org.requestLog().every((call) => call.client === 'Baton' || call.endpoint.includes('oauth2')),
    ).toBe(true);

    // The snapshot of each Lead is what a REST query of the same fields makes of it.
    const config = await loadTenantConfig(store.db, tenant, SALESFORCE_DEFAULTS);
    const soql = leadBulkQuery(config, await describeLead(probe), new Date(CUTOFF));
    const answer = await probe.query(soql, { autoFetch: true, maxFetch: 10_000 });
    const read = answer.records as unknown as SoqlRecord[];
    expect(read).toHaveLength(2_500);
    const stored = new Map(
      (await getSnapshots(store.db, tenant.id, 'Lead', [...history.leadIds])).map((s) => [s.recordId, s]),
    );
    expect(stored.size).toBe(2_500);
    for (const raw of read) {
      const lead = leadRecordOf(raw);
      expect(stored.get(lead.id)?.properties).toEqual(lead.properties);
      expect(stored.get(lead.id)?.observedAt).toBe(lead.modifiedAt);
    }
    expect(stored.get(history.leadIds[3] ?? '')?.properties[DISPOSITION_FEEDBACK_FIELD.apiName]).toBe(
      'Quote "Q", Comma\nand a line',
    );
    expect(stored.get(history.queuedId)?.properties[OWNER_KIND_PROPERTY]).toBe('queue');

    // Stages from the org's own statuses and conversion.
    const stageOf = async (id: string) =>
      (await readLedger(store.db, tenant.id, id)).filter((e) => e.kind === 'stage_entered').at(-1)?.stage;
    expect(await stageOf(history.convertedWithOpportunityId)).toBe('opportunity');
    expect(await stageOf(history.convertedWithoutOpportunityId)).toBe('sql');
    expect(await stageOf(history.workingId)).toBe('sal');
    expect(await stageOf(history.leadIds[2] ?? '')).toBe('mql');

    // Touches: the LeadSource of each Lead that has one, and every campaign membership, even the
    // ones far apart in the results; Lead 0 is in both campaigns.
    const touches = await listTouches(store.db, tenant.id, history.leadIds[0] ?? '');
    expect(touches.map((t) => `${t.id.split(':')[0]}: ${t.campaign ?? t.sourceDetail}`).sort()).toEqual([
      'campaign_member: Spring webinar',
      'campaign_member: Trade show',
      'lead_source: Web',
    ]);
    const counts = await storedFor(store.db, tenant);
    expect(counts.snapshots).toBe(2_500);
    expect(counts.campaignTouches).toBe(history.memberships);
    expect(counts.touches).toBe(history.withLeadSource + history.memberships);
    // One write-back per Lead, and one per membership: campaigns change the card.
    expect(counts.writebacks).toBe(2_500 + history.memberships);

    console.info(
      `salesforce backfill: 2 500 Leads and ${history.memberships} memberships in ${seconds.toFixed(2)} s ` +
        `(${Math.round(2_500 / seconds)} Leads/s), ${run.requests} API requests ` +
        `(${((run.requests * 1_000) / 2_500).toFixed(1)} per 1 000 Leads at 1 000 a page), ${counts.ledger} ledger rows`,
    );
  }, 120_000);

  it('stops after the page in hand when interrupted; re-runs continue at the next locator of the same jobs', async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor } = await orgWithHistory(store.db, SMALL);
    const deps = { db: store.db, connectionFor, clock, pollMs: 1, pageSize: PAGE };

    const inLeads = new AbortController();
    const first = await backfillSalesforceLeads(
      {
        ...deps,
        signal: inLeads.signal,
        onProgress: once(
          (run) => run.imported === PAGE,
          () => inLeads.abort(),
        ),
      },
      tenant,
      { restart: false },
    );
    expect(first).toMatchObject({ kind: 'interrupted', run: { imported: PAGE } });
    expect(first).not.toHaveProperty('allocation');
    expect((await storedFor(store.db, tenant)).snapshots).toBe(PAGE);

    const inCampaigns = new AbortController();
    const second = await backfillSalesforceLeads(
      {
        ...deps,
        signal: inCampaigns.signal,
        onProgress: once(
          (run) => phaseOf(run) === 'campaign_members' && (jobPositionOf(run)?.read ?? 0) > 0,
          () => inCampaigns.abort(),
        ),
      },
      tenant,
      { restart: false },
    );
    expect(second).toMatchObject({ kind: 'interrupted', run: { imported: SMALL, slicesDone: 1 } });

    const third = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(third).toMatchObject({ kind: 'finished', resumed: true, run: { imported: SMALL } });
    // One job per phase across the three runs, and no page read twice.
    const calls = org.callsByEndpoint();
    expect(calls['POST /jobs/query']).toBe(2);
    expect(calls['GET /jobs/query/:id/results']).toBe(expected.pages);
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });

  it('says a finished run is finished without calling Salesforce; --restart imports again, changing nothing', async () => {
    const expected = await uninterrupted(store.db);
    const { org, tenant, connectionFor } = await orgWithHistory(store.db, SMALL);
    const deps = { db: store.db, connectionFor, clock, pollMs: 1, pageSize: PAGE };
    const done = await backfillSalesforceLeads(deps, tenant, { restart: false });
    const calls = org.requestLog().length;

    const again = await backfillSalesforceLeads(deps, tenant, { restart: false });
    expect(again.kind).toBe('already_finished');
    expect(again.run.finishedAt).toEqual(done.run.finishedAt);
    expect(org.requestLog()).toHaveLength(calls);

    const restarted = await backfillSalesforceLeads(deps, tenant, { restart: true });
    expect(restarted).toMatchObject({ kind: 'finished', resumed: false, run: { imported: SMALL } });
    expect(org.callsByEndpoint()['POST /jobs/query']).toBe(4);
    expect(await storedFor(store.db, tenant)).toEqual(expected.stored);
  });
});
