import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, queryRows } from '../../src/store/database.ts';
import { claimBatch, complete } from '../../src/store/inbox-claim.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { inbox } from '../../src/store/schema.ts';
import { maintainInbox, scheduleInboxMaintenance } from '../../src/worker/inbox-maintenance.ts';
import { silentLogger } from '../crm/hubspot/api/hubspot-test-kit.ts';
import { installTenant, T0 } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const HOUR = 3_600_000;

describe('inbox maintenance', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.close());

  it('drops unattached events past the install window and purges old finished items, keeping the rest', async () => {
    const tenant = await installTenant(store.db);
    const item = (key: string, tenantId: string | null) => ({
      crm: 'hubspot' as const,
      externalAccountId: tenantId ? tenant.externalId : '999',
      tenantId,
      dedupeKey: key,
      payload: { type: 'x' },
    });
    await enqueue(store.db, [item('early-orphan', null), item('done-old', tenant.id)], new Date(T0));
    const claimed = await claimBatch(store.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: new Date(T0),
    });
    await complete(
      store.db,
      claimed.map((c) => c.id),
      'w',
      new Date(T0),
    );
    await enqueue(
      store.db,
      [item('fresh-orphan', null), item('pending', tenant.id)],
      new Date(T0 + 70 * HOUR),
    );

    const result = await maintainInbox(store, new Date(T0 + 80 * HOUR));
    expect(result).toEqual({ droppedUnattached: 1, purgedDone: 1 });
    const left = await store.db.select({ key: inbox.dedupeKey }).from(inbox).orderBy(inbox.dedupeKey);
    expect(left.map((r) => r.key)).toEqual(['fresh-orphan', 'pending']);
  });

  it('lets embedded PostgreSQL reuse the space of purged items, which it has no autovacuum for', async () => {
    const embedded = await openDatabase({ dataDir: 'memory://' });
    try {
      const tenant = await installTenant(embedded.db);
      const inboxBytes = async () => {
        const [row] = await queryRows<{ bytes: number | string }>(
          embedded.db,
          sql`select pg_relation_size('inbox') as bytes`,
        );
        return Number(row?.bytes);
      };
      // A day of work: stored, worked, finished, then purged by the next day's maintenance.
      const workADay = async (day: number) => {
        const at = new Date(T0 + day * 24 * HOUR);
        const items = Array.from({ length: 2_000 }, (_, i) => ({
          crm: 'hubspot' as const,
          externalAccountId: tenant.externalId,
          tenantId: tenant.id,
          dedupeKey: `day-${day}-${i}`,
          payload: { type: 'x', note: 'a payload of some size '.repeat(8) },
        }));
        await enqueue(embedded.db, items, at);
        const claimed = await claimBatch(embedded.db, {
          workerId: 'w',
          limit: 5_000,
          leaseMs: 60_000,
          now: at,
        });
        await complete(
          embedded.db,
          claimed.map((c) => c.id),
          'w',
          at,
        );
        return maintainInbox(embedded, new Date(at.getTime() + 4 * 24 * HOUR));
      };
      expect((await workADay(0)).purgedDone).toBe(2_000);
      const afterFirstDay = await inboxBytes();
      for (let day = 1; day <= 3; day++) expect((await workADay(day)).purgedDone).toBe(2_000);
      // Without a vacuum every day's rows would land on new pages: about four times the size.
      expect(await inboxBytes()).toBeLessThanOrEqual(afterFirstDay * 1.25);
    } finally {
      await embedded.close();
    }
  });

  it('asks for fresh planner statistics on the first pass and then every sixth (hourly)', async () => {
    const asked: boolean[] = [];
    vi.useFakeTimers();
    const stop = scheduleInboxMaintenance(
      {
        db: store.db,
        reclaimSpace: async (options) => void asked.push(options?.refreshStatistics ?? false),
      },
      silentLogger(),
      1_000,
    );
    try {
      for (let pass = 0; pass < 7; pass++) {
        await vi.advanceTimersByTimeAsync(1_000);
        await vi.waitFor(() => expect(asked).toHaveLength(pass + 1));
      }
    } finally {
      stop();
      vi.useRealTimers();
    }
    expect(asked).toEqual([true, false, false, false, false, false, true]);
  });

  it("refreshes embedded PostgreSQL's planner statistics only on the passes that ask for it", async () => {
    const embedded = await openDatabase({ dataDir: 'memory://' });
    try {
      const tenant = await installTenant(embedded.db);
      const items = Array.from({ length: 200 }, (_, i) => ({
        crm: 'hubspot' as const,
        externalAccountId: tenant.externalId,
        tenantId: tenant.id,
        dedupeKey: `stats-${i}`,
        payload: { type: 'x' },
      }));
      await enqueue(embedded.db, items, new Date(T0));
      const inboxColumnsWithStatistics = async () => {
        const [row] = await queryRows<{ columns: number | string }>(
          embedded.db,
          sql`select count(*) as columns from pg_stats where tablename = 'inbox'`,
        );
        return Number(row?.columns);
      };
      await maintainInbox(embedded, new Date(T0));
      expect(await inboxColumnsWithStatistics()).toBe(0);
      await maintainInbox(embedded, new Date(T0), { refreshStatistics: true });
      expect(await inboxColumnsWithStatistics()).toBeGreaterThan(0);
    } finally {
      await embedded.close();
    }
  });
});
