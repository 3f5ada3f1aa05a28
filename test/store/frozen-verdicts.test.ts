import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualificationResult } from '../../src/core/qualification/qualification-result.ts';
import { addFieldNote, listFieldNotes } from '../../src/store/field-notes.ts';
import {
  type FrozenVerdict,
  getFrozenVerdicts,
  saveFrozenVerdicts,
} from '../../src/store/frozen-verdicts.ts';
import { deleteRecordData } from '../../src/store/ledger.ts';
import { mergeRecordData } from '../../src/store/record-merge.ts';
import { at, installTenant, qualifiedResult } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

describe(`frozen verdicts (${engineUnderTest})`, () => {
  let store: TestStore;
  let tenantId: string;
  let otherId: string;
  beforeAll(async () => {
    store = await openTestStore();
    tenantId = (await installTenant(store.db)).id;
    otherId = (await installTenant(store.db, 'Globex')).id;
  });
  afterAll(() => store.close());

  const result: QualificationResult = qualifiedResult(2);
  const frozen = (recordId: string, dedupeKey: string, minutes: number): FrozenVerdict => ({
    recordId,
    dedupeKey,
    occasion: 'handed_off',
    occurredAt: at(minutes).getTime(),
    result,
  });

  it('stores each event verdict once, however often it is saved, and only for its tenant', async () => {
    expect(await saveFrozenVerdicts(store.db, tenantId, [frozen('1', 'event:handed_off:1', 1)])).toBe(1);
    expect(await saveFrozenVerdicts(store.db, tenantId, [frozen('1', 'event:handed_off:1', 1)])).toBe(0);
    await saveFrozenVerdicts(store.db, tenantId, [frozen('1', 'event:handed_off:2', 2)]);
    const held = await getFrozenVerdicts(store.db, tenantId, ['1']);
    expect(held.get('1')?.map((f) => f.dedupeKey)).toEqual(['event:handed_off:1', 'event:handed_off:2']);
    expect(held.get('1')?.[0]?.result).toEqual(result);
    expect((await getFrozenVerdicts(store.db, otherId, ['1'])).size).toBe(0);
  });

  it("moves a merged-away record's verdicts to the survivor and deletes a purged record's", async () => {
    await saveFrozenVerdicts(store.db, tenantId, [frozen('2', 'event:handed_off:3', 3)]);
    await store.db.transaction((tx) => mergeRecordData(tx, tenantId, '2', '3', new Date()));
    expect(
      (await getFrozenVerdicts(store.db, tenantId, ['2', '3'])).get('3')?.map((f) => f.dedupeKey),
    ).toEqual(['event:handed_off:3']);
    await deleteRecordData(store.db, tenantId, '3');
    expect((await getFrozenVerdicts(store.db, tenantId, ['3'])).size).toBe(0);
  });

  it("moves a merged-away record's field notes to the survivor, answered or not", async () => {
    for (const [recordId, n] of [
      ['4', 1],
      ['5', 2],
    ] as const) {
      await addFieldNote(
        store.db,
        tenantId,
        { objectType: 'contacts', recordId, requestId: `merge-note-${n}`, author: '11', body: `note ${n}` },
        new Date(1_000 * n),
      );
    }
    await store.db.transaction((tx) => mergeRecordData(tx, tenantId, '4', '5', new Date()));
    expect((await listFieldNotes(store.db, tenantId, 'contacts', '5')).map((n) => n.body)).toEqual([
      'note 2',
      'note 1',
    ]);
    expect(await listFieldNotes(store.db, tenantId, 'contacts', '4')).toEqual([]);
  });
});
