import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { type Database, type Db, openDatabase, queryRows } from '../../src/store/database.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import * as schema from '../../src/store/schema.ts';
import { inbox } from '../../src/store/schema.ts';
import { findSnapshotsLinkedTo, LINKED_RECORD_PROPERTY } from '../../src/store/snapshots.ts';
import { getTenant } from '../../src/store/tenants.ts';
import { installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore } from './harness.ts';

const MIGRATIONS = fileURLToPath(new URL('../../src/store/migrations', import.meta.url));

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

/** A PGlite database in `root/data` with the migrations up to `lastTag` only, as an older Baton left it. */
async function migratedUpTo(root: string, lastTag: string) {
  const before = join(root, 'migrations');
  await cp(MIGRATIONS, before, { recursive: true });
  const journal = JSON.parse(await readFile(join(before, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag <= lastTag);
  await writeFile(join(before, 'meta', '_journal.json'), JSON.stringify(journal));
  const client = await PGlite.create(join(root, 'data'));
  const old = drizzle({ client, schema });
  await migrate(old, { migrationsFolder: before });
  return { client, old };
}

const TABLES = [
  'assessment_links',
  'assessment_responses',
  'assessment_rounds',
  'audit_log',
  'backfill_runs',
  'card_actions',
  'console_sessions',
  'credentials',
  'crm_schema_versions',
  'field_notes',
  'frozen_verdicts',
  'funnel_models',
  'inbox',
  'inbox_receipts',
  'lead_facts',
  'ledger',
  'qualification_definitions',
  'qualification_results',
  'rate_limit_windows',
  'record_snapshots',
  'sla_clocks',
  'sla_round_robin',
  'sync_cursors',
  'tenants',
  'touches',
  'used_oauth_states',
  'webhook_signature_floors',
];

describe(`migrations (${engineUnderTest})`, () => {
  it('opening a migrated database again keeps its data and settings and applies nothing twice', async () => {
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
      // Set per session, so every open must set it again: zero-filled WAL segments stall requests.
      const [wal] = await queryRows<{ wal_init_zero: string }>(second.db, sql`show wal_init_zero`);
      expect(wal?.wal_init_zero).toBe('off');
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

  it('upgrades an inbox stored one event per item: its keys still dedupe and its events get record keys', async () => {
    const root = await mkdtemp(join(tmpdir(), 'baton-upgrade-'));
    try {
      // The migrations as they were before record keys and receipts, then a webhook stored then.
      const { client, old } = await migratedUpTo(root, '0003');
      const tenant = await installTenant(old);
      const event = { objectTypeId: '0-136', objectId: '9001', propertyName: 'hs_pipeline_stage' };
      await client.query(
        `insert into inbox (tenant_id, crm, external_account_id, dedupe_key, payload, status, next_attempt_at, received_at)
         values ($1, 'hubspot', '62515', 'old-event', $2, 'pending', now(), now())`,
        [tenant.id, JSON.stringify({ type: 'hubspot_event', event })],
      );
      await client.close();

      const upgraded = await openDatabase({ dataDir: join(root, 'data') });
      const [row] = await upgraded.db.select().from(inbox);
      expect(row).toMatchObject({ recordKey: '0-136:9001', dedupeKey: 'old-event' });
      const again = { crm: 'hubspot' as const, externalAccountId: '62515', tenantId: tenant.id, payload: {} };
      expect(await enqueue(upgraded.db, [{ ...again, dedupeKey: 'old-event' }], new Date())).toEqual({
        inserted: 0,
        duplicates: 1,
      });
      await upgraded.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('carries HubSpot vocabulary stored before the CRM-neutral store over to its neutral homes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'baton-neutral-'));
    try {
      const { client, old } = await migratedUpTo(root, '0007');
      const tenantId = (await installTenant(old)).id;
      const stage = (key: string, crmMapping: unknown) => ({ key, label: key, owners: [], crmMapping });
      const body = {
        key: 'demand_waterfall',
        stages: [
          stage('inquiry', { hubspot: [{ property: 'lifecyclestage', values: ['lead'] }] }),
          stage('sal', { salesforce: [{ property: 'Status', values: ['Working - Contacted'] }] }),
        ],
      };
      await client.query(
        `insert into funnel_models (tenant_id, key, version, body, is_active, created_by, created_at)
         values ($1, 'demand_waterfall', 1, $2, true, 'install', now())`,
        [tenantId, JSON.stringify(body)],
      );
      const snapshot = `insert into record_snapshots (tenant_id, object_type, crm_record_id, properties, observed_at, updated_at)
         values ($1, 'contacts', $2, $3, now(), now())`;
      await client.query(snapshot, [
        tenantId,
        '7',
        JSON.stringify({ baton_sla_state: 'at_risk', baton_stage: 'mql' }),
      ]);
      await client.query(snapshot, [
        tenantId,
        '8',
        JSON.stringify({ baton_sla_state: 'met', 'lead.hs_object_id': '9001' }),
      ]);
      await client.query(`insert into hubspot_v3_portals (portal_id, v3_since) values ('62515', now())`);
      await client.close();

      const upgraded = await openDatabase({ dataDir: join(root, 'data') });
      const [model] = await upgraded.db.select().from(schema.funnelModels);
      expect(model?.body.stages.map((s) => [s.key, s.mapping])).toEqual([
        ['inquiry', [{ property: 'lifecyclestage', values: ['lead'] }]],
        ['sal', []],
      ]);
      expect(JSON.stringify(model?.body)).not.toContain('crmMapping');
      const clocks = await upgraded.db.select().from(schema.slaClocks);
      expect(clocks.map((c) => [c.recordId, c.stage, c.state, c.nextCheckAt !== null])).toEqual([
        ['7', 'mql', 'at_risk', true],
      ]);
      const linked = await findSnapshotsLinkedTo(upgraded.db, tenantId, 'contacts', ['9001']);
      expect(linked.map((s) => [s.recordId, s.properties])).toEqual([
        ['8', { baton_sla_state: 'met', [LINKED_RECORD_PROPERTY]: '9001' }],
      ]);
      expect(await upgraded.db.select().from(schema.webhookSignatureFloors)).toMatchObject([
        { crm: 'hubspot', accountId: '62515', scheme: 'v3' },
      ]);
      await upgraded.close();
    } finally {
      await rm(root, { recursive: true, force: true });
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
