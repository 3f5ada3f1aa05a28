import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimitStore,
  createPostgresRateLimitStore,
  createRateLimiter,
  HUBSPOT_PORTAL_LIMIT,
  type RateLimitStore,
} from '../../../../src/crm/hubspot/api/rate-limiter.ts';
import { RateLimitedError } from '../../../../src/errors.ts';
import type { Database } from '../../../../src/store/database.ts';
import { decideAdmission } from '../../../../src/store/rate-limits.ts';
import { engineUnderTest, openTestStore, type TestStore } from '../../../store/harness.ts';
import { busiestWindow, observedStore, T0, virtualTime } from './hubspot-test-kit.ts';

const rule = { limit: 5, windowMs: 10_000, bucketMs: 1_000 };

describe('rolling window admission', () => {
  it.each([
    ['an empty window', [], 0, 1, { admitted: true }],
    ['room for one more', [{ startMs: 0, count: 4 }], 3_500, 1, { admitted: true }],
    // Full since 0 s: the 0 s bucket leaves the counted span at 11 s.
    ['a full window', [{ startMs: 0, count: 5 }], 3_500, 1, { admitted: false, retryAtMs: 11_000 }],
    [
      'a full window freed by its oldest buckets',
      [
        { startMs: 1_000, count: 2 },
        { startMs: 4_000, count: 3 },
      ],
      9_000,
      3,
      { admitted: false, retryAtMs: 15_000 },
    ],
    ['buckets that left the window', [{ startMs: 0, count: 5 }], 11_000, 1, { admitted: true }],
    // A bucket ahead of this caller's clock (another process) still counts.
    [
      'a bucket from a clock running ahead',
      [{ startMs: 6_000, count: 5 }],
      5_500,
      1,
      { admitted: false, retryAtMs: 17_000 },
    ],
  ])('%s', (_case, buckets, atMs, permits, expected) => {
    expect(decideAdmission(rule, buckets, atMs, permits)).toEqual(expected);
  });

  it('refuses a request larger than the limit itself', () => {
    expect(() => decideAdmission(rule, [], 0, 6)).toThrow(RangeError);
  });
});

/** Two limiters ("processes") on one store share a portal's budget under one virtual clock. */
async function runTwoProcesses(storeA: RateLimitStore, storeB: RateLimitStore, perProcess: number) {
  const time = virtualTime();
  const a = observedStore(storeA);
  const b = observedStore(storeB);
  const limiterA = createRateLimiter({ store: a.store, clock: time.clock, sleep: time.sleep });
  const limiterB = createRateLimiter({ store: b.store, clock: time.clock, sleep: time.sleep });
  const run = (limiter: typeof limiterA) =>
    Promise.all(Array.from({ length: perProcess }, () => limiter.acquire('hubspot:portal-1')));
  await Promise.all([run(limiterA), run(limiterB)]);
  return { admittedAt: [...a.admittedAt, ...b.admittedAt], elapsedMs: time.nowMs() - T0 };
}

describe('rate limiter in memory', () => {
  it('lets 350 requests through without ever exceeding 100 in a rolling 10 s', async () => {
    const time = virtualTime();
    const observed = observedStore();
    const limiter = createRateLimiter({ store: observed.store, clock: time.clock, sleep: time.sleep });

    await Promise.all(Array.from({ length: 350 }, () => limiter.acquire('hubspot:portal-1')));

    expect(observed.admittedAt).toHaveLength(350);
    expect(busiestWindow(observed.admittedAt)).toBe(100);
    // 100 per 11 s at most: three full windows have to pass.
    expect(time.nowMs() - T0).toBeGreaterThanOrEqual(33_000);
    expect(time.nowMs() - T0).toBeLessThan(45_000);
  });

  it('keeps portals apart', async () => {
    const time = virtualTime();
    const limiter = createRateLimiter({
      store: createMemoryRateLimitStore(),
      clock: time.clock,
      sleep: time.sleep,
    });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire('hubspot:portal-1')));
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire('hubspot:portal-2')));
    expect(time.sleeps).toEqual([]);
  });

  it('hands an over-long wait to the worker as RateLimitedError', async () => {
    const time = virtualTime();
    const limiter = createRateLimiter({
      store: createMemoryRateLimitStore(),
      clock: time.clock,
      sleep: time.sleep,
      maxWaitMs: 5_000,
    });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire('hubspot:portal-1')));

    const failure = await limiter.acquire('hubspot:portal-1').catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(11_000);
  });
});

describe(`rate limiter shared through PostgreSQL (${engineUnderTest})`, () => {
  let store: TestStore;
  let peer: Database | undefined;

  beforeAll(async () => {
    store = await openTestStore();
    peer = engineUnderTest === 'postgres' ? await store.openPeer() : undefined;
  });
  afterAll(() => store.close());

  it('two processes on one database never exceed 100 in a rolling 10 s together', async () => {
    const storeA = createPostgresRateLimitStore(store.db);
    const storeB = createPostgresRateLimitStore(peer?.db ?? store.db);

    const { admittedAt, elapsedMs } = await runTwoProcesses(storeA, storeB, 130);

    expect(admittedAt).toHaveLength(260);
    expect(busiestWindow(admittedAt)).toBeLessThanOrEqual(HUBSPOT_PORTAL_LIMIT.limit);
    expect(busiestWindow(admittedAt)).toBeGreaterThan(90);
    expect(elapsedMs).toBeGreaterThanOrEqual(22_000);
  });

  it('keeps only the buckets still inside the window', async () => {
    const rows = await store.db.execute(sql`select count(*)::int as n from rate_limit_windows`);
    const { n } = (rows as unknown as { rows: { n: number }[] }).rows[0] ?? { n: -1 };
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(11);
  });

  it('two in-memory limiters do not share a budget, which is why processes need the database', async () => {
    const { admittedAt } = await runTwoProcesses(
      createMemoryRateLimitStore(),
      createMemoryRateLimitStore(),
      100,
    );
    expect(busiestWindow(admittedAt)).toBe(200);
  });
});
