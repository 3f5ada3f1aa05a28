import { describe, expect, it } from 'vitest';
import { createReportCache } from '../../../src/api/reports/report-cache.ts';

function harness(options: { maxEntries?: number } = {}) {
  let now = 0;
  const failures: unknown[] = [];
  const cache = createReportCache({
    clock: () => new Date(now),
    freshMs: 1_000,
    staleMs: 10_000,
    onRefreshFailed: (error) => failures.push(error),
    ...options,
  });
  let computed = 0;
  const compute = (value?: string) => async () => {
    computed++;
    return value ?? `answer ${computed}`;
  };
  return {
    cache,
    compute,
    failures,
    computed: () => computed,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the report cache', () => {
  it('answers a fresh answer without computing again, and one computation for concurrent requests', async () => {
    const h = harness();
    const [a, b] = await Promise.all([
      h.cache.answer('t1', 'waterfall', h.compute()),
      h.cache.answer('t1', 'waterfall', h.compute()),
    ]);
    expect([a, b]).toEqual(['answer 1', 'answer 1']);
    h.advance(999);
    expect(await h.cache.answer('t1', 'waterfall', h.compute())).toBe('answer 1');
    expect(h.computed()).toBe(1);
  });

  it('serves a stale answer while one recomputation runs, then the new one', async () => {
    const h = harness();
    await h.cache.answer('t1', 'waterfall', h.compute());
    h.advance(2_000);
    let finish: (value: string) => void = () => {};
    let refreshes = 0;
    const slow = () => {
      refreshes++;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    expect(await h.cache.answer('t1', 'waterfall', slow)).toBe('answer 1');
    expect(await h.cache.answer('t1', 'waterfall', slow)).toBe('answer 1');
    expect(refreshes).toBe(1);
    finish('answer 2');
    await settle();
    expect(await h.cache.answer('t1', 'waterfall', slow)).toBe('answer 2');
    expect(refreshes).toBe(1);
  });

  it('recomputes before answering once an answer is older than the stale bound', async () => {
    const h = harness();
    await h.cache.answer('t1', 'waterfall', h.compute());
    h.advance(10_001);
    expect(await h.cache.answer('t1', 'waterfall', h.compute())).toBe('answer 2');
  });

  it('keeps tenants and keys apart, and forgets one tenant’s answers only', async () => {
    const h = harness();
    expect(await h.cache.answer('t1', 'waterfall', h.compute('one'))).toBe('one');
    expect(await h.cache.answer('t2', 'waterfall', h.compute('two'))).toBe('two');
    expect(await h.cache.answer('t1', 'sources', h.compute('three'))).toBe('three');
    h.cache.forget('t1');
    expect(await h.cache.answer('t1', 'waterfall', h.compute('four'))).toBe('four');
    expect(await h.cache.answer('t2', 'waterfall', h.compute('five'))).toBe('two');
  });

  it('keeps no failed computation, and keeps the stale answer when its refresh fails', async () => {
    const h = harness();
    await expect(h.cache.answer('t1', 'waterfall', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    await settle();
    expect(await h.cache.answer('t1', 'waterfall', h.compute())).toBe('answer 1');
    h.advance(2_000);
    expect(await h.cache.answer('t1', 'waterfall', () => Promise.reject(new Error('again')))).toBe(
      'answer 1',
    );
    await settle();
    expect(h.failures).toHaveLength(1);
    expect(await h.cache.answer('t1', 'waterfall', h.compute())).toBe('answer 1');
    await settle();
    expect(await h.cache.answer('t1', 'waterfall', h.compute())).toBe('answer 2');
  });

  it('holds at most maxEntries answers, dropping the least recently used', async () => {
    const h = harness({ maxEntries: 2 });
    await h.cache.answer('t1', 'a', h.compute('a'));
    await h.cache.answer('t1', 'b', h.compute('b'));
    await h.cache.answer('t1', 'a', h.compute('a again'));
    await h.cache.answer('t1', 'c', h.compute('c'));
    expect(await h.cache.answer('t1', 'a', h.compute('a new'))).toBe('a');
    expect(await h.cache.answer('t1', 'b', h.compute('b new'))).toBe('b new');
  });
});
