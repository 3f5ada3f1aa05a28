import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { createApp } from '../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../src/server/http-server.ts';
import { inbox, inboxReceipts, tenants, webhookSignatureFloors } from '../../../src/store/schema.ts';
import { createTenant } from '../../../src/store/tenants.ts';
import { hubspotWebhookRouter } from '../../../webhooks/hubspot/hubspot-webhook-route.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';
import { signV1, signV3, v1Headers, v3Headers } from './hubspot-signing.ts';

const SECRET = 'current-client-secret-5f2b';
const APP_ID = '1160452';
const PUBLIC_BASE_URL = 'https://baton.example.com';
const SIGNED_URL = `${PUBLIC_BASE_URL}/webhooks/hubspot`;
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const PORTAL = 62_515;

let nextEventId = 1;
function event(portalId: number | string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: nextEventId++,
    subscriptionId: 2_104_118,
    portalId,
    appId: Number(APP_ID),
    occurredAt: T0 - 5_000,
    subscriptionType: 'contact.deletion',
    attemptNumber: 0,
    objectId: 501,
    changeSource: 'CRM_UI',
    ...overrides,
  };
}

const silent = () =>
  createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('POST /webhooks/hubspot: downgrade, depth and portal ids', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let base: string;
  let now: number;

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  /** A fresh router is a fresh process: nothing cached. */
  async function serve(): Promise<void> {
    await server?.close();
    const logger = silent();
    const router = hubspotWebhookRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC_BASE_URL, clientSecrets: [SECRET], appId: APP_ID },
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
  }

  beforeEach(async () => {
    await store.db.delete(inbox);
    await store.db.delete(inboxReceipts);
    await store.db.delete(webhookSignatureFloors);
    await store.db.delete(tenants);
    now = T0;
    await createTenant(
      store.db,
      { crm: 'hubspot', externalId: String(PORTAL), name: 'Acme', status: 'active' },
      new Date(T0),
    );
    await serve();
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function post(body: string, headers: Record<string, string>) {
    const response = await fetch(`${base}/webhooks/hubspot`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const v3 = (body: string, timestamp = now - 1_000) =>
    post(body, v3Headers(signV3({ secret: SECRET, signedUrl: SIGNED_URL, body, timestamp }), timestamp));
  const v1 = (body: string) => post(body, v1Headers(signV1(SECRET, body)));
  const storedRows = () => store.db.select().from(inbox);

  describe('signature downgrade', () => {
    it('refuses the v1 form of a delivery once the portal has been seen v3-signed, even after its receipt is purged', async () => {
      const body = JSON.stringify([event(PORTAL)]);
      expect((await v3(body)).status).toBe(200);
      // Three days on, the receipt is gone and the v3 headers are stale.
      await store.db.delete(inbox);
      await store.db.delete(inboxReceipts);
      now += 3 * 24 * 3_600_000 + 60_000;
      expect((await v3(body, T0 - 1_000)).body).toMatchObject({ error: { code: 'signature_invalid' } });

      const replay = await v1(body);

      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ error: { code: 'signature_invalid' } });
      expect(await storedRows()).toHaveLength(0);
    });

    it('remembers the portal across processes: a fresh server refuses v1 too', async () => {
      expect((await v3(JSON.stringify([event(PORTAL)]))).status).toBe(200);
      await serve();
      expect((await v1(JSON.stringify([event(PORTAL)]))).status).toBe(401);
      expect(await store.db.select().from(webhookSignatureFloors)).toEqual([
        { crm: 'hubspot', accountId: String(PORTAL), scheme: 'v3', since: new Date(T0) },
      ]);
    });

    it('still accepts v1 for a portal never seen v3-signed, and v3 after v1', async () => {
      expect((await v1(JSON.stringify([event(PORTAL)]))).status).toBe(200);
      expect((await v3(JSON.stringify([event(PORTAL)]))).status).toBe(200);
      expect((await v1(JSON.stringify([event(PORTAL)]))).status).toBe(401);
      expect(await storedRows()).toHaveLength(2);
    });

    it('learns within the cache window that another process saw the portal v3-signed', async () => {
      expect((await v1(JSON.stringify([event(PORTAL)]))).status).toBe(200);
      await store.db
        .insert(webhookSignatureFloors)
        .values({ crm: 'hubspot', accountId: String(PORTAL), scheme: 'v3', since: new Date(now) });
      now += 30_001;
      expect((await v1(JSON.stringify([event(PORTAL)]))).status).toBe(401);
    });

    it('refuses a v1 batch when any portal in it is v3-signed', async () => {
      expect((await v3(JSON.stringify([event(PORTAL)]))).status).toBe(200);
      expect((await v1(JSON.stringify([event(70_001), event(PORTAL)]))).status).toBe(401);
    });
  });

  describe('deep JSON', () => {
    it('answers a signed event with a 10 000-level nested field 400, and stores nothing', async () => {
      const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
      const body = JSON.stringify([event(PORTAL)]).replace(
        '"changeSource"',
        `"nested":${deep},"changeSource"`,
      );

      const response = await v3(body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'input_invalid' } });
      expect(JSON.stringify(response.body)).toContain('nests deeper than 4 levels');
      expect(await storedRows()).toHaveLength(0);
    });

    it('accepts the nesting the schema uses (merge ids) and one level more', async () => {
      const body = JSON.stringify([
        event(PORTAL, { subscriptionType: 'contact.merge', mergedObjectIds: [502], extra: { tags: ['a'] } }),
      ]);
      expect((await v3(body)).status).toBe(200);
      const tooDeep = JSON.stringify([event(PORTAL, { extra: { tags: [['a']] } })]);
      expect((await v3(tooDeep)).status).toBe(400);
    });
  });

  describe('portal ids', () => {
    it('takes "062515" and 62515 as one portal: one tenant, one dedupe key', async () => {
      const padded = event('062515', { objectId: '0501' });
      const plain = { ...padded, portalId: PORTAL, objectId: 501 };

      const first = await v3(JSON.stringify([padded]));
      const second = await v3(JSON.stringify([plain]));

      expect(first.body).toMatchObject({ stored: 1 });
      expect(second.body).toMatchObject({ stored: 0, duplicates: 1 });
      const [row] = await storedRows();
      const [tenant] = await store.db.select().from(tenants);
      expect(row).toMatchObject({ externalAccountId: '62515', tenantId: tenant?.id, recordKey: '0-1:501' });
    });

    it('refuses an id that is not a number', async () => {
      const response = await v3(JSON.stringify([event('62515a')]));
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('0.portalId');
    });
  });
});
