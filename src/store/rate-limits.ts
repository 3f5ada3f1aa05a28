import { sql } from 'drizzle-orm';
import { type Db, lockForTransaction, queryRows } from './database.ts';

/**
 * A limit of `limit` requests in any rolling `windowMs`, counted in buckets of `bucketMs`.
 * A request is admitted when the buckets covering the last `windowMs + bucketMs` hold room for
 * it: any rolling window of `windowMs` lies inside those buckets, so the limit holds for every
 * window, not only for aligned ones (HubSpot's limit is a rolling ten seconds).
 */
export interface RollingLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly bucketMs: number;
}

export interface BucketCount {
  readonly startMs: number;
  readonly count: number;
}

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly retryAtMs: number };

/** The oldest bucket start still inside the limit's window at `atMs`. */
export function oldestCountedBucket(rule: RollingLimit, atMs: number): number {
  return bucketStartOf(rule, atMs) - rule.windowMs;
}

export function bucketStartOf(rule: RollingLimit, atMs: number): number {
  return Math.floor(atMs / rule.bucketMs) * rule.bucketMs;
}

/**
 * Whether `permits` more requests fit at `atMs` given the counted buckets; when they do not,
 * the earliest time enough old buckets will have left the window.
 */
export function decideAdmission(
  rule: RollingLimit,
  buckets: readonly BucketCount[],
  atMs: number,
  permits: number,
): Admission {
  if (permits > rule.limit) throw new RangeError(`${permits} permits can never fit a limit of ${rule.limit}`);
  const oldest = oldestCountedBucket(rule, atMs);
  const counted = buckets.filter((b) => b.startMs >= oldest).sort((a, b) => a.startMs - b.startMs);
  const excess = counted.reduce((sum, b) => sum + b.count, 0) + permits - rule.limit;
  if (excess <= 0) return { admitted: true };
  let freed = 0;
  const freeing = counted.find((bucket) => {
    freed += bucket.count;
    return freed >= excess;
  });
  const freedFrom = freeing?.startMs ?? bucketStartOf(rule, atMs);
  return { admitted: false, retryAtMs: freedFrom + rule.windowMs + rule.bucketMs };
}

/**
 * Takes `permits` from the shared limit for `key` if they fit, for every process on this database.
 * Callers for one key are serialised by a transaction-scoped advisory lock, so two processes can
 * never both see room for the last permit; the clock is read once the lock is held, so time spent
 * waiting for a connection or for the lock never leaves a stale reading (table `rate_limit_windows`).
 */
export async function takeRateLimitPermits(
  db: Db,
  key: string,
  rule: RollingLimit,
  clock: () => Date,
  permits: number,
): Promise<Admission> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, `baton.rate_limit:${key}`);
    const atMs = clock().getTime();
    const oldest = new Date(oldestCountedBucket(rule, atMs)).toISOString();
    const rows = await queryRows<{ start_ms: number | string; count: number | string }>(
      tx,
      sql`select extract(epoch from window_start)::float8 * 1000 as start_ms, count
        from rate_limit_windows where key = ${key} and window_start >= ${oldest}::timestamptz`,
    );
    const buckets = rows.map((r) => ({ startMs: Number(r.start_ms), count: Number(r.count) }));
    const admission = decideAdmission(rule, buckets, atMs, permits);
    if (!admission.admitted) return admission;
    const bucketStart = bucketStartOf(rule, atMs);
    await tx.execute(
      sql`insert into rate_limit_windows (key, window_start, count)
        values (${key}, ${new Date(bucketStart).toISOString()}::timestamptz, ${permits})
        on conflict (key, window_start) do update set count = rate_limit_windows.count + excluded.count`,
    );
    // The first permit of a bucket clears the key's buckets that have left the window: at most
    // once per bucket per key, and the table stays a handful of rows per portal.
    if (!buckets.some((b) => b.startMs === bucketStart)) {
      await tx.execute(
        sql`delete from rate_limit_windows where key = ${key} and window_start < ${oldest}::timestamptz`,
      );
    }
    return admission;
  });
}
