/**
 * Report answers kept for a short while, per process. A report folds every lead of a tenant
 * (about 1.5 s at 100 000), while a manager's screen asks for the same answer again and again:
 * an answer younger than `freshMs` is served as it is; an older one, up to `staleMs`, is served
 * while one recomputation runs behind it; anything older is recomputed before answering. Every
 * answer says when it was computed (`generatedAt`), and a settings change in this process drops
 * its tenant's answers at once, so staleness is bounded by `freshMs` only for other processes'
 * and the CRM's changes.
 */
export interface ReportCache {
  answer<T>(tenantId: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** Drops a tenant's answers: its settings, model or definitions changed. */
  forget(tenantId: string): void;
}

interface Entry {
  readonly tenantId: string;
  value: Promise<unknown>;
  computedAt: number;
  refreshing: boolean;
}

export function createReportCache(options: {
  readonly clock: () => Date;
  readonly freshMs?: number;
  readonly staleMs?: number;
  readonly maxEntries?: number;
  readonly onRefreshFailed?: (error: unknown) => void;
}): ReportCache {
  const freshMs = options.freshMs ?? 30_000;
  const staleMs = options.staleMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, Entry>();
  const now = () => options.clock().getTime();

  const store = (cacheKey: string, tenantId: string, compute: () => Promise<unknown>): Entry => {
    const entry: Entry = { tenantId, value: compute(), computedAt: now(), refreshing: false };
    // A failed computation is not kept: the next request tries again.
    entry.value.catch(() => {
      if (entries.get(cacheKey) === entry) entries.delete(cacheKey);
    });
    entries.delete(cacheKey);
    entries.set(cacheKey, entry);
    // Map order is insertion order, so the first key is the one used least recently.
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  };

  return {
    answer<T>(tenantId: string, key: string, compute: () => Promise<T>): Promise<T> {
      const cacheKey = `${tenantId}\u0000${key}`;
      const held = entries.get(cacheKey);
      const age = held ? now() - held.computedAt : Number.POSITIVE_INFINITY;
      if (!held || age > staleMs) return store(cacheKey, tenantId, compute).value as Promise<T>;
      entries.delete(cacheKey);
      entries.set(cacheKey, held);
      if (age > freshMs && !held.refreshing) {
        held.refreshing = true;
        const next = compute();
        next.then(
          () => {
            if (entries.get(cacheKey) !== held) return;
            held.value = next;
            held.computedAt = now();
            held.refreshing = false;
          },
          (error: unknown) => {
            held.refreshing = false;
            options.onRefreshFailed?.(error);
          },
        );
      }
      return held.value as Promise<T>;
    },
    forget(tenantId) {
      for (const [cacheKey, entry] of entries) if (entry.tenantId === tenantId) entries.delete(cacheKey);
    },
  };
}
