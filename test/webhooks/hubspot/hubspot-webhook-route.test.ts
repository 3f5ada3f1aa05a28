import { Writable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubSpotWebhookConfig } from '../../../src/crm/hubspot/intake/hubspot-webhook-config.ts';
import { createLogger } from '../../../src/log.ts';
import { createApp } from '../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../src/server/http-server.ts';
import { attachTenant } from '../../../src/store/inbox-intake.ts';
import { inbox, type TenantStatus, tenants, webhookSignatureFloors } from '../../../src/store/schema.ts';
import { createTenant, setTenantStatus } from '../../../src/store/tenants.ts';
import { hubspotWebhookRouter } from '../../../webhooks/hubspot/hubspot-webhook-route.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';
import { signV1, signV3, v1Headers, v3Headers } from './hubspot-signing.ts';

const SECRET = 'current-client-secret-5f2b';
const PREVIOUS_SECRET = 'previous-client-secret-9c1d';
const APP_ID = '1160452';
/** Deliberately not the address the test server listens on: the signed URL comes from config. */
const PUBLIC_BASE_URL = 'https://baton.example.com';
const SIGNED_URL = `${PUBLIC_BASE_URL}/webhooks/hubspot`;
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

let nextEventId = 1;
function event(portalId: number, overrides: Record<string, unknown> = {}) {
  return {
    eventId: nextEventId++,
    subscriptionId: 2_104_118,
    portalId,
    appId: Number(APP_ID),
    occurredAt: T0 - 5_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 501,
    propertyName: 'lifecyclestage',
    propertyValue: 'marketingqualifiedlead',
    changeSource: 'CRM_UI',
    ...overrides,
  };
}

const silent = () =>
  createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('POST /webhooks/hubspot', () => {
  let store: TestStore;
  let server: RunningServer;
  let base: string;
  let now: number;

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  beforeEach(async () => {
    await store.db.delete(inbox);
    await store.db.delete(webhookSignatureFloors);
    await store.db.delete(tenants);
    now = T0;
    const logger = createLogger({
      level: 'silent',
      destination: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    const router = hubspotWebhookRouter({
      db: store.db,
      config: {
        publicBaseUrl: `${PUBLIC_BASE_URL}/`,
        clientSecrets: [SECRET, PREVIOUS_SECRET],
        appId: APP_ID,
      },
      clock: () => new Date(now),
      logger,
    });
    const app = createApp({
      logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [router],
    });
    server = await startHttpServer(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });

  afterEach(() => server.close());

  async function tenantFor(portalId: number, status: TenantStatus) {
    return createTenant(
      store.db,
      { crm: 'hubspot', externalId: String(portalId), name: 'Acme', status },
      new Date(T0),
    );
  }

  function deliver(
    body: string | Buffer,
    options: { secret?: string; url?: string; pathAndQuery?: string } = {},
  ) {
    const timestamp = now - 1_000;
    const pathAndQuery = options.pathAndQuery ?? '/webhooks/hubspot';
    const signedUrl = options.url ?? `${PUBLIC_BASE_URL}${pathAndQuery}`;
    const signature = signV3({ secret: options.secret ?? SECRET, signedUrl, body, timestamp });
    return post(body, v3Headers(signature, timestamp), pathAndQuery);
  }

  async function post(
    body: string | Buffer,
    headers: Record<string, string>,
    pathAndQuery = '/webhooks/hubspot',
  ) {
    // A Uint8Array view: DOM's BodyInit (pulled in by vitest's jsdom types) does not name Buffer.
    const payload = typeof body === 'string' ? body : new Uint8Array(body);
    const response = await fetch(`${base}${pathAndQuery}`, { method: 'POST', headers, body: payload });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const storedRows = () => store.db.select().from(inbox).orderBy(asc(inbox.id));

  it('stores a signed batch in the inbox, one row per record with its events in order, attached to the tenant', async () => {
    const tenant = await tenantFor(62_515, 'active');
    const events = [
      event(62_515),
      event(62_515, { objectId: 502, propertyValue: 'salesqualifiedlead' }),
      event(62_515, { propertyName: 'hs_lead_status', propertyValue: 'NEW' }),
    ];

    const response = await deliver(JSON.stringify(events));

    expect(response).toEqual({ status: 200, body: { received: 3, stored: 3, duplicates: 0, ignored: 0 } });
    const rows = await storedRows();
    expect(rows).toHaveLength(2);
    const first = rows.find((row) => row.recordKey === '0-1:501');
    expect(first).toMatchObject({
      crm: 'hubspot',
      externalAccountId: '62515',
      tenantId: tenant.id,
      status: 'pending',
      dedupeKey: `62515:2104118:${events[0]?.eventId}:${T0 - 5_000}`,
      receivedAt: new Date(now),
      payload: {
        type: 'hubspot_event',
        events: [
          {
            objectId: '501',
            portalId: '62515',
            propertyValue: 'marketingqualifiedlead',
            changeSource: 'CRM_UI',
          },
          { objectId: '501', propertyName: 'hs_lead_status', propertyValue: 'NEW' },
        ],
      },
    });
    expect(rows.find((row) => row.recordKey === '0-1:502')?.payload).toMatchObject({
      events: [{ objectId: '502', propertyValue: 'salesqualifiedlead' }],
    });
  });

  it('answers a repeated delivery 200 and counts it as duplicates without storing it again', async () => {
    await tenantFor(62_515, 'active');
    const body = JSON.stringify([event(62_515), event(62_515), event(62_515)]);
    await deliver(body);

    now += 60_000;
    const retried = await deliver(body);
    const overlapping = await deliver(JSON.stringify([...JSON.parse(body), event(62_515)]));

    expect(retried).toEqual({ status: 200, body: { received: 3, stored: 0, duplicates: 3, ignored: 0 } });
    expect(overlapping.body).toMatchObject({ stored: 1, duplicates: 3 });
    const rows = await storedRows();
    expect(rows.map((row) => (row.payload as { events: unknown[] }).events.length)).toEqual([3, 1]);
  });

  it('stores one row when the same event appears twice in a batch', async () => {
    await tenantFor(62_515, 'active');
    const once = event(62_515);
    const response = await deliver(JSON.stringify([once, once]));
    expect(response.body).toMatchObject({ received: 2, stored: 1, duplicates: 1 });
  });

  it('accepts a v1-only delivery, as webhook-API subscriptions are signed', async () => {
    await tenantFor(62_515, 'active');
    const body = JSON.stringify([event(62_515)]);
    expect((await post(body, v1Headers(signV1(SECRET, body)))).status).toBe(200);
    expect((await post(body.replace('501', '502'), v1Headers(signV1(SECRET, body)))).status).toBe(401);
    expect(await storedRows()).toHaveLength(1);
  });

  it('accepts deliveries signed with the previous client secret during a rotation', async () => {
    await tenantFor(62_515, 'active');
    const response = await deliver(JSON.stringify([event(62_515)]), { secret: PREVIOUS_SECRET });
    expect(response.status).toBe(200);
  });

  it('verifies the URL HubSpot called, query included, as rebuilt from PUBLIC_BASE_URL', async () => {
    await tenantFor(62_515, 'active');
    const body = JSON.stringify([event(62_515)]);
    // HubSpot signs the URL with %3A decoded; Baton receives it encoded.
    const withQuery = await deliver(body, {
      pathAndQuery: '/webhooks/hubspot?source=hubspot%3Awebhooks',
      url: `${SIGNED_URL}?source=hubspot:webhooks`,
    });
    expect(withQuery.status).toBe(200);

    const signedForAnotherQuery = await deliver(JSON.stringify([event(62_515)]), {
      pathAndQuery: '/webhooks/hubspot?source=a',
      url: `${SIGNED_URL}?source=b`,
    });
    const signedForTheHostHeader = await deliver(JSON.stringify([event(62_515)]), {
      url: `${base}/webhooks/hubspot`,
    });
    expect(signedForAnotherQuery.status).toBe(401);
    expect(signedForTheHostHeader.status).toBe(401);
    expect(await storedRows()).toHaveLength(1);
  });

  it.each([
    ['unsigned', () => ({ 'content-type': 'application/json' }), 'missing_signature'],
    [
      'signed with another secret',
      (body: string) =>
        v3Headers(signV3({ secret: 'forged', signedUrl: SIGNED_URL, body, timestamp: T0 }), T0),
      'mismatch',
    ],
    [
      'signed six minutes ago',
      (body: string) =>
        v3Headers(
          signV3({ secret: SECRET, signedUrl: SIGNED_URL, body, timestamp: T0 - 360_000 }),
          T0 - 360_000,
        ),
      'stale_timestamp',
    ],
  ])('refuses a delivery that is %s with 401 and stores nothing', async (_what, headersFor, reason) => {
    await tenantFor(62_515, 'active');
    const body = JSON.stringify([event(62_515)]);
    const response = await post(body, headersFor(body));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'signature_invalid', message: `HubSpot signature check failed: ${reason}` },
    });
    expect(await storedRows()).toHaveLength(0);
  });

  it('checks the signature before reading the body: an unsigned malformed body is a 401', async () => {
    expect((await post('{not json', { 'content-type': 'application/json' })).status).toBe(401);
  });

  it.each<[string, string, string]>([
    ['malformed JSON', '[{"eventId": 1,', 'request body is not valid JSON'],
    [
      'a time that is not a number',
      JSON.stringify([event(62_515, { occurredAt: 'yesterday' })]),
      '0.occurredAt',
    ],
    [
      'an id of the wrong type',
      JSON.stringify([event(62_515), event(62_515, { portalId: { id: 1 } })]),
      '1.portalId',
    ],
    ['an empty batch', '[]', '(body) must hold at least one event'],
    ['101 events', JSON.stringify(Array.from({ length: 101 }, () => event(62_515))), 'at most 100 events'],
    ['an object instead of a batch', JSON.stringify(event(62_515)), 'must be a JSON array'],
  ])('answers %s with 400 naming the problem, and stores nothing', async (_what, body, named) => {
    await tenantFor(62_515, 'active');
    const response = await deliver(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'input_invalid' } });
    expect(JSON.stringify(response.body)).toContain(named);
    expect(await storedRows()).toHaveLength(0);
  });

  it('answers a body over 1 MB with 413, even when signed, and stores nothing', async () => {
    await tenantFor(62_515, 'active');
    const padded = JSON.stringify([event(62_515, { propertyValue: 'x'.repeat(1024 * 1024) })]);
    const response = await deliver(padded);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: 'body_too_large' } });
    expect(await storedRows()).toHaveLength(0);
  });

  it('keeps events of a portal whose install has not finished, for attachTenant to adopt', async () => {
    const early = await deliver(JSON.stringify([event(70_001), event(70_001, { objectId: 502 })]));
    expect(early.body).toMatchObject({ stored: 2 });
    expect((await storedRows()).map((row) => row.tenantId)).toEqual([null, null]);

    const tenant = await tenantFor(70_001, 'installing');
    await deliver(JSON.stringify([event(70_001)]));
    expect((await storedRows()).map((row) => row.tenantId)).toEqual([null, null, null]);

    await setTenantStatus(store.db, tenant.id, 'active', new Date(now));
    expect(await attachTenant(store.db, 'hubspot', '70001', tenant.id)).toBe(3);
    // The install finished a moment ago; the very next delivery must already be attached.
    await deliver(JSON.stringify([event(70_001)]));
    expect((await storedRows()).map((row) => row.tenantId)).toEqual(Array(4).fill(tenant.id));
  });

  it('acknowledges events of an uninstalled portal without storing them', async () => {
    await tenantFor(80_001, 'uninstalled');
    const response = await deliver(JSON.stringify([event(80_001), event(80_001)]));
    expect(response).toEqual({ status: 200, body: { received: 2, stored: 0, duplicates: 0, ignored: 2 } });
    expect(await storedRows()).toHaveLength(0);
  });

  it('caches an active tenant for 30 s, so an uninstall is honoured within that', async () => {
    const tenant = await tenantFor(80_002, 'active');
    await deliver(JSON.stringify([event(80_002)]));
    await setTenantStatus(store.db, tenant.id, 'uninstalled', new Date(now));

    now += 10_000;
    const whileCached = await deliver(JSON.stringify([event(80_002)]));
    now += 21_000;
    const afterExpiry = await deliver(JSON.stringify([event(80_002)]));
    expect(whileCached.body).toMatchObject({ stored: 1, ignored: 0 });
    expect(afterExpiry.body).toMatchObject({ stored: 0, ignored: 1 });
    expect(await storedRows()).toHaveLength(2);
  });

  it("ignores another app's events in a batch and stores the rest", async () => {
    await tenantFor(62_515, 'active');
    const ours = event(62_515);
    const response = await deliver(JSON.stringify([ours, event(62_515, { appId: 999 })]));
    expect(response.body).toEqual({ received: 2, stored: 1, duplicates: 0, ignored: 1 });
    const rows = await store.db.select().from(inbox).where(eq(inbox.externalAccountId, '62515'));
    expect(
      rows.flatMap((row) => (row.payload as { events: { appId: string }[] }).events.map((e) => e.appId)),
    ).toEqual([APP_ID]);
  });

  it("acknowledges the echo of Baton's own write-back without storing it", async () => {
    await tenantFor(62_515, 'active');
    const echoes = [
      event(62_515, { propertyName: 'baton_stage', propertyValue: 'sal', changeSource: 'INTEGRATION' }),
      event(62_515, {
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-1',
        propertyName: 'baton_sla_state',
        propertyValue: 'on_track',
      }),
    ];
    const response = await deliver(JSON.stringify([...echoes, event(62_515)]));
    expect(response.body).toEqual({ received: 3, stored: 1, duplicates: 0, ignored: 2 });
    const rows = await store.db.select().from(inbox).where(eq(inbox.externalAccountId, '62515'));
    expect(
      rows.flatMap((row) =>
        (row.payload as { events: { propertyName: string }[] }).events.map((e) => e.propertyName),
      ),
    ).toEqual(['lifecyclestage']);
  });
});

describe('POST /webhooks/hubspot when the inbox cannot store', () => {
  it('answers 500 so that HubSpot delivers the batch again later', async () => {
    const store = await openTestStore();
    const logger = silent();
    const router = hubspotWebhookRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC_BASE_URL, clientSecrets: [SECRET] },
      clock: () => new Date(T0),
      logger,
    });
    const app = createApp({
      logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [router],
    });
    const server = await startHttpServer(app, 0, '127.0.0.1');
    await store.close();
    try {
      const body = JSON.stringify([event(62_515)]);
      const signature = signV3({ secret: SECRET, signedUrl: SIGNED_URL, body, timestamp: T0 });
      const response = await fetch(`http://127.0.0.1:${server.port}/webhooks/hubspot`, {
        method: 'POST',
        headers: v3Headers(signature, T0),
        body,
      });
      expect(response.status).toBe(500);
    } finally {
      await server.close();
    }
  });
});

describe('hubSpotWebhookConfig', () => {
  it('takes the public URL, app id and client secret from the environment', () => {
    const env = {
      PUBLIC_BASE_URL: PUBLIC_BASE_URL,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_CLIENT_SECRET_PREVIOUS: undefined,
      HUBSPOT_APP_ID: APP_ID,
    };
    expect(hubSpotWebhookConfig(env)).toEqual({
      publicBaseUrl: PUBLIC_BASE_URL,
      clientSecrets: [SECRET],
      appId: APP_ID,
    });
    expect(
      hubSpotWebhookConfig({ ...env, HUBSPOT_CLIENT_SECRET: undefined, HUBSPOT_APP_ID: undefined }),
    ).toEqual({ publicBaseUrl: PUBLIC_BASE_URL, clientSecrets: [], appId: undefined });
  });

  it('keeps the previous secret after the current one while a rotation is under way', () => {
    const env = {
      PUBLIC_BASE_URL: PUBLIC_BASE_URL,
      HUBSPOT_CLIENT_SECRET: 'new-secret',
      HUBSPOT_CLIENT_SECRET_PREVIOUS: 'old-secret',
      HUBSPOT_APP_ID: APP_ID,
    };
    expect(hubSpotWebhookConfig(env).clientSecrets).toEqual(['new-secret', 'old-secret']);
  });
});
