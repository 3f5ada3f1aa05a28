import { Writable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.ts';
import { connectCrms } from '../../src/crm/connect-crms.ts';
import { BATON_PROPERTY_NAMES } from '../../src/crm/hubspot/baton-properties.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { inbox } from '../../src/store/schema.ts';
import { getSnapshot } from '../../src/store/snapshots.ts';
import { findTenantByExternalId } from '../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { createWorker, type Worker } from '../../src/worker/worker-loop.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';
import { signV3, v3Headers } from '../webhooks/hubspot/hubspot-signing.ts';
import { fakeHubSpotPortal, HUBSPOT_API } from './hubspot-fake.ts';

const PUBLIC_BASE_URL = 'https://baton.example.test';
const SECRET = 'client-secret-for-tests';
const APP_ID = '4242';
const HUB_ID = 62517;
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('HubSpot end to end: Baton properties are in place whatever HubSpot answers', () => {
  let store: TestStore;
  let server: RunningServer;
  let worker: Worker;
  let portal: Awaited<ReturnType<typeof fakeHubSpotPortal>>;
  let tenantId: string;
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
      logger,
      clock: () => new Date(),
      // The client's own retries of a 5xx need not wait in real time here.
      sleep: () => new Promise((resolve) => setImmediate(resolve)),
    });
    server = await startHttpServer(
      createApp({
        logger,
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
      logger,
      retryPolicy: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 20 },
    });
  });

  afterAll(async () => {
    await server.close();
    await store.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const local = (path: string) => `http://127.0.0.1:${server.port}${path}`;

  async function installThroughOAuth() {
    const start = await fetch(local('/oauth/hubspot/install'), { redirect: 'manual' });
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state');
    // The browser that started the install carries its install cookie back to the callback.
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const callback = await fetch(local(`/oauth/hubspot/callback?code=auth-code&state=${state}`), {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(callback.status).toBe(200);
    const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
    expect(tenant?.status).toBe('active');
    return tenant?.id ?? '';
  }

  async function deliverCreation(contactId: string, occurredAt: number) {
    eventId += 1;
    const body = JSON.stringify([
      {
        eventId,
        subscriptionId: 11,
        portalId: HUB_ID,
        appId: Number(APP_ID),
        occurredAt,
        subscriptionType: 'contact.creation',
        attemptNumber: 0,
        objectId: Number(contactId),
      },
    ]);
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

  const unfinished = () =>
    store.db
      .select()
      .from(inbox)
      .where(inArray(inbox.status, ['pending', 'processing']));
  const itemsOf = (kind: string) =>
    store.db.select().from(inbox).where(eq(inbox.kind, kind)).orderBy(asc(inbox.id));

  /** Runs the worker until nothing is left to do, retries and waiting write-backs included. */
  async function settle() {
    for (let i = 0; i < 400; i++) {
      await worker.runOnce();
      if ((await unfinished()).length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`inbox did not settle: ${JSON.stringify(await unfinished())}`);
  }

  const writesOf = (contactId: string) => portal.writes.filter((w) => w.id === contactId);

  it('installs during a HubSpot outage; the properties land once it ends, then the write-back, once', async () => {
    portal.schema.outage = true;
    tenantId = await installThroughOAuth();
    const at = portal.setContact('201', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliverCreation('201', at);

    for (let i = 0; i < 4; i++) {
      await worker.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [bootstrap] = await itemsOf('hubspot_bootstrap');
    expect(bootstrap).toMatchObject({ tenantId, status: 'pending' });
    expect(bootstrap?.attempts).toBeGreaterThanOrEqual(2);
    expect(bootstrap?.lastError).toMatch(/^upstream_unavailable: /);
    // The write-back waits for the properties instead of meeting their absence.
    expect(portal.callsTo('/crm/v3/objects/contacts/batch/update')).toHaveLength(0);
    const waiting = (await itemsOf('hubspot_writeback')).filter((item) => item.status === 'pending');
    expect(waiting).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ recordId: '201' }) }),
    ]);

    portal.schema.outage = false;
    await settle();
    expect([...portal.schema.properties.keys()]).toEqual(BATON_PROPERTY_NAMES);
    expect(writesOf('201')).toHaveLength(1);
    expect(portal.contacts.get('201')?.properties).toMatchObject({ baton_stage: 'mql' });
    expect(await store.db.select().from(inbox).where(eq(inbox.status, 'dead'))).toEqual([]);
  });

  it('meets a deleted Baton property on write-back: bootstraps again, then writes the record once', async () => {
    portal.dropProperties();
    const updatesBefore = portal.callsTo('/crm/v3/objects/contacts/batch/update').length;
    const createsBefore = portal.callsTo('/crm/v3/properties/contacts/batch/create').length;
    const at = portal.setContact('202', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliverCreation('202', at);

    await settle();
    // Refused once (PROPERTY_DOESNT_EXIST), bootstrapped, then accepted.
    expect(portal.callsTo('/crm/v3/objects/contacts/batch/update').length - updatesBefore).toBe(2);
    expect(portal.callsTo('/crm/v3/properties/contacts/batch/create').length - createsBefore).toBe(1);
    expect(writesOf('202')).toHaveLength(1);
    expect(portal.contacts.get('202')?.properties).toMatchObject({ baton_stage: 'mql' });
    expect((await getSnapshot(store.db, tenantId, 'contacts', '202'))?.properties).toMatchObject({
      baton_stage: 'mql',
    });
    const repairs = await store.db
      .select()
      .from(inbox)
      .where(and(eq(inbox.kind, 'hubspot_bootstrap'), eq(inbox.status, 'done')));
    expect(repairs.map((item) => (item.payload as { cause: string }).cause)).toEqual(['install', 'repair']);
    expect(await store.db.select().from(inbox).where(eq(inbox.status, 'dead'))).toEqual([]);
  });

  it('gives up on a record whose property is still missing after three bootstraps, without looping', async () => {
    portal.dropProperties();
    portal.schema.forgetCreated = true;
    const repairsBefore = (await itemsOf('hubspot_bootstrap')).length;
    const at = portal.setContact('203', { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' });
    await deliverCreation('203', at);

    await settle();
    expect((await itemsOf('hubspot_bootstrap')).length - repairsBefore).toBe(3);
    expect(writesOf('203')).toHaveLength(0);
    const writebacks = (await itemsOf('hubspot_writeback')).filter(
      (item) => (item.payload as { recordId: string }).recordId === '203',
    );
    expect(writebacks.map((item) => (item.payload as { propertyRepairs?: number }).propertyRepairs)).toEqual([
      undefined,
      1,
      2,
      3,
    ]);
    expect(writebacks.every((item) => item.status === 'done')).toBe(true);
    portal.schema.forgetCreated = false;
  });

  it('sent only requests that conform to the HubSpot OpenAPI specs', () => {
    expect(portal.problems).toEqual([]);
  });
});
