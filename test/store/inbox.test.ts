import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.ts';
import {
  claimBatch,
  complete,
  fail,
  findDueGroups,
  listDead,
  retryDead,
} from '../../src/store/inbox-claim.ts';
import { attachTenant, enqueue, enqueueRecordEvents, type InboxItem } from '../../src/store/inbox-intake.ts';
import { dropStale, purgeDone } from '../../src/store/inbox-retention.ts';
import { inbox } from '../../src/store/schema.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const LEASE = 60_000;

function events(
  tenantId: string | null,
  keys: readonly string[],
  externalAccountId = 'portal-1',
): InboxItem[] {
  return keys.map((dedupeKey) => ({
    crm: 'hubspot',
    externalAccountId,
    tenantId,
    dedupeKey,
    payload: { eventId: dedupeKey, propertyName: 'lifecyclestage', propertyValue: 'marketingqualifiedlead' },
  }));
}

async function statusOf(db: Db, dedupeKey: string) {
  const [row] = await db
    .select()
    .from(inbox)
    .where(and(eq(inbox.crm, 'hubspot'), eq(inbox.dedupeKey, dedupeKey)));
  return row;
}

let sequence = 0;
const unique = (label: string, count: number) => {
  sequence += 1;
  return Array.from({ length: count }, (_, i) => `${label}-${sequence}-${i}`);
};

describe(`inbox (${engineUnderTest})`, () => {
  let store: TestStore;
  let tenantId: string;
  beforeAll(async () => {
    store = await openTestStore();
    tenantId = (await installTenant(store.db)).id;
  });
  afterAll(() => store.close());

  async function claimAll(workerId: string, minutes: number, limit = 1000) {
    return claimBatch(store.db, { workerId, limit, leaseMs: LEASE, now: at(minutes) });
  }

  async function drainQueue(minutes: number) {
    const rows = await claimAll('drainer', minutes);
    await complete(
      store.db,
      rows.map((r) => r.id),
      'drainer',
      at(minutes),
    );
  }

  it('stores each delivery once, counting repeats inside a batch and across batches', async () => {
    const keys = unique('dedupe', 3);
    expect(await enqueue(store.db, events(tenantId, [...keys, keys[0] ?? '']), at(0))).toEqual({
      inserted: 3,
      duplicates: 1,
    });
    expect(await enqueue(store.db, events(tenantId, keys), at(1))).toEqual({ inserted: 0, duplicates: 3 });
    const salesforce = events(tenantId, keys).map((e) => ({ ...e, crm: 'salesforce' as const }));
    expect(await enqueue(store.db, salesforce, at(1))).toEqual({ inserted: 3, duplicates: 0 });
    expect(await enqueue(store.db, [], at(1))).toEqual({ inserted: 0, duplicates: 0 });
    const stored = await statusOf(store.db, keys[0] ?? '');
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, receivedAt: at(0), tenantId });
    expect(stored?.payload).toEqual(events(tenantId, keys)[0]?.payload);
    await drainQueue(2);
  });

  it('keeps payloads exactly as received, including awkward text', async () => {
    const [key] = unique('payload', 1) as [string];
    const payload = {
      note: 'He said "no", {maybe} \\ NULL ✋\n',
      nested: [{ a: null, b: 1.5, c: true }],
      unicode: 'Zürich',
    };
    await enqueue(
      store.db,
      [{ crm: 'hubspot', externalAccountId: 'p', tenantId, dedupeKey: key, payload }],
      at(5),
    );
    expect((await statusOf(store.db, key))?.payload).toEqual(payload);
    await drainQueue(5);
  });

  it('claims due items oldest first, up to the limit, and completes them for the holder only', async () => {
    const keys = unique('claim', 5);
    await enqueue(store.db, events(tenantId, keys), at(10));
    const first = await claimAll('w1', 10, 3);
    expect(first.map((r) => r.dedupeKey)).toEqual(keys.slice(0, 3));
    expect(first[0]).toMatchObject({
      status: 'processing',
      claimedBy: 'w1',
      attempts: 1,
      claimedUntil: at(11),
    });
    const second = await claimAll('w2', 10);
    expect(second.map((r) => r.dedupeKey)).toEqual(keys.slice(3));
    expect(await claimAll('w3', 10)).toEqual([]);

    expect(
      await complete(
        store.db,
        first.map((r) => r.id),
        'w2',
        at(10),
      ),
    ).toBe(0);
    expect(
      await complete(
        store.db,
        first.map((r) => r.id),
        'w1',
        at(10),
      ),
    ).toBe(3);
    expect(
      await complete(
        store.db,
        first.map((r) => r.id),
        'w1',
        at(10),
      ),
    ).toBe(0);
    expect(await statusOf(store.db, keys[0] ?? '')).toMatchObject({ status: 'done', processedAt: at(10) });
    expect(await complete(store.db, [], 'w2', at(10))).toBe(0);
    await complete(
      store.db,
      second.map((r) => r.id),
      'w2',
      at(10),
    );
  });

  it('reclaims items whose worker died mid-batch once the lease runs out', async () => {
    const keys = unique('lease', 2);
    await enqueue(store.db, events(tenantId, keys), at(20));
    const doomed = await claimAll('killed-worker', 20);
    expect(doomed).toHaveLength(2);
    expect(await claimAll('w2', 20.5)).toEqual([]);
    const rescued = await claimAll('w2', 21.01);
    expect(rescued.map((r) => [r.dedupeKey, r.claimedBy, r.attempts])).toEqual(keys.map((k) => [k, 'w2', 2]));
    expect(
      await complete(
        store.db,
        doomed.map((r) => r.id),
        'killed-worker',
        at(21.02),
      ),
    ).toBe(0);
    expect(
      await complete(
        store.db,
        rescued.map((r) => r.id),
        'w2',
        at(21.02),
      ),
    ).toBe(2);
  });

  it('retries a failed item at the time the caller chose, keeping a truncated error', async () => {
    const [key] = unique('retry', 1) as [string];
    await enqueue(store.db, events(tenantId, [key]), at(30));
    const [row] = await claimAll('w1', 30);
    const longError = `HubSpot answered 502: ${'x'.repeat(5000)}`;
    expect(await fail(store.db, row?.id ?? 0, 'w2', 'not mine', at(30), { retryAt: at(35) })).toBe(false);
    expect(await fail(store.db, row?.id ?? 0, 'w1', longError, at(30), { retryAt: at(35) })).toBe(true);
    const failed = await statusOf(store.db, key);
    expect(failed).toMatchObject({ status: 'pending', nextAttemptAt: at(35), claimedBy: null, attempts: 1 });
    expect(failed?.lastError).toBe(longError.slice(0, 2000));
    expect(await claimAll('w1', 34.9)).toEqual([]);
    const [again] = await claimAll('w1', 35);
    expect(again).toMatchObject({ dedupeKey: key, attempts: 2 });
    await complete(store.db, [again?.id ?? 0], 'w1', at(35));
    expect(await statusOf(store.db, key)).toMatchObject({ status: 'done', lastError: null });
  });

  it('dead-letters an item, lists it per tenant, and revives it for a fresh run', async () => {
    const other = await installTenant(store.db);
    const [mine] = unique('dead', 1) as [string];
    const [theirs] = unique('dead-other', 1) as [string];
    await enqueue(store.db, [...events(tenantId, [mine]), ...events(other.id, [theirs])], at(40));
    for (const row of await claimAll('w1', 40)) {
      await fail(store.db, row.id, 'w1', 'property does not exist', at(40), { dead: true });
    }
    const dead = await listDead(store.db, { tenantId, limit: 10 });
    expect(dead.map((r) => [r.dedupeKey, r.status, r.lastError])).toEqual([
      [mine, 'dead', 'property does not exist'],
    ]);
    expect((await listDead(store.db, { limit: 10 })).map((r) => r.dedupeKey)).toEqual([mine, theirs]);
    expect(await claimAll('w1', 41)).toEqual([]);

    const theirsId = (await listDead(store.db, { tenantId: other.id, limit: 1 }))[0]?.id ?? 0;
    expect(await retryDead(store.db, [theirsId], at(42), { tenantId })).toBe(0);
    expect(await retryDead(store.db, [dead[0]?.id ?? 0, theirsId], at(42))).toBe(2);
    expect(await retryDead(store.db, [dead[0]?.id ?? 0], at(42))).toBe(0);
    const revived = await claimAll('w1', 42);
    expect(revived.map((r) => [r.dedupeKey, r.attempts])).toEqual([
      [mine, 1],
      [theirs, 1],
    ]);
    await complete(
      store.db,
      revived.map((r) => r.id),
      'w1',
      at(42),
    );
    expect(await listDead(store.db, { limit: 10 })).toEqual([]);
  });

  it('holds events of an unfinished install until the tenant is attached, and drops them after the window', async () => {
    const early = unique('early', 2);
    const abandoned = unique('abandoned', 1);
    await enqueue(store.db, events(null, early, 'portal-new'), at(50));
    await enqueue(store.db, events(null, abandoned, 'portal-abandoned'), at(50));
    await enqueue(store.db, events(null, unique('recent', 1), 'portal-slow'), at(58));
    expect(await claimAll('w1', 51)).toEqual([]);

    const tenant = await installTenant(store.db);
    expect(await attachTenant(store.db, 'hubspot', 'portal-new', tenant.id)).toBe(2);
    expect(await attachTenant(store.db, 'salesforce', 'portal-abandoned', tenant.id)).toBe(0);
    expect(await dropStale(store.db, { olderThan: at(55) })).toBe(1);
    expect(await statusOf(store.db, abandoned[0] ?? '')).toBeUndefined();

    const claimed = await claimAll('w1', 60);
    expect(claimed.map((r) => [r.dedupeKey, r.tenantId])).toEqual(early.map((k) => [k, tenant.id]));
    await complete(
      store.db,
      claimed.map((r) => r.id),
      'w1',
      at(60),
    );
    expect(await dropStale(store.db, { olderThan: at(70) })).toBe(1);
  });

  it('claims whole records: every item of the longest-waiting records, within each group budget', async () => {
    const other = await installTenant(store.db);
    const item = (
      tenant: string,
      key: string | undefined,
      record: string | null,
      kind = 'hubspot_event',
    ): InboxItem => ({
      crm: 'hubspot',
      externalAccountId: 'portal-records',
      tenantId: tenant,
      dedupeKey: key ?? '',
      recordKey: record,
      payload: { type: kind },
    });
    const [a1, b1, a2, c1, b2, d1, w1, x1] = unique('records', 8);
    await enqueue(
      store.db,
      [
        item(tenantId, a1, '0-1:a'),
        item(tenantId, b1, '0-1:b'),
        item(tenantId, a2, '0-1:a'),
        item(tenantId, c1, '0-1:c'),
        item(tenantId, b2, '0-1:b'),
        item(tenantId, d1, null),
        item(tenantId, w1, 'contacts:a', 'hubspot_writeback'),
        item(other.id, x1, '0-1:a'),
      ],
      at(90),
    );
    const groups = await findDueGroups(store.db, at(90));
    expect(
      groups
        .map((g) => [g.tenantId === tenantId ? 'mine' : 'theirs', g.kind, g.records, g.oldestDueAt])
        .sort(),
    ).toEqual([
      ['mine', 'hubspot_event', 4, at(90)],
      ['mine', 'hubspot_writeback', 1, at(90)],
      ['theirs', 'hubspot_event', 1, at(90)],
    ]);
    expect(await findDueGroups(store.db, at(89))).toEqual([]);

    // Two records of my events only: a and b with all their items; c, the keyless item and the
    // groups without a budget wait.
    const first = await claimBatch(store.db, {
      workerId: 'w1',
      limit: 100,
      leaseMs: LEASE,
      now: at(90),
      budgets: [{ tenantId, kind: 'hubspot_event', records: 2 }],
    });
    expect(first.map((r) => r.dedupeKey)).toEqual([a1, b1, a2, b2]);
    const rest = await claimAll('w2', 90, 1);
    expect(rest.map((r) => r.dedupeKey).sort()).toEqual([c1, w1, x1].sort());
    const keyless = await claimAll('w2', 90);
    expect(keyless.map((r) => r.dedupeKey)).toEqual([d1]);
    await complete(
      store.db,
      [...first, ...rest].map((r) => r.id),
      'w1',
      at(90),
    );
    await complete(
      store.db,
      [...first, ...rest, ...keyless].map((r) => r.id),
      'w2',
      at(90),
    );
    expect(await findDueGroups(store.db, at(90))).toEqual([]);
  });

  it('never lets a backlog of one kind hide another kind from a claim', async () => {
    const backlog = unique('backlog', 60).map((key) => ({
      crm: 'hubspot' as const,
      externalAccountId: 'portal-backlog',
      tenantId,
      dedupeKey: key,
      payload: { type: 'read' },
    }));
    const [late] = unique('late-write', 1);
    await enqueue(store.db, backlog, at(95));
    await enqueue(
      store.db,
      [{ ...backlog[0], dedupeKey: late ?? '', payload: { type: 'write' } } as InboxItem],
      at(95.5),
    );
    const claimed = await claimBatch(store.db, {
      workerId: 'w1',
      limit: 500,
      leaseMs: LEASE,
      now: at(96),
      budgets: [
        { tenantId, kind: 'read', records: 2 },
        { tenantId, kind: 'write', records: 1 },
      ],
    });
    expect(claimed.map((r) => r.kind).sort()).toEqual(['read', 'read', 'write']);
    await complete(
      store.db,
      claimed.map((r) => r.id),
      'w1',
      at(96),
    );
    await drainQueue(96);
  });

  it('purges finished items after the retention window, and forgets deliveries older than it', async () => {
    const keys = unique('purge', 2);
    const later = unique('purge-later', 1);
    await enqueue(store.db, events(tenantId, keys), at(80));
    await enqueue(store.db, events(tenantId, later), at(81.5));
    const [first, second] = await claimAll('w1', 81.5);
    await complete(store.db, [first?.id ?? 0], 'w1', at(80));
    await purgeDone(store.db, { olderThan: at(80) });
    expect(await statusOf(store.db, keys[0] ?? '')).toMatchObject({ status: 'done' });
    expect(await enqueue(store.db, events(tenantId, keys), at(80.5))).toEqual({ inserted: 0, duplicates: 2 });
    expect(await purgeDone(store.db, { olderThan: at(81) })).toBeGreaterThanOrEqual(1);
    expect(await statusOf(store.db, keys[0] ?? '')).toBeUndefined();
    expect(await statusOf(store.db, keys[1] ?? '')).toMatchObject({ status: 'processing' });
    // Past the window a delivery is new again; one inside it is still recognised.
    expect(await enqueue(store.db, events(tenantId, [...keys, ...later]), at(82))).toEqual({
      inserted: 2,
      duplicates: 1,
    });
    await complete(store.db, [second?.id ?? 0], 'w1', at(82));
    await drainQueue(82);
  });

  it('stores the fresh events of one record as one item, in the order given', async () => {
    const [a, b, c] = unique('grouped', 3);
    const event = (key: string | undefined, record: string, n: number): InboxItem => ({
      crm: 'hubspot',
      externalAccountId: 'portal-grouped',
      tenantId,
      dedupeKey: key ?? '',
      recordKey: record,
      payload: { n },
    });
    await enqueue(store.db, [event(a, '0-1:g1', 0)], at(85));
    const stored = await enqueueRecordEvents(
      store.db,
      'hubspot_event',
      [event(b, '0-1:g1', 1), event(a, '0-1:g1', 0), event(c, '0-1:g2', 2), event(b, '0-1:g1', 1)],
      at(85),
    );
    expect(stored).toEqual({ inserted: 2, duplicates: 2 });
    const rows = await store.db
      .select()
      .from(inbox)
      .where(and(eq(inbox.externalAccountId, 'portal-grouped'), eq(inbox.status, 'pending')))
      .orderBy(inbox.id);
    expect(rows.map((r) => [r.recordKey, r.dedupeKey, r.payload])).toEqual([
      ['0-1:g1', a, { n: 0 }],
      ['0-1:g1', b, { type: 'hubspot_event', events: [{ n: 1 }] }],
      ['0-1:g2', c, { type: 'hubspot_event', events: [{ n: 2 }] }],
    ]);
    await drainQueue(85);
  });
});
