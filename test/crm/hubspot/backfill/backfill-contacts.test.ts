import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backfillHubSpotContacts } from '../../../../src/crm/hubspot/backfill/backfill-contacts.ts';
import { SEARCH_RESULT_CAP } from '../../../../src/crm/hubspot/backfill/contact-slices.ts';
import { CONTACT_SEARCH_PATH } from '../../../../src/crm/hubspot/backfill/search-contacts.ts';
import { UpstreamUnavailableError } from '../../../../src/errors.ts';
import type { BackfillRun } from '../../../../src/store/backfill-runs.ts';
import { readLedger } from '../../../../src/store/ledger.ts';
import { getSnapshot } from '../../../../src/store/snapshots.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { API, busiestWindow, isolateNetwork, T0 } from '../api/hubspot-test-kit.ts';
import { installedPortal, storedFor } from './backfill-kit.ts';
import { contactSearchStandIn, portalContacts } from './contact-search-stand-in.ts';
import { leadStandIn } from './lead-stand-in.ts';

const CAP = 50;
const contacts = portalContacts({ spread: 90, burst: 210, until: T0 });

let store: TestStore;
beforeAll(async () => {
  isolateNetwork();
  store = await openTestStore();
});
afterAll(() => store.close());
afterEach(() => {
  nock.cleanAll();
});

describe('backfill of HubSpot contacts', () => {
  it('folds onto each contact the Lead it already holds, where the portal granted the Lead scope', async () => {
    const { tenant, http, time } = await installedPortal(store.db, {
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.leads.read'],
    });
    const few = contacts.slice(0, 40);
    const hubspot = contactSearchStandIn({ contacts: few, cap: CAP });
    const id = (i: number) => few[i]?.id ?? '';
    const lead = (
      leadId: string,
      contact: number,
      stage: string,
      updatedAt: number,
      others: number[] = [],
    ) => ({
      id: leadId,
      primaryContactId: id(contact),
      alsoAssociatedWith: others.map(id),
      updatedAt,
      properties: {
        hs_pipeline: 'lead-pipeline-id',
        hs_pipeline_stage: stage,
        hubspot_owner_id: '21',
        createdate: String(updatedAt),
      },
    });
    const leads = leadStandIn([
      lead('9001', 0, 'connected-stage-id', T0 - 5_000),
      // Contact 1 holds two Leads: the one changed last shows.
      lead('9002', 1, 'new-stage-id', T0 - 9_000),
      lead('9003', 1, 'attempting-stage-id', T0 - 3_000),
      // Associated with contact 3 too, but contact 2's Lead: it is folded onto contact 2 only.
      lead('9004', 2, 'new-stage-id', T0 - 4_000, [3]),
    ]);

    const outcome = await backfillHubSpotContacts(
      { db: store.db, http, clock: time.clock, resultCap: CAP },
      tenant,
      {
        restart: false,
      },
    );

    expect(outcome.kind).toBe('finished');
    const leadOf = async (contact: number) =>
      (await getSnapshot(store.db, tenant.id, 'contacts', id(contact)))?.properties ?? {};
    expect(await leadOf(0)).toMatchObject({
      $linked_record: '9001',
      'lead.hs_pipeline_stage': 'connected-stage-id',
    });
    expect(await leadOf(1)).toMatchObject({
      $linked_record: '9003',
      'lead.hs_pipeline_stage': 'attempting-stage-id',
    });
    expect(await leadOf(2)).toMatchObject({ $linked_record: '9004' });
    expect((await leadOf(3))['$linked_record']).toBeUndefined();
    // A Lead being worked puts the contact in sales' accepted stage, held by the Lead's owner;
    // the contact beside it, associated with a Lead that is not its own, stays where it was.
    const ledgerOf = (contact: number) => readLedger(store.db, tenant.id, id(contact));
    for (const contact of [0, 1]) {
      const entries = await ledgerOf(contact);
      expect(entries.filter((e) => e.kind === 'stage_entered').at(-1)?.stage).toBe('sal');
      expect(entries.map((e) => e.event)).toContain('accepted');
      expect(entries.filter((e) => e.kind === 'owner_person_changed').at(-1)?.ownerPerson).toBe('21');
    }
    expect((await ledgerOf(2)).filter((e) => e.kind === 'owner_person_changed').at(-1)?.ownerPerson).toBe(
      '21',
    );
    const beside = await ledgerOf(3);
    expect(beside.map((e) => e.event)).not.toContain('accepted');
    expect(beside.filter((e) => e.kind === 'owner_person_changed')).toEqual([]);
    // One association read per search page, and per page with Leads one Lead read and one primary read.
    const paths = leads.calls.map((call) => call.path);
    expect(paths.filter((p) => p.includes('contacts/leads')).length).toBe(hubspot.calls.length);
    expect(paths.filter((p) => p.includes('objects/leads')).length).toBeLessThanOrEqual(hubspot.calls.length);
    await leads.assertAllConform();
    await hubspot.assertAllConform();
  });

  it('reads no Leads where the portal did not grant the Lead scope', async () => {
    const { tenant, http, time } = await installedPortal(store.db);
    contactSearchStandIn({ contacts: contacts.slice(0, 20), cap: CAP });
    const leads = leadStandIn([]);
    const outcome = await backfillHubSpotContacts(
      { db: store.db, http, clock: time.clock, resultCap: CAP },
      tenant,
      {
        restart: false,
      },
    );
    expect(outcome.kind).toBe('finished');
    expect(leads.calls).toEqual([]);
  });

  it('halves date slices HubSpot counts above the cap and imports every contact exactly once', async () => {
    const { tenant, http, time } = await installedPortal(store.db);
    const hubspot = contactSearchStandIn({ contacts, cap: CAP });
    const startedMs = performance.now();

    const outcome = await backfillHubSpotContacts(
      { db: store.db, http, clock: time.clock, resultCap: CAP },
      tenant,
      {
        restart: false,
      },
    );
    const seconds = (performance.now() - startedMs) / 1000;

    expect(outcome.kind).toBe('finished');
    const { run } = outcome;
    expect(run.imported).toBe(contacts.length);
    expect(run.expectedTotal).toBe(contacts.length);
    expect(run.finishedAt).not.toBeNull();
    // 300 contacts cannot be paged by one query capped at 50: the run had to split.
    expect(run.slicesDone).toBeGreaterThan(contacts.length / CAP);
    const stored = await storedFor(store.db, tenant);
    expect(stored.snapshots).toBe(contacts.length);
    expect(stored.writebacks).toBe(contacts.length);
    expect(stored.ledger).toBeGreaterThanOrEqual(contacts.length);
    // Every slice was paged within the cap, or the stand-in would have answered 400 and failed the run.
    const offsets = hubspot.calls.map((c) => Number((c.body as { after: string }).after));
    expect(Math.max(...offsets)).toBeLessThan(CAP);
    await hubspot.assertAllConform();
    console.info(
      `backfill: ${contacts.length} contacts in ${seconds.toFixed(2)} s (${Math.round(contacts.length / seconds)}/s), ` +
        `${run.requests} searches (${((run.requests * 100) / contacts.length).toFixed(1)} per 100 contacts at cap ${CAP}), ` +
        `${run.slicesDone} slices, ${stored.ledger} ledger rows`,
    );
  });

  it("uses HubSpot's cap of 10 000 by default: 10 000 is paged, 10 001 is split", async () => {
    expect(SEARCH_RESULT_CAP).toBe(10_000);
    const totals: number[] = [10_000, 10_001];
    const runs: BackfillRun[] = [];
    for (const total of totals) {
      const { tenant, http, time } = await installedPortal(store.db);
      nock(API).post(CONTACT_SEARCH_PATH).reply(200, { total, results: [] });
      const stop = new AbortController();
      let steps = 0;
      const outcome = await backfillHubSpotContacts(
        {
          db: store.db,
          http,
          clock: time.clock,
          signal: stop.signal,
          // Stops after the first search, once its answer is stored.
          onProgress: () => {
            steps += 1;
            if (steps === 2) stop.abort();
          },
        },
        tenant,
        { restart: false },
      );
      runs.push(outcome.run);
    }
    const [paged, split] = runs;
    expect(paged).toMatchObject({ requests: 1, slicesDone: 1, slices: [] });
    expect(split).toMatchObject({ requests: 1, slicesDone: 0, imported: 0 });
    expect(split?.slices).toHaveLength(2);
    expect(split?.slices[0]?.to).toBe(split?.slices[1]?.from);
  });

  it('resumes where HubSpot failed: nothing lost, nothing applied twice', async () => {
    const baseline = await installedPortal(store.db);
    contactSearchStandIn({ contacts, cap: CAP });
    await backfillHubSpotContacts(
      { db: store.db, http: baseline.http, clock: baseline.time.clock, resultCap: CAP },
      baseline.tenant,
      { restart: false },
    );
    nock.cleanAll();

    const { tenant, http, time } = await installedPortal(store.db);
    const hubspot = contactSearchStandIn({ contacts, cap: CAP });
    // Past the first splits, so some pages are imported before HubSpot starts failing.
    hubspot.state.fail = (request) => request >= 25;
    const deps = { db: store.db, http, clock: time.clock, resultCap: CAP };
    await expect(backfillHubSpotContacts(deps, tenant, { restart: false })).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    const interrupted = await storedFor(store.db, tenant);
    expect(interrupted.snapshots).toBeGreaterThan(0);
    expect(interrupted.snapshots).toBeLessThan(contacts.length);
    const failedAt = hubspot.calls.length - 1;

    hubspot.state.fail = () => false;
    const outcome = await backfillHubSpotContacts(deps, tenant, { restart: false });

    expect(outcome).toMatchObject({ kind: 'finished', resumed: true });
    // The first search after the failure asks for exactly the page that failed.
    expect(hubspot.calls[failedAt + 1]?.body).toEqual(hubspot.calls[failedAt]?.body);
    expect(outcome.run.imported).toBe(contacts.length);
    const resumed = await storedFor(store.db, tenant);
    const uninterrupted = await storedFor(store.db, baseline.tenant);
    expect(resumed).toEqual(uninterrupted);
    expect(resumed.snapshots).toBe(contacts.length);
  });

  it('stops between pages when aborted, and the next run continues after the last stored page', async () => {
    const { tenant, http, time } = await installedPortal(store.db);
    const hubspot = contactSearchStandIn({ contacts, cap: CAP });
    const stop = new AbortController();
    let steps = 0;
    const first = await backfillHubSpotContacts(
      {
        db: store.db,
        http,
        clock: time.clock,
        resultCap: CAP,
        signal: stop.signal,
        onProgress: () => {
          steps += 1;
          if (steps === 7) stop.abort();
        },
      },
      tenant,
      { restart: false },
    );
    expect(first.kind).toBe('interrupted');
    expect(hubspot.calls).toHaveLength(6);
    expect((await storedFor(store.db, tenant)).snapshots).toBe(first.run.imported);

    const second = await backfillHubSpotContacts(
      { db: store.db, http, clock: time.clock, resultCap: CAP },
      tenant,
      {
        restart: false,
      },
    );
    expect(second).toMatchObject({ kind: 'finished', resumed: true });
    expect(second.run.imported).toBe(contacts.length);
  });

  it('says a finished run is finished without calling HubSpot, and --restart imports again idempotently', async () => {
    const { tenant, http, time } = await installedPortal(store.db);
    const hubspot = contactSearchStandIn({ contacts, cap: CAP });
    const deps = { db: store.db, http, clock: time.clock, resultCap: CAP };
    const done = await backfillHubSpotContacts(deps, tenant, { restart: false });
    const afterFirst = await storedFor(store.db, tenant);
    const calls = hubspot.calls.length;

    const again = await backfillHubSpotContacts(deps, tenant, { restart: false });
    expect(again.kind).toBe('already_finished');
    expect(again.run.finishedAt).toEqual(done.run.finishedAt);
    expect(hubspot.calls).toHaveLength(calls);

    const restarted = await backfillHubSpotContacts(deps, tenant, { restart: true });
    expect(restarted).toMatchObject({ kind: 'finished', resumed: false });
    expect(restarted.run.imported).toBe(contacts.length);
    expect(hubspot.calls).toHaveLength(calls * 2);
    expect(await storedFor(store.db, tenant)).toEqual(afterFirst);
  });

  it("keeps every search inside the portal's shared limit and HubSpot's search limit", async () => {
    const portalLimit = { limit: 5, windowMs: 10_000, bucketMs: 1_000 };
    const { tenant, http, time } = await installedPortal(store.db, { portalLimit });
    const hubspot = contactSearchStandIn({ contacts, cap: CAP, at: time.nowMs });

    await backfillHubSpotContacts({ db: store.db, http, clock: time.clock, resultCap: CAP }, tenant, {
      restart: false,
    });

    expect(hubspot.requestedAt.length).toBeGreaterThan(3 * portalLimit.limit);
    expect(busiestWindow(hubspot.requestedAt, portalLimit.windowMs)).toBeLessThanOrEqual(portalLimit.limit);
    expect(busiestWindow(hubspot.requestedAt, 1_000)).toBeLessThanOrEqual(4);
    // The limit bound: the run took at least one full window per 5 requests.
    const spanMs = Math.max(...hubspot.requestedAt) - Math.min(...hubspot.requestedAt);
    expect(spanMs).toBeGreaterThanOrEqual(
      Math.floor((hubspot.requestedAt.length - 1) / portalLimit.limit) * portalLimit.windowMs,
    );
  });
});
