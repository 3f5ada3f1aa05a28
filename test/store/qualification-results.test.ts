import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQualificationResult, saveQualificationResult } from '../../src/store/qualification-results.ts';
import { at, installTenant, MINUTE, qualifiedResult, T0 } from './fixtures.ts';
import { openTestStore, type TestStore } from './harness.ts';

describe('qualification results', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('keeps the verdict from the newest snapshot, whatever order results arrive in', async () => {
    const tenant = await installTenant(store.db);
    expect(
      await saveQualificationResult(store.db, tenant.id, 'c1', qualifiedResult(2), T0 + 10 * MINUTE, at(11)),
    ).toBe(true);
    expect(await saveQualificationResult(store.db, tenant.id, 'c1', qualifiedResult(1), T0, at(12))).toBe(
      false,
    );
    const stored = await getQualificationResult(store.db, tenant.id, 'c1');
    expect(stored).toEqual({
      result: qualifiedResult(2),
      observedAt: T0 + 10 * MINUTE,
      evaluatedAt: at(11).getTime(),
    });
  });

  it('never shows one tenant the verdicts of another', async () => {
    const a = await installTenant(store.db, 'A');
    const b = await installTenant(store.db, 'B');
    await saveQualificationResult(store.db, a.id, 'same-id', qualifiedResult(), T0, at(1));
    expect(await getQualificationResult(store.db, b.id, 'same-id')).toBeNull();
  });
});
