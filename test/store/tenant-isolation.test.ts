import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.ts';
import { loadCredentials, saveCredentials } from '../../src/store/credentials.ts';
import { getDefinition, listDefinitions, saveDefinitionVersion } from '../../src/store/definitions.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../../src/store/funnel-models.ts';
import { appendLedgerEntries, deleteRecordData, readLedger } from '../../src/store/ledger.ts';
import { moveRecordRows } from '../../src/store/record-merge.ts';
import { getSnapshot, getSnapshots, upsertSnapshots } from '../../src/store/snapshots.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { listTouches, upsertTouches } from '../../src/store/touches.ts';
import { at, draftDefinition, funnelModel, handoffEntries, installTenant, T0 } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

describe(`tenant isolation (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('never shows tenant B anything tenant A stored under the same record ids and keys', async () => {
    const cipher = createTokenCipher(generateEncryptionKey());
    const a = await installTenant(store.db, 'A');
    const b = await installTenant(store.db, 'B');
    const change = { actor: 'user:a', now: at(0) };
    await appendLedgerEntries(store.db, a.id, handoffEntries('shared-id'));
    await upsertSnapshots(
      store.db,
      a.id,
      [{ objectType: 'contacts', recordId: 'shared-id', properties: { email: 'a@a.test' }, observedAt: T0 }],
      at(0),
    );
    await upsertTouches(store.db, a.id, [
      {
        recordId: 'shared-id',
        id: 't',
        occurredAt: T0,
        channel: 'email',
        origin: 'marketing',
      },
    ]);
    await saveFunnelModel(store.db, a.id, funnelModel, change);
    await saveDefinitionVersion(store.db, a.id, draftDefinition('mql', 1), change);
    await saveCredentials(
      store.db,
      cipher,
      a.id,
      { accessToken: 'x', refreshToken: 'y', expiresAt: at(30), scopes: [] },
      at(0),
    );

    expect(await readLedger(store.db, b.id, 'shared-id')).toEqual([]);
    expect(await getSnapshot(store.db, b.id, 'contacts', 'shared-id')).toBeNull();
    expect(await getSnapshots(store.db, b.id, 'contacts', ['shared-id'])).toEqual([]);
    expect(await listTouches(store.db, b.id, 'shared-id')).toEqual([]);
    expect(await getActiveFunnelModel(store.db, b.id)).toBeNull();
    expect(await getActiveFunnelModel(store.db, b.id, funnelModel.key)).toBeNull();
    expect(await getDefinition(store.db, b.id, 'mql', 1)).toBeNull();
    expect(await listDefinitions(store.db, b.id)).toEqual([]);
    expect(await listAudit(store.db, b.id)).toEqual([]);
    expect(await loadCredentials(store.db, cipher, b.id)).toBeNull();

    expect(await deleteRecordData(store.db, b.id, 'shared-id')).toEqual({
      ledger: 0,
      touches: 0,
      snapshots: 0,
      qualifications: 0,
    });
    expect(await moveRecordRows(store.db, 'ledger', b.id, 'shared-id', 'other')).toEqual({
      moved: 0,
      duplicates: 0,
    });
    expect(await readLedger(store.db, a.id, 'shared-id')).toHaveLength(4);
    expect((await getSnapshot(store.db, a.id, 'contacts', 'shared-id'))?.properties).toEqual({
      email: 'a@a.test',
    });
  });
});
