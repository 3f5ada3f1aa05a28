import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.ts';
import { connectCrms } from '../../src/crm/connect-crms.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { readLedger } from '../../src/store/ledger.ts';
import { inbox } from '../../src/store/schema.ts';
import { getSnapshot } from '../../src/store/snapshots.ts';
import { findTenantByExternalId, type Tenant } from '../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { createWorker, type Worker } from '../../src/worker/worker-loop.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';
import { signV3, v3Headers } from '../webhooks/hubspot/hubspot-signing.ts';
import { fakeHubSpotPortal, HUBSPOT_API } from './hubspot-fake.ts';

const PUBLIC_BASE_URL = 'https://baton.example.test';
const SECRET = 'client-secret-for-tests';
const APP_ID = '4242';
const HUB_ID = 62515;
const silent = createLogger({
  level: process.env.E2E_LOG ? 'debug' : 'silent',
  destination: new Writable({
    write: (c, _e, cb) => {
      if (process.env.E2E_LOG) process.stderr.write(c);
      cb();
    },
  }),
});

describe('HubSpot end to end: install → signed webhooks → ledger → batched write-back', () => {
  let store: TestStore;
  let server: RunningServer;
  let worker: Worker;
  let portal: Awaited<ReturnType<typeof fakeHubSpotPortal>>;
  let tenant: Tenant;
  let eventId = 0;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    portal = await fakeHubSpotPortal({ hubId: HUB_ID });
    store = await openTestStore();
    const env = parseEnvironment({
      PUBLIC_BASE_URL,
      HUBSPOT_CLIENT_ID: 'client-id',
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_APP_ID: APP_ID,
      HUBSPOT_API_BASE_URL: HUBSPOT_API,
    });
    const encryptionKey = generateEncryptionKey();
    const hubspot = connectCrms({
      env,
      db: store.db,
      cipher: createTokenCipher(encryptionKey),
      encryptionKey,
      logger: silent,
      clock: () => new Date(),
    });
    server = await startHttpServer(
      createApp({
        logger: silent,
        pingStore: store.ping,
        engine: store.engine,
        version: 'test',
        routers: hubspot.routers,
      }),
      0,
      '127.0.0.1',
    );
    worker = createWorker({
      database: store,
      handlers: hubspot.handlers,
      logger: silent,
    });
  });

  afterAll(async () => {
    await server.close();
    await store.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const local = (path: string) => `http://127.0.0.1:${server.port}${path}`;

  async function deliver(events: readonly Record<string, unknown>[]) {
    const body = JSON.stringify(events);
    const timestamp = Date.now();
    const signature = signV3({
      secret: SECRET,
      signedUrl: `${PUBLIC_BASE_URL}/webhooks/hubspot`,
      body,
      timestamp,
    });
    const response = await fetch(local('/webhooks/hubspot'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...v3Headers(signature, timestamp) },
      body,
    });
    expect(response.status).toBe(200);
  }

  function event(
    subscriptionType: string,
    objectId: string,
    occurredAt: number,
    extra: Record<string, unknown> = {},
  ) {
    eventId += 1;
    return {
      eventId,
      subscriptionId: 11,
      portalId: HUB_ID,
      appId: Number(APP_ID),
      occurredAt,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(objectId),
      ...extra,
    };
  }

  /** A generic event about a Lead object, as a Lead subscription delivers it. */
  function leadEvent(
    subscriptionType: string,
    leadId: string,
    occurredAt: number,
    change?: { readonly propertyName: string; readonly propertyValue: string },
  ) {
    return event(subscriptionType, leadId, occurredAt, { objectTypeId: '0-136', ...change });
  }

  async function drain() {
    for (let i = 0; i < 20; i++) if ((await worker.runOnce()).claimed === 0) return;
    throw new Error('inbox did not drain');
  }

  it('installs: tenant, encrypted tokens, preset, and Baton properties bootstrapped in HubSpot', async () => {
    const install = await fetch(local('/oauth/hubspot/install'), { redirect: 'manual' });
    expect(install.status).toBe(302);
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state');
    // The browser that started the install carries its install cookie back to the callback.
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const callback = await fetch(local(`/oauth/hubspot/callback?code=auth-code&state=${state}`), {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(callback.status).toBe(200);
    const found = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
    expect(found?.status).toBe('active');
    tenant = found as Tenant;
    // The install queued the bootstrap; the worker runs it.
    expect(portal.callsTo('/crm/v3/properties/contacts/batch/create')).toHaveLength(0);
    await drain();
    expect(portal.callsTo('/crm/v3/properties/contacts/batch/create')).toHaveLength(1);
  });

  it('turns webhooks into ledger facts with one read and one write for the whole batch', async () => {
    const readsBefore = portal.callsTo('/crm/v3/objects/contacts/batch/read').length;
    const at1 = portal.setContact('101', {
      lifecyclestage: 'lead',
      hubspot_owner_id: '7',
      hs_analytics_source: 'ORGANIC_SEARCH',
    });
    const at2 = portal.setContact('102', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliver([event('contact.creation', '101', at1), event('contact.creation', '102', at2)]);
    await drain();
    expect(portal.callsTo('/crm/v3/objects/contacts/batch/read').length - readsBefore).toBe(1);
    expect(portal.callsTo('/crm/v3/objects/contacts/batch/update')).toHaveLength(1);
    expect(portal.contacts.get('101')?.properties).toMatchObject({
      baton_stage: 'inquiry',
      baton_owner_function: 'marketing',
    });
    expect(portal.contacts.get('102')?.properties).toMatchObject({ baton_stage: 'mql' });
    const events = (await readLedger(store.db, tenant.id, '102'))
      .filter((e) => e.kind === 'handoff_event')
      .map((e) => e.event);
    expect(events).toEqual(['created', 'qualified', 'handed_off']);
  });

  it('applies duplicate and out-of-order deliveries exactly once, and ignores the echo of its own writes', async () => {
    const mql = portal.setContact('101', { lifecyclestage: 'marketingqualifiedlead' });
    const accepted = portal.setContact('101', { hs_lead_status: 'OPEN', hubspot_owner_id: '9' });
    const late = event('contact.propertyChange', '101', mql, {
      propertyName: 'lifecyclestage',
      propertyValue: 'marketingqualifiedlead',
    });
    const latest = event('contact.propertyChange', '101', accepted, {
      propertyName: 'hs_lead_status',
      propertyValue: 'OPEN',
    });
    await deliver([latest]);
    await deliver([late, latest]);
    const readsBefore = portal.callsTo('/crm/v3/objects/contacts/batch/read').length;
    await drain();
    const entries = await readLedger(store.db, tenant.id, '101');
    const accepts = entries.filter((e) => e.event === 'accepted');
    expect(accepts).toHaveLength(1);
    expect(accepts[0]?.occurredAt).toBe(accepted);
    expect(portal.contacts.get('101')?.properties).toMatchObject({
      baton_stage: 'sal',
      baton_owner_function: 'sales',
    });

    await deliver([
      event('contact.propertyChange', '101', accepted + 1, {
        propertyName: 'baton_stage',
        propertyValue: 'sal',
        changeSource: 'INTEGRATION',
        sourceId: APP_ID,
      }),
    ]);
    await drain();
    expect(portal.callsTo('/crm/v3/objects/contacts/batch/read').length - readsBefore).toBeLessThanOrEqual(1);
    expect(await readLedger(store.db, tenant.id, '101')).toHaveLength(entries.length);
  });

  it('treats creating and assigning a Lead object as the hand-off, and its pipeline as the sales stages', async () => {
    const mql = portal.setContact('103', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliver([event('contact.creation', '103', mql)]);
    await drain();
    const leadCalls = () => portal.calls.filter((c) => c.path.includes('/leads/')).length;
    const leadCallsBefore = leadCalls();

    const created = portal.setLead('9001', '103', {
      hs_pipeline_stage: 'new-stage-id',
      hubspot_owner_id: '21',
    });
    await deliver([leadEvent('object.creation', '9001', created)]);
    await drain();
    // One Lead read, one association read, one Lead write-back.
    expect(leadCalls() - leadCallsBefore).toBe(3);
    let entries = await readLedger(store.db, tenant.id, '103');
    const holder = entries.filter((e) => e.kind === 'owner_person_changed').at(-1);
    expect(holder).toMatchObject({ ownerPerson: '21', occurredAt: created });
    // The Lead object carries Baton's view too, for Lead views and reports in HubSpot.
    expect(portal.leads.get('9001')?.properties).toMatchObject({
      baton_stage: 'mql',
      baton_owner_function: 'marketing',
    });

    const working = portal.setLead('9001', '103', { hs_pipeline_stage: 'connected-stage-id' });
    await deliver([
      leadEvent('object.propertyChange', '9001', working, {
        propertyName: 'hs_pipeline_stage',
        propertyValue: 'connected-stage-id',
      }),
    ]);
    await drain();
    entries = await readLedger(store.db, tenant.id, '103');
    expect(entries.filter((e) => e.event === 'accepted').map((e) => e.occurredAt)).toEqual([working]);
    expect(entries.filter((e) => e.event === 'first_contact')).toHaveLength(1);
    expect(portal.contacts.get('103')?.properties).toMatchObject({ baton_stage: 'sal' });
    expect(portal.leads.get('9001')?.properties).toMatchObject({
      baton_stage: 'sal',
      baton_owner_function: 'sales',
    });

    // A later change to the contact alone keeps the Lead's facts without reading the Lead again.
    const callsBefore = leadCalls();
    const touched = portal.setContact('103', { jobtitle: 'VP Marketing' });
    await deliver([event('contact.propertyChange', '103', touched, { propertyName: 'jobtitle' })]);
    await drain();
    expect(leadCalls()).toBe(callsBefore);
    const afterContactChange = await readLedger(store.db, tenant.id, '103');
    expect(afterContactChange.filter((e) => e.kind === 'stage_entered').at(-1)).toMatchObject({
      stage: 'sal',
    });
    expect(afterContactChange.filter((e) => e.kind === 'owner_person_changed').at(-1)).toMatchObject({
      ownerPerson: '21',
    });

    // The Lead goes away: the contact's owner holds it again.
    const removed = portal.deleteLead('9001');
    await deliver([leadEvent('object.deletion', '9001', removed)]);
    await drain();
    const afterDeletion = await readLedger(store.db, tenant.id, '103');
    expect(afterDeletion.filter((e) => e.kind === 'owner_person_changed').at(-1)).toMatchObject({
      ownerPerson: '7',
      occurredAt: removed,
    });
  });

  it('moves a Lead given to another contact: the first one is held by its own owner again', async () => {
    const mql = portal.setContact('105', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '8' });
    const other = portal.setContact('106', {
      lifecyclestage: 'marketingqualifiedlead',
      hubspot_owner_id: '9',
    });
    await deliver([event('contact.creation', '105', mql), event('contact.creation', '106', other)]);
    await drain();
    const created = portal.setLead('9005', '105', {
      hs_pipeline_stage: 'new-stage-id',
      hubspot_owner_id: '22',
    });
    await deliver([leadEvent('object.creation', '9005', created)]);
    await drain();
    const holder = async (contactId: string) =>
      (await readLedger(store.db, tenant.id, contactId))
        .filter((e) => e.kind === 'owner_person_changed')
        .at(-1);
    expect(await holder('105')).toMatchObject({ ownerPerson: '22' });

    const moved = portal.setLead('9005', '106', { hubspot_owner_id: '23' });
    await deliver([
      leadEvent('object.propertyChange', '9005', moved, {
        propertyName: 'hubspot_owner_id',
        propertyValue: '23',
      }),
    ]);
    await drain();
    expect(await holder('105')).toMatchObject({ ownerPerson: '8', occurredAt: moved });
    expect(await holder('106')).toMatchObject({ ownerPerson: '23' });
    expect(
      (await getSnapshot(store.db, tenant.id, 'contacts', '105'))?.properties['$linked_record'],
    ).toBeNull();
  });

  it('purges a contact on privacy deletion, including the values in its stored webhooks', async () => {
    const changed = portal.setContact('102', { email: 'ada@example.test' });
    await deliver([
      event('contact.propertyChange', '102', changed, {
        propertyName: 'email',
        propertyValue: 'ada@example.test',
      }),
      event('contact.propertyChange', '101', changed, {
        propertyName: 'email',
        propertyValue: 'bob@example.test',
      }),
    ]);
    // An item stored one event each, as before events were stored by record, is still worked.
    const legacy = event('contact.propertyChange', '102', changed, {
      propertyName: 'firstname',
      propertyValue: 'Ada-legacy',
    });
    await enqueue(
      store.db,
      [
        {
          crm: 'hubspot',
          externalAccountId: String(HUB_ID),
          tenantId: tenant.id,
          dedupeKey: `legacy-${legacy.eventId}`,
          recordKey: '0-1:102',
          payload: { type: 'hubspot_event', event: legacy },
        },
      ],
      new Date(),
    );
    await drain();
    const [worked] = await store.db
      .select()
      .from(inbox)
      .where(eq(inbox.dedupeKey, `legacy-${legacy.eventId}`));
    expect(worked).toMatchObject({ status: 'done', lastError: null });
    await deliver([event('contact.privacyDeletion', '102', portal.deleteContact('102'))]);
    await drain();
    expect(await readLedger(store.db, tenant.id, '102')).toEqual([]);
    const stored = (await store.db.select({ payload: inbox.payload }).from(inbox)).map((row) =>
      JSON.stringify(row.payload),
    );
    expect(stored.some((payload) => payload.includes('ada@example.test'))).toBe(false);
    expect(stored.some((payload) => payload.includes('Ada-legacy'))).toBe(false);
    expect(stored.some((payload) => payload.includes('bob@example.test'))).toBe(true);
  });

  it('purges a deleted contact only once HubSpot no longer answers for it: a replayed deletion changes nothing', async () => {
    const at = portal.setContact('106', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliver([event('contact.creation', '106', at)]);
    await drain();
    const journey = await readLedger(store.db, tenant.id, '106');
    expect(journey.length).toBeGreaterThan(0);

    // The contact is live in HubSpot: this deletion is a replay (or a forgery) and is ignored.
    await deliver([event('contact.deletion', '106', at + 1)]);
    await drain();
    expect(await readLedger(store.db, tenant.id, '106')).toEqual(journey);
    expect(await getSnapshot(store.db, tenant.id, 'contacts', '106')).not.toBeNull();

    await deliver([event('contact.deletion', '106', portal.deleteContact('106'))]);
    await drain();
    expect(await readLedger(store.db, tenant.id, '106')).toEqual([]);
    expect(await getSnapshot(store.db, tenant.id, 'contacts', '106')).toBeNull();
  });

  it('folds a merged contact into the survivor only when the survivor lists it as merged', async () => {
    const at1 = portal.setContact('107', { lifecyclestage: 'lead', hubspot_owner_id: '7' });
    const at2 = portal.setContact('108', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliver([event('contact.creation', '107', at1), event('contact.creation', '108', at2)]);
    await drain();
    const mergedJourney = await readLedger(store.db, tenant.id, '108');
    const merge = (occurredAt: number) =>
      event('contact.merge', '107', occurredAt, { primaryObjectId: 107, mergedObjectIds: [108] });

    // HubSpot merged nothing: both contacts keep their own journeys.
    await deliver([merge(at2 + 1)]);
    await drain();
    expect(await readLedger(store.db, tenant.id, '108')).toEqual(mergedJourney);

    await deliver([merge(portal.mergeContacts('107', '108'))]);
    await drain();
    expect(await readLedger(store.db, tenant.id, '108')).toEqual([]);
    const survivorEvents = (await readLedger(store.db, tenant.id, '107')).map((e) => e.event);
    expect(survivorEvents).toEqual(expect.arrayContaining(['qualified', 'handed_off']));
  });

  it('sent only requests that conform to the HubSpot OpenAPI specs', () => {
    expect(portal.problems).toEqual([]);
    expect(portal.calls.length).toBeGreaterThan(5);
  });
});
