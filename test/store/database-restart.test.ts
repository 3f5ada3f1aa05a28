import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { type Database, openDatabase, queryRows } from '../../src/store/database.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { inbox, ledger } from '../../src/store/schema.ts';
import { createDefaultHandlers } from '../../src/worker/default-handlers.ts';
import { createWorker } from '../../src/worker/worker-loop.ts';
import { hubspotDefaultsOf } from '../fixtures/hubspot-defaults.ts';
import { installTenant, T0 } from './fixtures.ts';
import { engineUnderTest, openTestStore, serverUrl } from './harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const RECORDS = 150;

function snapshots(tenant: { id: string; externalId: string }) {
  return Array.from({ length: RECORDS }, (_, i) => ({
    crm: 'hubspot' as const,
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    dedupeKey: `snap-${i}`,
    payload: {
      type: 'record_snapshot',
      objectType: 'contacts',
      recordId: `r${i}`,
      observedAt: T0 + i,
      properties: { lifecyclestage: 'lead', createdate: String(T0) },
    },
  }));
}

async function assertExactlyOnce(database: Database, tenantId: string) {
  const created = await database.db
    .select({ recordId: ledger.recordId, n: sql<number>`count(*)::int` })
    .from(ledger)
    .where(eq(ledger.event, 'created'))
    .groupBy(ledger.recordId);
  expect(created).toHaveLength(RECORDS);
  expect(created.every((row) => row.n === 1)).toBe(true);
  const open = await database.db
    .select()
    .from(inbox)
    .where(sql`${inbox.status} <> 'done' and ${inbox.tenantId} = ${tenantId}`);
  expect(open).toEqual([]);
}

describe(`database restart (${engineUnderTest})`, () => {
  it('loses nothing and applies nothing twice when the database drops every connection mid-run', async () => {
    if (!serverUrl) {
      // Embedded: stop the database between batches and start it again from its data directory.
      const dataDir = await mkdtemp(join(tmpdir(), 'baton-restart-'));
      try {
        let database = await openDatabase({ dataDir });
        const tenant = await installTenant(database.db);
        await enqueue(database.db, snapshots(tenant), new Date(T0));
        const first = createWorker({
          database,
          handlers: createDefaultHandlers(hubspotDefaultsOf),
          logger: silent,
          recordsPerClaim: 40,
        });
        await first.runOnce();
        await database.close();
        database = await openDatabase({ dataDir });
        const second = createWorker({
          database,
          handlers: createDefaultHandlers(hubspotDefaultsOf),
          logger: silent,
          recordsPerClaim: 40,
        });
        while ((await second.runOnce()).claimed > 0);
        await assertExactlyOnce(database, tenant.id);
        await database.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
      return;
    }
    const store = await openTestStore();
    try {
      const tenant = await installTenant(store.db);
      await enqueue(store.db, snapshots(tenant), new Date(T0));
      const worker = createWorker({
        database: store,
        handlers: createDefaultHandlers(hubspotDefaultsOf),
        logger: silent,
        recordsPerClaim: 20,
        pollMs: 20,
        leaseMs: 2_000,
      });
      worker.start();
      await expect
        .poll(async () => (await store.db.select().from(inbox).where(eq(inbox.status, 'done'))).length, {
          timeout: 20_000,
        })
        .toBeGreaterThan(20);
      // What a server restart does to clients: every backend of this database is killed.
      const [{ name } = { name: '' }] = await queryRows<{ name: string }>(
        store.db,
        sql`select current_database() as name`,
      );
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await admin.end();
      await expect
        .poll(async () => (await store.db.select().from(inbox).where(eq(inbox.status, 'done'))).length, {
          timeout: 30_000,
          interval: 250,
        })
        .toBe(RECORDS);
      await worker.stop();
      await assertExactlyOnce(store, tenant.id);
    } finally {
      await store.close();
    }
  });
});
