import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockAllForTransaction } from '../../src/store/database.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

describe(`transaction locks (${engineUnderTest})`, () => {
  it('serialise transactions sharing a key, without deadlock whatever order the keys come in', async () => {
    const spans: { name: string; start: number; end: number }[] = [];
    const hold = (name: string, keys: string[]) =>
      store.db.transaction(async (tx) => {
        await lockAllForTransaction(tx, keys);
        const start = performance.now();
        await delay(150);
        spans.push({ name, start, end: performance.now() });
      });

    // c holds record:2 while a and b queue behind it having taken record:1 and record:3 in the
    // order given; taken in that order, a would then wait for b's record:3 and b for a's record:2.
    const c = hold('c', ['record:2']);
    await delay(30);
    await Promise.all([
      c,
      hold('a', ['record:1', 'record:2', 'record:3']),
      hold('b', ['record:3', 'record:2']),
    ]);

    expect(spans.map((s) => s.name).sort()).toEqual(['a', 'b', 'c']);
    const ordered = [...spans].sort((x, y) => x.start - y.start);
    for (const [i, span] of ordered.entries()) {
      if (i > 0) expect(span.start).toBeGreaterThanOrEqual(ordered[i - 1]?.end ?? Number.POSITIVE_INFINITY);
    }
  });

  it('take nothing for an empty key list', async () => {
    await expect(store.db.transaction((tx) => lockAllForTransaction(tx, []))).resolves.toBeUndefined();
  });
});
