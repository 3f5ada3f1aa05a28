import { RateLimitedError } from '../../../errors.ts';
import type { Db } from '../../../store/database.ts';
import {
  type Admission,
  type BucketCount,
  bucketStartOf,
  decideAdmission,
  oldestCountedBucket,
  type RollingLimit,
  takeRateLimitPermits,
} from '../../../store/rate-limits.ts';

/** Where the counts live: in this process, or in PostgreSQL for every process sharing the database. */
export interface RateLimitStore {
  /** Reads `clock` at the moment of deciding, after any wait for a connection or a lock. */
  take(key: string, rule: RollingLimit, clock: () => Date, permits: number): Promise<Admission>;
}

export interface RateLimiter {
  /** Resolves once one request for `key` fits the limit; waits (via `sleep`) while it does not. */
  acquire(key: string): Promise<void>;
}

/**
 * HubSpot allows marketplace apps 110 requests per rolling 10 s per installed account; 100 leaves
 * headroom for clock skew between processes and for calls made outside the limiter (OAuth).
 */
export const HUBSPOT_PORTAL_LIMIT: RollingLimit = { limit: 100, windowMs: 10_000, bucketMs: 1_000 };

export function createPostgresRateLimitStore(db: Db): RateLimitStore {
  return { take: (key, rule, clock, permits) => takeRateLimitPermits(db, key, rule, clock, permits) };
}

/** The same rolling count kept in memory: for a single process, or when no database is at hand. */
export function createMemoryRateLimitStore(): RateLimitStore {
  const bucketsByKey = new Map<string, BucketCount[]>();
  return {
    async take(key, rule, clock, permits) {
      const atMs = clock().getTime();
      const oldest = oldestCountedBucket(rule, atMs);
      const buckets = (bucketsByKey.get(key) ?? []).filter((b) => b.startMs >= oldest);
      const admission = decideAdmission(rule, buckets, atMs, permits);
      if (admission.admitted) {
        const start = bucketStartOf(rule, atMs);
        const current = buckets.find((b) => b.startMs === start);
        const others = buckets.filter((b) => b !== current);
        bucketsByKey.set(key, [...others, { startMs: start, count: (current?.count ?? 0) + permits }]);
      } else {
        bucketsByKey.set(key, buckets);
      }
      return admission;
    },
  };
}

export interface RateLimiterOptions {
  readonly store: RateLimitStore;
  readonly rule?: RollingLimit;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Longer than this in the queue and the caller gets RateLimitedError, so the worker reschedules. */
  readonly maxWaitMs?: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rule = options.rule ?? HUBSPOT_PORTAL_LIMIT;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  return {
    async acquire(key) {
      const startedMs = clock().getTime();
      for (;;) {
        const admission = await options.store.take(key, rule, clock, 1);
        if (admission.admitted) return;
        const nowMs = clock().getTime();
        const waitMs = Math.max(1, admission.retryAtMs - nowMs);
        if (nowMs + waitMs - startedMs > maxWaitMs) {
          throw new RateLimitedError(
            `the shared request limit for ${key} is taken for the next ${waitMs} ms`,
            waitMs,
          );
        }
        await sleep(waitMs);
      }
    },
  };
}
