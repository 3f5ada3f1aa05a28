import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputInvalidError, RateLimitedError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import type { Tx } from '../../src/store/database.ts';
import { listDead } from '../../src/store/inbox-claim.ts';
import type { InboxRow } from '../../src/store/inbox-intake.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { appendLedgerEntries, readLedger } from '../../src/store/ledger.ts';
import { inbox } from '../../src/store/schema.ts';
import type { Tenant } from '../../src/store/tenants.ts';
import { HandlerRegistry, type InboxHandler } from '../../src/worker/handler-registry.ts';
import { createWorker } from '../../src/worker/worker-loop.ts';
import { installTenant, T0 } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

let store: TestStore;
let tenant: Tenant;
let clock: Date;

beforeEach(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  clock = new Date(T0);
});
afterEach(() => store.close());

function items(
  n: number,
  payload: (i: number) => Record<string, unknown> = (i) => ({ type: 'note', record: `r${i}` }),
) {
  return Array.from({ length: n }, (_, i) => ({
    crm: 'hubspot' as const,
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    dedupeKey: `k${i}`,
    payload: payload(i),
  }));
}

/** A handler that writes one ledger entry per item, so effects are visible in the store. */
type Work = (tx: Tx, group: readonly InboxRow[]) => Promise<void>;
const handler = (work: Work): InboxHandler => ({ apply: (tx, group) => work(tx, group) });

const writeNotes: Work = async (tx, group) => {
  for (const item of group) {
    const record = String((item.payload as { record: string }).record);
    await appendLedgerEntries(tx, tenant.id, [
      {
        kind: 'handoff_event',
        event: 'first_contact_attempt',
        recordId: record,
        occurredAt: T0,
        dedupeKey: `note:${item.dedupeKey}`,
      },
    ]);
  }
};

function worker(handlers: HandlerRegistry, extra: { leaseMs?: number; workerId?: string } = {}) {
  return createWorker({
    database: store,
    handlers,
    logger: silent,
    clock: () => clock,
    random: () => 0.5,
    ...extra,
  });
}

describe('worker loop', () => {
  it('applies each item once and marks it done in the same transaction', async () => {
    await enqueue(store.db, items(5), clock);
    const outcome = await worker(new HandlerRegistry().on('note', handler(writeNotes))).runOnce();
    expect(outcome).toEqual({ claimed: 5, done: 5, retried: 0, dead: 0 });
    expect(await readLedger(store.db, tenant.id, 'r3')).toHaveLength(1);
    const again = await worker(new HandlerRegistry().on('note', handler(writeNotes))).runOnce();
    expect(again.claimed).toBe(0);
  });

  it('hands what prepare read (outside the transaction) to apply', async () => {
    await enqueue(store.db, items(2), clock);
    const handlers = new HandlerRegistry().on<Map<number, string>>('note', {
      prepare: async (group) => new Map(group.map((i) => [i.id, `read-${i.dedupeKey}`])),
      apply: async (tx, group, read) => {
        for (const item of group) {
          await appendLedgerEntries(tx, tenant.id, [
            {
              kind: 'handoff_event',
              event: 'dormant',
              recordId: read.get(item.id) ?? 'missing',
              occurredAt: T0,
              dedupeKey: 'p',
            },
          ]);
        }
      },
    });
    expect(await worker(handlers).runOnce()).toMatchObject({ done: 2 });
    expect(await readLedger(store.db, tenant.id, 'read-k1')).toHaveLength(1);
  });

  it('isolates a poison item so its neighbours still commit', async () => {
    await enqueue(store.db, items(4), clock);
    const handlers = new HandlerRegistry().on(
      'note',
      handler(async (tx, group) => {
        if (group.some((i) => (i.payload as { record: string }).record === 'r2'))
          throw new Error('cannot parse r2');
        await writeNotes(tx, group);
      }),
    );
    const outcome = await worker(handlers).runOnce();
    expect(outcome).toEqual({ claimed: 4, done: 3, retried: 1, dead: 0 });
    expect(await readLedger(store.db, tenant.id, 'r2')).toEqual([]);
    expect(await readLedger(store.db, tenant.id, 'r1')).toHaveLength(1);
  });

  it('rolls back a failed group entirely: nothing half-written', async () => {
    await enqueue(store.db, items(1), clock);
    const handlers = new HandlerRegistry().on(
      'note',
      handler(async (tx, group) => {
        await writeNotes(tx, group);
        throw new Error('failed after writing');
      }),
    );
    await worker(handlers).runOnce();
    expect(await readLedger(store.db, tenant.id, 'r0')).toEqual([]);
  });

  it('honours Retry-After and dead-letters input that can never succeed', async () => {
    await enqueue(store.db, items(2), clock);
    const handlers = new HandlerRegistry().on(
      'note',
      handler(async (_tx, group) => {
        const records = group.map((item) => (item.payload as { record?: string } | undefined)?.record);
        // r1 is poison: the group is isolated, and r0 alone then meets a busy CRM.
        if (records.includes('r1')) throw new InputInvalidError('property baton_stage does not exist');
        throw new RateLimitedError('slow down', 7_000);
      }),
    );
    const outcome = await worker(handlers).runOnce();
    expect(outcome).toMatchObject({ retried: 1, dead: 1 });
    const rows = await store.db.select().from(inbox).orderBy(inbox.id);
    expect(rows[0]).toMatchObject({ status: 'pending', nextAttemptAt: new Date(T0 + 7_000) });
    const dead = await listDead(store.db, { tenantId: tenant.id, limit: 10 });
    expect(dead.map((d) => d.lastError)).toEqual([expect.stringContaining('baton_stage does not exist')]);
  });

  it('keeps a group whole when the CRM is busy or down: one call waits, not one per record', async () => {
    await enqueue(store.db, items(3), clock);
    let calls = 0;
    const handlers = new HandlerRegistry().on(
      'note',
      handler(async () => {
        calls += 1;
        throw new RateLimitedError('slow down', 7_000);
      }),
    );
    expect(await worker(handlers).runOnce()).toMatchObject({ retried: 3, dead: 0 });
    expect(calls).toBe(1);
    const rows = await store.db.select().from(inbox).orderBy(inbox.id);
    expect(rows.map((r) => r.nextAttemptAt)).toEqual([0, 1, 2].map(() => new Date(T0 + 7_000)));
  });

  it('dead-letters an item with no handler at its first attempt, naming the payload type', async () => {
    await enqueue(
      store.db,
      items(1, () => ({ type: 'mystery' })),
      clock,
    );
    // The default policy allows 8 attempts: an unknown type must not use them.
    const w = createWorker({
      database: store,
      handlers: new HandlerRegistry(),
      logger: silent,
      clock: () => clock,
    });
    expect(await w.runOnce()).toMatchObject({ retried: 0, dead: 1 });
    const [dead] = await listDead(store.db, { limit: 1 });
    expect(dead?.attempts).toBe(1);
    expect(dead?.lastError).toContain('no handler for payload type "mystery"');
  });

  it('lets another worker finish a batch whose worker died mid-way, without applying anything twice', async () => {
    await enqueue(store.db, items(3), clock);
    const dying = worker(
      new HandlerRegistry().on(
        'note',
        handler(async () => {
          clock = new Date(clock.getTime() + 120_000);
          throw new Error('killed');
        }),
      ),
      { leaseMs: 60_000, workerId: 'dying' },
    );
    // The first worker claims, then its lease expires before it can commit anything.
    await dying.runOnce().catch(() => undefined);
    const survivor = worker(new HandlerRegistry().on('note', handler(writeNotes)), { workerId: 'survivor' });
    clock = new Date(clock.getTime() + 10 * 60_000);
    await survivor.runOnce();
    for (const r of ['r0', 'r1', 'r2']) expect(await readLedger(store.db, tenant.id, r)).toHaveLength(1);
  });

  it('holds work that fills CRM calls until a call is full or its oldest item is overdue', async () => {
    const seen: string[][] = [];
    const handlers = new HandlerRegistry().on('read', {
      recordsPerCall: 3,
      apply: async (_tx, group) => {
        seen.push([...new Set(group.map((i) => String(i.recordKey)))].sort());
      },
    });
    const records = (from: number, to: number, at: Date) =>
      enqueue(
        store.db,
        Array.from({ length: to - from }, (_, i) => ({
          crm: 'hubspot' as const,
          externalAccountId: tenant.externalId,
          tenantId: tenant.id,
          dedupeKey: `read-${from + i}`,
          recordKey: `r${from + i}`,
          payload: { type: 'read' },
        })),
        at,
      );
    const w = createWorker({
      database: store,
      handlers,
      logger: silent,
      clock: () => clock,
      pollMs: 5,
      maxWaitMs: 1_000,
    });
    await records(0, 2, clock);
    w.start();
    try {
      // Two records cannot fill a call of three while they may still wait.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([]);
      await records(2, 4, clock);
      await expect.poll(() => seen).toEqual([['r0', 'r1', 'r2']]);
      // The fourth record waits alone until its deadline, then goes in a partly filled call.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toHaveLength(1);
      clock = new Date(clock.getTime() + 1_000);
      await expect.poll(() => seen).toEqual([['r0', 'r1', 'r2'], ['r3']]);
    } finally {
      await w.stop();
    }
  });

  it('stops after finishing the batch in hand', async () => {
    await enqueue(store.db, items(3), clock);
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const w = worker(
      new HandlerRegistry().on(
        'note',
        handler(async (tx, group) => {
          release();
          await new Promise((r) => setTimeout(r, 50));
          await writeNotes(tx, group);
        }),
      ),
    );
    w.start();
    await started;
    await w.stop();
    expect(await readLedger(store.db, tenant.id, 'r2')).toHaveLength(1);
  });
});
