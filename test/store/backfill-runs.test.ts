import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackfillRunMovedError,
  getBackfillRun,
  saveBackfillProgress,
  startBackfillRun,
} from '../../src/store/backfill-runs.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const slices = [
  { from: 0, to: 1_000 },
  { from: 1_000, to: 2_000 },
];
const step = {
  slices,
  after: '100',
  slicesDone: 0,
  imported: 100,
  requests: 1,
  expectedTotal: 1_500,
};

describe(`backfill runs (${engineUnderTest})`, () => {
  it('stores the slices and position of a run and reads them back after a restart of the process', async () => {
    const tenant = await installTenant(store.db);
    expect(await getBackfillRun(store.db, tenant.id, 'contacts')).toBeNull();
    const started = await startBackfillRun(store.db, tenant.id, 'contacts', slices, at(0));
    const saved = await saveBackfillProgress(store.db, started, step, at(1));

    const read = await getBackfillRun(store.db, tenant.id, 'contacts');
    expect(read).toEqual(saved);
    expect(read).toMatchObject({ ...step, version: started.version + 1, finishedAt: null, startedAt: at(0) });
  });

  it('marks the run finished when no slice is left', async () => {
    const tenant = await installTenant(store.db);
    const started = await startBackfillRun(store.db, tenant.id, 'contacts', slices, at(0));
    const finished = await saveBackfillProgress(
      store.db,
      started,
      { ...step, slices: [], after: null, slicesDone: 2, imported: 1_500 },
      at(5),
    );
    expect(finished.finishedAt).toEqual(at(5));
  });

  it('refuses a step from a process whose view of the run is stale, rolling back its transaction', async () => {
    const tenant = await installTenant(store.db);
    const started = await startBackfillRun(store.db, tenant.id, 'contacts', slices, at(0));
    await saveBackfillProgress(store.db, started, step, at(1));

    await expect(
      store.db.transaction((tx) => saveBackfillProgress(tx, started, { ...step, imported: 999 }, at(2))),
    ).rejects.toBeInstanceOf(BackfillRunMovedError);
    expect((await getBackfillRun(store.db, tenant.id, 'contacts'))?.imported).toBe(100);
  });

  it('a restart starts over and stops a process still holding the old run', async () => {
    const tenant = await installTenant(store.db);
    const old = await startBackfillRun(store.db, tenant.id, 'contacts', slices, at(0));
    const advanced = await saveBackfillProgress(store.db, old, step, at(1));
    const restarted = await startBackfillRun(store.db, tenant.id, 'contacts', [{ from: 0, to: 9 }], at(2));

    expect(restarted).toMatchObject({
      slices: [{ from: 0, to: 9 }],
      after: null,
      imported: 0,
      requests: 0,
      expectedTotal: null,
      startedAt: at(2),
    });
    expect(restarted.version).toBeGreaterThan(advanced.version);
    await expect(saveBackfillProgress(store.db, advanced, step, at(3))).rejects.toBeInstanceOf(
      BackfillRunMovedError,
    );
  });

  it('keeps runs of different tenants apart', async () => {
    const [a, b] = [await installTenant(store.db), await installTenant(store.db)];
    await startBackfillRun(store.db, a.id, 'contacts', slices, at(0));
    expect(await getBackfillRun(store.db, b.id, 'contacts')).toBeNull();
  });
});
