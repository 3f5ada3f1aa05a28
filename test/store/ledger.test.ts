import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/journey/ledger-entry.ts';
import { addFieldNote, listFieldNotes } from '../../src/store/field-notes.ts';
import { appendLedgerEntries, deleteRecordData, readLedger } from '../../src/store/ledger.ts';
import { getQualificationResult, saveQualificationResult } from '../../src/store/qualification-results.ts';
import { moveRecordRows } from '../../src/store/record-merge.ts';
import { getSnapshot, upsertSnapshots } from '../../src/store/snapshots.ts';
import { listTouches, upsertTouches } from '../../src/store/touches.ts';
import { at, handoffEntries, installTenant, MINUTE, qualifiedResult, T0 } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

describe(`ledger (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('stores entries field for field and reads them back in event-time order', async () => {
    const tenant = await installTenant(store.db);
    const entries = handoffEntries('contact-1');
    const shuffled = [entries[2], entries[0], entries[3], entries[1]] as LedgerEntry[];
    expect(await appendLedgerEntries(store.db, tenant.id, shuffled)).toBe(4);
    const read = await readLedger(store.db, tenant.id, 'contact-1');
    // The two entries at T0 tie on time and keep their insertion order.
    expect(read).toEqual([entries[0], entries[1], entries[2], entries[3]]);
    expect(read[3]).toEqual({
      kind: 'handoff_event',
      recordId: 'contact-1',
      occurredAt: T0 + 45 * MINUTE,
      dedupeKey: `event:rejected:${T0 + 45 * MINUTE}`,
      event: 'rejected',
      stage: 'sal',
      ownerFunction: 'sales',
      ownerPerson: 'rep-7',
      reasonCode: 'not_icp',
      feedback: 'Student, no budget',
      actor: 'user:rep-7',
    });
  });

  it('keeps millisecond precision of event time', async () => {
    const tenant = await installTenant(store.db);
    const occurredAt = Date.parse('2026-03-02T23:59:59.999Z');
    await appendLedgerEntries(store.db, tenant.id, [
      { kind: 'stage_entered', recordId: 'r', occurredAt, dedupeKey: 'k', stage: 'mql' },
    ]);
    expect((await readLedger(store.db, tenant.id, 'r'))[0]?.occurredAt).toBe(occurredAt);
  });

  it.each([
    ['quotes, commas and braces', 'He said "no", {maybe}; (later)'],
    ['backslashes', 'C:\\temp\\lead \\"x\\"'],
    ['the word NULL', 'NULL'],
    ['an empty string', ''],
    ['unicode and newlines', 'Zu früh ✋\nnächstes Quartal'],
  ])('stores free text with %s exactly', async (_case, feedback) => {
    const tenant = await installTenant(store.db);
    const entry: LedgerEntry = {
      kind: 'handoff_event',
      recordId: feedback,
      occurredAt: T0,
      dedupeKey: feedback,
      event: 'rejected',
      reasonCode: 'timing',
      feedback,
      ownerFunction: null,
      ownerPerson: null,
    };
    expect(await appendLedgerEntries(store.db, tenant.id, [entry])).toBe(1);
    expect(await readLedger(store.db, tenant.id, feedback)).toEqual([entry]);
  });

  it('makes a replay a no-op, also for duplicates inside one batch', async () => {
    const tenant = await installTenant(store.db);
    const entries = handoffEntries('contact-2');
    expect(await appendLedgerEntries(store.db, tenant.id, entries)).toBe(entries.length);
    expect(await appendLedgerEntries(store.db, tenant.id, entries)).toBe(0);
    const oneNew = { ...entries[0], dedupeKey: 'stage:mql:again' } as LedgerEntry;
    expect(await appendLedgerEntries(store.db, tenant.id, [oneNew, oneNew, ...entries])).toBe(1);
    expect(await readLedger(store.db, tenant.id, 'contact-2')).toHaveLength(entries.length + 1);
    expect(await appendLedgerEntries(store.db, tenant.id, [])).toBe(0);
  });

  it('splits very large appends into several statements', async () => {
    const tenant = await installTenant(store.db);
    const many: LedgerEntry[] = Array.from({ length: 2500 }, (_, i) => ({
      kind: 'owner_person_changed',
      recordId: 'bulk',
      occurredAt: T0 + i,
      dedupeKey: `owner:${i}`,
      ownerPerson: `rep-${i % 7}`,
    }));
    expect(await appendLedgerEntries(store.db, tenant.id, many)).toBe(2500);
    expect(await appendLedgerEntries(store.db, tenant.id, many)).toBe(0);
  });

  it('treats the same dedupe key on another record or tenant as a different fact', async () => {
    const a = await installTenant(store.db);
    const b = await installTenant(store.db);
    const [entry] = handoffEntries('contact-3') as [LedgerEntry];
    expect(await appendLedgerEntries(store.db, a.id, [entry])).toBe(1);
    expect(await appendLedgerEntries(store.db, a.id, [{ ...entry, recordId: 'contact-4' }])).toBe(1);
    expect(await appendLedgerEntries(store.db, b.id, [entry])).toBe(1);
  });

  it('leaves nothing behind when the unit of work fails after some writes', async () => {
    const tenant = await installTenant(store.db);
    const failure = new Error('write-back planning failed');
    await expect(
      store.db.transaction(async (tx) => {
        await appendLedgerEntries(tx, tenant.id, handoffEntries('contact-5'));
        await upsertSnapshots(
          tx,
          tenant.id,
          [{ objectType: 'contacts', recordId: 'contact-5', properties: { a: '1' }, observedAt: T0 }],
          at(1),
        );
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readLedger(store.db, tenant.id, 'contact-5')).toEqual([]);
    expect(await getSnapshot(store.db, tenant.id, 'contacts', 'contact-5')).toBeNull();
  });

  it('deletes everything about one person on a privacy request, and only that', async () => {
    const tenant = await installTenant(store.db);
    const other = await installTenant(store.db);
    for (const owner of [tenant, other]) {
      await appendLedgerEntries(store.db, owner.id, [...handoffEntries('gone'), ...handoffEntries('stays')]);
      await upsertSnapshots(
        store.db,
        owner.id,
        ['gone', 'stays'].map((recordId) => ({
          objectType: 'contacts',
          recordId,
          properties: {},
          observedAt: T0,
        })),
        at(0),
      );
      await upsertTouches(store.db, owner.id, [
        {
          recordId: 'gone',
          id: 't1',
          occurredAt: T0,
          channel: 'paid_search',
          origin: 'marketing',
        },
        {
          recordId: 'stays',
          id: 't1',
          occurredAt: T0,
          channel: 'email',
          origin: 'marketing',
        },
      ]);
    }
    await saveQualificationResult(store.db, tenant.id, 'gone', qualifiedResult(), T0, at(1));
    await saveQualificationResult(store.db, tenant.id, 'stays', qualifiedResult(), T0, at(1));
    for (const recordId of ['gone', 'stays']) {
      await addFieldNote(
        store.db,
        tenant.id,
        {
          objectType: 'contacts',
          recordId,
          requestId: `note-${recordId}`,
          author: '11',
          body: 'met them at a fair',
        },
        at(1),
      );
    }
    expect(await deleteRecordData(store.db, tenant.id, 'gone')).toEqual({
      ledger: 4,
      touches: 1,
      snapshots: 1,
      qualifications: 1,
    });
    expect(await getQualificationResult(store.db, tenant.id, 'gone')).toBeNull();
    expect(await getQualificationResult(store.db, tenant.id, 'stays')).not.toBeNull();
    expect(await readLedger(store.db, tenant.id, 'gone')).toEqual([]);
    expect(await listTouches(store.db, tenant.id, 'gone')).toEqual([]);
    expect(await getSnapshot(store.db, tenant.id, 'contacts', 'gone')).toBeNull();
    expect(await listFieldNotes(store.db, tenant.id, 'contacts', 'gone')).toEqual([]);
    expect(await listFieldNotes(store.db, tenant.id, 'contacts', 'stays')).toHaveLength(1);
    expect(await readLedger(store.db, tenant.id, 'stays')).toHaveLength(4);
    expect(await readLedger(store.db, other.id, 'gone')).toHaveLength(4);
    expect(await deleteRecordData(store.db, tenant.id, 'gone')).toEqual({
      ledger: 0,
      touches: 0,
      snapshots: 0,
      qualifications: 0,
    });
  });

  it('merges the merged-away journey into the survivor, dropping facts the survivor already has', async () => {
    const tenant = await installTenant(store.db);
    const survivorEntries = handoffEntries('survivor');
    const mergedEntries = [
      ...handoffEntries('merged').slice(0, 2),
      ...handoffEntries('merged', 24 * 60).slice(2),
    ];
    await appendLedgerEntries(store.db, tenant.id, [...survivorEntries, ...mergedEntries]);
    await appendLedgerEntries(store.db, (await installTenant(store.db)).id, handoffEntries('merged'));

    expect(await moveRecordRows(store.db, 'ledger', tenant.id, 'merged', 'survivor')).toEqual({
      moved: 2,
      duplicates: 2,
    });
    expect(await readLedger(store.db, tenant.id, 'merged')).toEqual([]);
    const merged = await readLedger(store.db, tenant.id, 'survivor');
    expect(merged.map((e) => e.dedupeKey)).toEqual([
      ...survivorEntries.map((e) => e.dedupeKey),
      ...mergedEntries.slice(2).map((e) => e.dedupeKey),
    ]);
    expect(merged.every((e) => e.recordId === 'survivor')).toBe(true);
    expect(await moveRecordRows(store.db, 'ledger', tenant.id, 'merged', 'survivor')).toEqual({
      moved: 0,
      duplicates: 0,
    });
    expect(await moveRecordRows(store.db, 'ledger', tenant.id, 'survivor', 'survivor')).toEqual({
      moved: 0,
      duplicates: 0,
    });
  });
});
