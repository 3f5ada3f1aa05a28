import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/store/database.ts';
import { deleteRecordData } from '../../src/store/ledger.ts';
import { slaClocks } from '../../src/store/schema.ts';
import {
  type DueSlaQuery,
  dueSlaClocksStatement,
  findDueSlaClocks,
  saveSlaClocks,
} from '../../src/store/sla-clocks.ts';
import { createTenant, setTenantStatus, type Tenant } from '../../src/store/tenants.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const STOPPED = 2_000;
const clock = (state: 'on_track' | 'at_risk' | 'met' | 'breached', atRisk: number, due: number) => ({
  stage: 'mql',
  state,
  atRiskAt: at(atRisk).getTime(),
  dueAt: at(due).getTime(),
});

describe(`SLA clocks (${engineUnderTest})`, () => {
  let store: TestStore;
  let tenant: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    store = await openTestStore();
    tenant = await installTenant(store.db);
    other = await installTenant(store.db, 'Globex');
    await saveSlaClocks(
      store.db,
      tenant.id,
      'contacts',
      [
        ...Array.from({ length: STOPPED }, (_, i) => ({ recordId: `met-${i}`, clock: clock('met', 30, 60) })),
        { recordId: 'turning', clock: clock('on_track', 30, 60) },
        { recordId: 'due', clock: clock('at_risk', 10, 45) },
        { recordId: 'later', clock: clock('on_track', 600, 900) },
        { recordId: 'breached', clock: clock('breached', 10, 20) },
      ],
      at(0),
    );
    await saveSlaClocks(
      store.db,
      other.id,
      'contacts',
      [{ recordId: 'due', clock: clock('at_risk', 10, 50) }],
      at(0),
    );
    await store.db.execute(sql`analyze sla_clocks`);
  });
  afterAll(() => store.close());

  const due = (query: Partial<DueSlaQuery> = {}) =>
    findDueSlaClocks(store.db, { crm: 'hubspot', dueBy: at(120), limit: 100, ...query });

  it('finds the clocks whose next turn has come: at risk for a running one, due for one at risk', async () => {
    expect((await due()).map((c) => [c.externalId, c.recordId, c.nextCheckAt.toISOString()])).toEqual([
      [tenant.externalId, 'turning', at(30).toISOString()],
      [tenant.externalId, 'due', at(45).toISOString()],
      [other.externalId, 'due', at(50).toISOString()],
    ]);
    expect((await due({ dueBy: at(40) })).map((c) => c.recordId)).toEqual(['turning']);
  });

  it('pages through them by their turn, then tenant and record', async () => {
    const [first, second] = await due({ limit: 2 });
    expect([first?.recordId, second?.recordId]).toEqual(['turning', 'due']);
    const rest = await due({ limit: 2, ...(second ? { after: second } : {}) });
    expect(rest.map((c) => [c.tenantId, c.recordId])).toEqual([[other.id, 'due']]);
  });

  it('moves a clock on when it is saved again, and forgets one whose stage has no SLA', async () => {
    await saveSlaClocks(
      store.db,
      tenant.id,
      'contacts',
      [
        { recordId: 'turning', clock: clock('at_risk', 30, 60) },
        { recordId: 'later', clock: null },
      ],
      at(31),
    );
    expect((await due()).find((c) => c.recordId === 'turning')?.nextCheckAt).toEqual(at(60));
    const rows = await store.db.select({ id: slaClocks.recordId }).from(slaClocks);
    expect(rows.map((r) => r.id)).not.toContain('later');
  });

  it("leaves out uninstalled tenants' clocks and other CRMs' tenants", async () => {
    const gone = await installTenant(store.db, 'Initech');
    const salesforce = await createTenant(
      store.db,
      { crm: 'salesforce', externalId: '00D1', name: 'Org', status: 'active' },
      at(0),
    );
    for (const owner of [gone, salesforce]) {
      await saveSlaClocks(
        store.db,
        owner.id,
        'contacts',
        [{ recordId: 'x', clock: clock('at_risk', 1, 2) }],
        at(0),
      );
    }
    await setTenantStatus(store.db, gone.id, 'uninstalled', at(3));
    const found = await due();
    expect(found.map((c) => c.tenantId)).not.toContain(gone.id);
    expect(found.map((c) => c.tenantId)).not.toContain(salesforce.id);
    expect((await due({ crm: 'salesforce' })).map((c) => c.tenantId)).toEqual([salesforce.id]);
  });

  it("deletes a purged record's clock with the rest of its data", async () => {
    await deleteRecordData(store.db, other.id, 'due');
    expect((await due()).map((c) => c.tenantId)).not.toContain(other.id);
  });

  it('reads the due clocks through their index, not by scanning every clock', async () => {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      store.db,
      sql`explain ${dueSlaClocksStatement({ crm: 'hubspot', dueBy: at(120), limit: 1000 })}`,
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('sla_clocks_next_check');
  });
});
