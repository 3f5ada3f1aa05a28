import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, type Db, openDatabase, queryRows } from '../../src/store/database.ts';
import { getTenant } from '../../src/store/tenants.ts';
import { installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore } from './harness.ts';

async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await queryRows<{ applied: number | string }>(
    db,
    sql`select count(*) as applied from drizzle.__drizzle_migrations`,
  );
  return Number(row?.applied);
}

async function publicTables(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((r) => r.name);
}

const TABLES = [
  'audit_log',
  'backfill_runs',
  'credentials',
  'funnel_models',
  'inbox',
  'ledger',
  'qualification_definitions',
  'qualification_results',
  'rate_limit_windows',
  'record_snapshots',
  'tenants',
  'touches',
];

describe(`migrations (${engineUnderTest})`, () => {
  it('opening a migrated database again keeps its data and applies nothing twice', async () => {
    if (engineUnderTest === 'postgres') {
      const store = await openTestStore();
      try {
        const tenant = await installTenant(store.db);
        const applied = await appliedMigrations(store.db);
        // Three processes starting at once: the advisory lock makes them take turns.
        const peers: Database[] = await Promise.all([store.openPeer(), store.openPeer(), store.openPeer()]);
        for (const peer of peers) {
          expect(await appliedMigrations(peer.db)).toBe(applied);
          expect((await getTenant(peer.db, tenant.id))?.name).toBe('Acme');
        }
      } finally {
        await store.close();
      }
      return;
    }
    const root = await mkdtemp(join(tmpdir(), 'baton-store-'));
    // A data directory that does not exist yet, as on a fresh machine.
    const dataDir = join(root, 'not-yet', 'pglite');
    try {
      const first = await openDatabase({ dataDir });
      const tenant = await installTenant(first.db);
      const applied = await appliedMigrations(first.db);
      await first.close();
      const second = await openDatabase({ dataDir });
      expect(await appliedMigrations(second.db)).toBe(applied);
      expect(await publicTables(second.db)).toEqual(TABLES);
      expect((await getTenant(second.db, tenant.id))?.name).toBe('Acme');
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('creates every table on a fresh database and answers a ping', async () => {
    const store = await openTestStore();
    try {
      expect(await publicTables(store.db)).toEqual(TABLES);
      expect(await appliedMigrations(store.db)).toBeGreaterThan(0);
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('explains an unreachable server without echoing the URL and its password', async () => {
    const failure = openDatabase({
      databaseUrl: 'postgres://baton:s3cret-pw@127.0.0.1:1/baton',
      dataDir: 'unused',
    });
    await expect(failure).rejects.toThrow(/start PostgreSQL there, or unset DATABASE_URL/);
    await expect(failure).rejects.not.toThrow(/s3cret-pw/);
  });
});
