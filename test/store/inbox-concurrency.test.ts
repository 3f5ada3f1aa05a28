import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.ts';
import { claimBatch, complete } from '../../src/store/inbox-claim.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { inbox } from '../../src/store/schema.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const ITEMS = 2000;

describe(`inbox under concurrent workers (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('hands every item to exactly one worker and loses none', async () => {
    const tenant = await installTenant(store.db);
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      crm: 'hubspot' as const,
      externalAccountId: 'portal-1',
      tenantId: tenant.id,
      dedupeKey: `event-${i}`,
      payload: { i },
    }));
    expect(await enqueue(store.db, items, at(0))).toEqual({ inserted: ITEMS, duplicates: 0 });

    // On a server: two processes (separate pools), each running two claim loops at once. PGlite
    // has one connection, so its claimers interleave on it.
    const workerDbs: Db[] =
      engineUnderTest === 'postgres'
        ? [(await store.openPeer()).db, (await store.openPeer()).db]
        : [store.db];
    const claimedBy = new Map<number, string>();
    const claimedTwice: number[] = [];
    const claimLoop = async (db: Db, workerId: string) => {
      for (;;) {
        const batch = await claimBatch(db, { workerId, limit: 25, leaseMs: 60_000, now: at(1) });
        if (batch.length === 0) return;
        for (const row of batch) {
          if (claimedBy.has(row.id)) claimedTwice.push(row.id);
          claimedBy.set(row.id, workerId);
        }
        await new Promise((resolve) => setImmediate(resolve));
        expect(
          await complete(
            db,
            batch.map((r) => r.id),
            workerId,
            at(1),
          ),
        ).toBe(batch.length);
      }
    };
    await Promise.all(
      workerDbs.flatMap((db, w) => [claimLoop(db, `worker-${w}-a`), claimLoop(db, `worker-${w}-b`)]),
    );

    expect(claimedTwice).toEqual([]);
    expect(claimedBy.size).toBe(ITEMS);
    expect(new Set(claimedBy.values()).size).toBeGreaterThan(1);
    const [done] = await store.db.select({ n: count() }).from(inbox).where(eq(inbox.status, 'done'));
    expect(done?.n).toBe(ITEMS);
    const [retried] = await store.db.select({ n: count() }).from(inbox).where(eq(inbox.attempts, 1));
    expect(retried?.n).toBe(ITEMS);
  });
});
