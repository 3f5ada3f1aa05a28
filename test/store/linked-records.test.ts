import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/store/database.ts';
import { findSnapshotsLinkedTo, LINKED_RECORD_PROPERTY, upsertSnapshots } from '../../src/store/snapshots.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

describe(`linked records (${engineUnderTest})`, () => {
  let store: TestStore;
  let tenantId: string;
  let otherId: string;
  beforeAll(async () => {
    store = await openTestStore();
    tenantId = (await installTenant(store.db)).id;
    otherId = (await installTenant(store.db, 'Globex')).id;
    const contact = (recordId: string, linked: string | null) => ({
      objectType: 'contacts',
      recordId,
      properties: { email: `${recordId}@example.com`, [LINKED_RECORD_PROPERTY]: linked },
      observedAt: at(0).getTime(),
    });
    await upsertSnapshots(
      store.db,
      tenantId,
      [...Array.from({ length: 2_000 }, (_, i) => contact(`plain-${i}`, null)), contact('holder', 'L-9')],
      at(0),
    );
    await upsertSnapshots(store.db, otherId, [contact('holder', 'L-9')], at(0));
    await store.db.execute(sql`analyze record_snapshots`);
  });
  afterAll(() => store.close());

  it("finds the tenant's record another record is folded onto, and no other tenant's", async () => {
    const found = await findSnapshotsLinkedTo(store.db, tenantId, 'contacts', ['L-9', 'L-404']);
    expect(found.map((s) => s.recordId)).toEqual(['holder']);
    expect(await findSnapshotsLinkedTo(store.db, tenantId, 'contacts', [])).toEqual([]);
  });

  it('reads them through the index of linked records', async () => {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      store.db,
      sql`explain select 1 from record_snapshots where tenant_id = ${tenantId}::uuid and object_type = 'contacts'
            and (properties ->> '$linked_record') in ('L-9')`,
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('record_snapshots_linked');
  });
});
