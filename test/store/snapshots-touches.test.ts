import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveRecordRows } from '../../src/store/record-merge.ts';
import {
  getSnapshot,
  getSnapshots,
  mergeSnapshotProperties,
  upsertSnapshot,
  upsertSnapshots,
} from '../../src/store/snapshots.ts';
import { listTouches, type RecordTouch, upsertTouches } from '../../src/store/touches.ts';
import { at, installTenant, MINUTE, T0 } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const view = (recordId: string, minutes: number, lifecyclestage: string | null) => ({
  objectType: 'contacts',
  recordId,
  properties: { lifecyclestage, hs_lead_status: 'OPEN' },
  observedAt: T0 + minutes * MINUTE,
});

describe(`record snapshots (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it.each([
    ['a newer view replaces the stored one', 10, 'salesqualifiedlead', true],
    ['an older view arriving late is ignored', -10, 'lead', false],
    ['a view of the same instant replaces the stored one', 0, 'customer', true],
  ])('%s', async (_case, minutes, stage, applied) => {
    const tenant = await installTenant(store.db);
    expect(await upsertSnapshot(store.db, tenant.id, view('c1', 0, 'marketingqualifiedlead'), at(100))).toBe(
      true,
    );
    expect(await upsertSnapshot(store.db, tenant.id, view('c1', minutes, stage), at(101))).toBe(applied);
    const expected = applied ? view('c1', minutes, stage) : view('c1', 0, 'marketingqualifiedlead');
    expect(await getSnapshot(store.db, tenant.id, 'contacts', 'c1')).toEqual({
      ...expected,
      updatedAt: applied ? at(101) : at(100),
    });
  });

  it('settles several views of one record inside a batch by event time, whatever their order', async () => {
    const tenant = await installTenant(store.db);
    const applied = await upsertSnapshots(
      store.db,
      tenant.id,
      [view('c1', 5, 'sql'), view('c2', 1, 'lead'), view('c1', 9, 'customer'), view('c1', 2, 'mql')],
      at(100),
    );
    expect(applied).toBe(2);
    const found = await getSnapshots(store.db, tenant.id, 'contacts', ['c1', 'c2', 'c3']);
    expect(found.map((s) => [s.recordId, s.properties.lifecyclestage]).sort()).toEqual([
      ['c1', 'customer'],
      ['c2', 'lead'],
    ]);
    expect(await getSnapshots(store.db, tenant.id, 'contacts', [])).toEqual([]);
    expect(await getSnapshot(store.db, tenant.id, 'leads', 'c1')).toBeNull();
  });
});

describe(`touches (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  const touch = (
    recordId: string,
    id: string,
    minutes: number,
    extra: Partial<RecordTouch> = {},
  ): RecordTouch => ({
    recordId,
    id,
    occurredAt: T0 + minutes * MINUTE,
    channel: 'paid_search',
    sourceDetail: 'google',
    campaign: 'spring',
    origin: 'marketing',
    ...extra,
  });
  const listed = ({ recordId: _recordId, ...t }: RecordTouch) => t;

  it('stores touches once, refreshes their details, and lists them oldest first', async () => {
    const tenant = await installTenant(store.db);
    await upsertTouches(store.db, tenant.id, [touch('c1', 'latest', 30), touch('c1', 'first', 0)]);
    const enriched = touch('c1', 'first', 0, { content: 'ad-42', campaign: 'spring-dach' });
    expect(await upsertTouches(store.db, tenant.id, [enriched, enriched])).toBe(1);
    expect(await listTouches(store.db, tenant.id, 'c1')).toEqual([
      listed(enriched),
      listed(touch('c1', 'latest', 30)),
    ]);
  });

  it('merges touches into the surviving record without duplicating shared ones', async () => {
    const tenant = await installTenant(store.db);
    await upsertTouches(store.db, tenant.id, [
      touch('survivor', 'form-1', 0),
      touch('merged', 'form-1', 0),
      touch('merged', 'webinar', 20, { channel: 'event' }),
    ]);
    expect(await moveRecordRows(store.db, 'touches', tenant.id, 'merged', 'survivor')).toEqual({
      moved: 1,
      duplicates: 1,
    });
    expect((await listTouches(store.db, tenant.id, 'survivor')).map((t) => t.id)).toEqual([
      'form-1',
      'webinar',
    ]);
    expect(await listTouches(store.db, tenant.id, 'merged')).toEqual([]);
  });
});

describe(`snapshot property merge (${engineUnderTest})`, () => {
  it("adds Baton's written values without moving the observation time or touching other tenants", async () => {
    const store = await openTestStore();
    try {
      const a = await installTenant(store.db, 'A');
      const b = await installTenant(store.db, 'B');
      for (const tenant of [a, b]) {
        await upsertSnapshot(
          store.db,
          tenant.id,
          {
            objectType: 'contacts',
            recordId: 'c1',
            properties: { lifecyclestage: 'lead', baton_stage: 'inquiry' },
            observedAt: T0,
          },
          at(0),
        );
      }
      expect(
        await mergeSnapshotProperties(
          store.db,
          a.id,
          'contacts',
          [
            { recordId: 'c1', properties: { baton_stage: 'mql' } },
            { recordId: 'missing', properties: { baton_stage: 'mql' } },
          ],
          at(5),
        ),
      ).toBe(1);
      expect(await getSnapshot(store.db, a.id, 'contacts', 'c1')).toMatchObject({
        properties: { lifecyclestage: 'lead', baton_stage: 'mql' },
        observedAt: T0,
      });
      expect((await getSnapshot(store.db, b.id, 'contacts', 'c1'))?.properties.baton_stage).toBe('inquiry');
    } finally {
      await store.close();
    }
  });
});
