import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATON_PROPERTY_NAMES } from '../../../../src/crm/hubspot/baton-properties.ts';
import { completeHubSpotInstall } from '../../../../src/crm/hubspot/oauth/complete-hubspot-install.ts';
import { createHubSpotBootstrapHandler } from '../../../../src/crm/hubspot/sync/hubspot-bootstrap-handler.ts';
import {
  HUBSPOT_BOOTSTRAP,
  HUBSPOT_PROPERTY_SET_VERSION,
} from '../../../../src/crm/hubspot/sync/hubspot-bootstrap-item.ts';
import { queueHubSpotSchemaUpgrades } from '../../../../src/crm/hubspot/sync/hubspot-schema-upgrades.ts';
import { recordCrmSchemaVersion } from '../../../../src/store/crm-schema-versions.ts';
import { type Database, type Db, openDatabase } from '../../../../src/store/database.ts';
import { claimBatch } from '../../../../src/store/inbox-claim.ts';
import { enqueue } from '../../../../src/store/inbox-intake.ts';
import { crmSchemaVersions, inbox } from '../../../../src/store/schema.ts';
import { createTenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { HandlerRegistry } from '../../../../src/worker/handler-registry.ts';
import { createWorker } from '../../../../src/worker/worker-loop.ts';
import { fakeHubSpotPortal, HUBSPOT_API } from '../../../e2e/hubspot-fake.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { isolateNetwork, silentLogger, testHttp } from '../api/hubspot-test-kit.ts';

const HUB_ID = '62516';
const cipher = createTokenCipher(generateEncryptionKey());

beforeAll(isolateNetwork);

let store: TestStore;
let portal: Awaited<ReturnType<typeof fakeHubSpotPortal>>;
beforeEach(async () => {
  store = await openTestStore();
  portal = await fakeHubSpotPortal({ hubId: Number(HUB_ID) });
});
afterEach(async () => {
  nock.cleanAll();
  await store.close();
});

/** A worker running only the bootstrap, on HubSpot through the real transport, in virtual time. */
function bootstrapWorker(database: Database, http = testHttp({ apiBaseUrl: HUBSPOT_API })) {
  const logger = silentLogger();
  const handlers = new HandlerRegistry().on(
    HUBSPOT_BOOTSTRAP,
    createHubSpotBootstrapHandler({ db: database.db, http: http.http, logger }),
  );
  const worker = createWorker({ database, handlers, logger, clock: http.time.clock, random: () => 0.5 });
  return { worker, time: http.time };
}

function install(db: Db, now: Date) {
  return completeHubSpotInstall(db, cipher, {
    hubId: HUB_ID,
    name: 'acme.example',
    grant: {
      accessToken: 'access-token',
      refreshToken: 'refresh-token',
      expiresInSeconds: 1800,
      hubId: HUB_ID,
      userId: null,
      scopes: ['oauth'],
    },
    actor: 'admin',
    now,
  });
}

const bootstrapItems = (db: Db) =>
  db.select().from(inbox).where(eq(inbox.kind, HUBSPOT_BOOTSTRAP)).orderBy(asc(inbox.id));
const recordedVersion = async (db: Db, tenantId: string) =>
  (await db.select().from(crmSchemaVersions).where(eq(crmSchemaVersions.tenantId, tenantId)))[0]?.version;
const propertiesInPortal = () => [...portal.schema.properties.keys()];

describe('durable HubSpot property bootstrap', () => {
  it('survives HubSpot answering 5xx during the install: retried with backoff until the properties exist', async () => {
    const { worker, time } = bootstrapWorker(store);
    portal.schema.outage = true;

    const { tenantId } = await install(store.db, time.clock());
    expect(await bootstrapItems(store.db)).toEqual([
      expect.objectContaining({ tenantId, status: 'pending', attempts: 0 }),
    ]);

    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1, dead: 0 });
    const [waiting] = await bootstrapItems(store.db);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting?.lastError).toMatch(/^upstream_unavailable: .*503/);
    expect(waiting?.nextAttemptAt.getTime()).toBeGreaterThan(time.nowMs());
    expect(propertiesInPortal()).toEqual([]);
    // Not due yet: backoff, not a hot loop.
    expect((await worker.runOnce()).claimed).toBe(0);

    portal.schema.outage = false;
    await time.sleep(60_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(propertiesInPortal()).toEqual(BATON_PROPERTY_NAMES);
    expect(await bootstrapItems(store.db)).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(await recordedVersion(store.db, tenantId)).toBe(HUBSPOT_PROPERTY_SET_VERSION);
    expect(portal.problems).toEqual([]);
  });

  it('survives a restart between the install and the bootstrap, even one mid-bootstrap', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-bootstrap-'));
    try {
      const first = await openDatabase({ dataDir });
      const time = testHttp({ apiBaseUrl: HUBSPOT_API }).time;
      const { tenantId } = await install(first.db, time.clock());
      // A worker takes the bootstrap and the process dies before it finishes.
      const claimed = await claimBatch(first.db, {
        workerId: 'killed',
        limit: 10,
        leaseMs: 60_000,
        now: time.clock(),
      });
      expect(claimed.map((item) => item.kind)).toEqual([HUBSPOT_BOOTSTRAP]);
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        const http = testHttp({ apiBaseUrl: HUBSPOT_API });
        await http.time.sleep(61_000);
        const { worker } = bootstrapWorker(second, http);
        expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
        expect(propertiesInPortal()).toEqual(BATON_PROPERTY_NAMES);
        expect(await recordedVersion(second.db, tenantId)).toBe(HUBSPOT_PROPERTY_SET_VERSION);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('dead-letters at once, with a clear reason, when HubSpot refuses the properties (403 on contacts)', async () => {
    const { worker, time } = bootstrapWorker(store);
    portal.schema.refuseContacts = true;
    const { tenantId } = await install(store.db, time.clock());

    expect(await worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    const [dead] = await bootstrapItems(store.db);
    expect(dead).toMatchObject({ status: 'dead', attempts: 1 });
    expect(dead?.lastError).toMatch(
      /^upstream_rejected: Baton's HubSpot properties could not be created, so write-backs cannot land until this is fixed: HubSpot rejected .*\/crm\/v3\/properties\/contacts\/groups \(403 MISSING_SCOPES\)/,
    );
    expect(await recordedVersion(store.db, tenantId)).toBeUndefined();
  });

  it('queues one bootstrap per out-of-date portal on start-up, however often Baton restarts', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const tenant = (externalId: string, status: 'active' | 'uninstalled' = 'active') =>
      createTenant(store.db, { crm: 'hubspot', externalId, name: externalId, status }, now);
    const [older, current, never, gone, queued] = await Promise.all([
      tenant('1001'),
      tenant('1002'),
      tenant('1003'),
      tenant('1004', 'uninstalled'),
      tenant('1005'),
    ]);
    for (const t of [older, gone, queued]) await recordCrmSchemaVersion(store.db, t.id, 'an-older-set', now);
    await recordCrmSchemaVersion(store.db, current.id, HUBSPOT_PROPERTY_SET_VERSION, now);
    await enqueue(
      store.db,
      [
        {
          crm: 'hubspot',
          externalAccountId: queued.externalId,
          tenantId: queued.id,
          dedupeKey: 'bootstrap:1005:already-queued',
          payload: {
            type: HUBSPOT_BOOTSTRAP,
            propertySetVersion: HUBSPOT_PROPERTY_SET_VERSION,
            cause: 'install',
          },
        },
      ],
      now,
    );

    expect(await queueHubSpotSchemaUpgrades(store.db, now)).toBe(2);
    expect(await queueHubSpotSchemaUpgrades(store.db, new Date(now.getTime() + 60_000))).toBe(0);

    const items = await bootstrapItems(store.db);
    const upgrades = items.filter((item) => item.tenantId !== queued.id);
    expect(upgrades.map((item) => item.tenantId).sort()).toEqual([older.id, never.id].sort());
    expect(upgrades.map((item) => item.payload)).toEqual([
      { type: HUBSPOT_BOOTSTRAP, propertySetVersion: HUBSPOT_PROPERTY_SET_VERSION, cause: 'upgrade' },
      { type: HUBSPOT_BOOTSTRAP, propertySetVersion: HUBSPOT_PROPERTY_SET_VERSION, cause: 'upgrade' },
    ]);
  });
});
