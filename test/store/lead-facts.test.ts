import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMissingLeadFacts, loadReportLeads, refreshLeadFacts } from '../../src/store/lead-facts.ts';
import { appendLedgerEntries, deleteRecordData } from '../../src/store/ledger.ts';
import { saveQualificationResult } from '../../src/store/qualification-results.ts';
import { mergeRecordData } from '../../src/store/record-merge.ts';
import { leadFacts } from '../../src/store/schema.ts';
import { upsertSnapshots } from '../../src/store/snapshots.ts';
import { upsertTouches } from '../../src/store/touches.ts';
import { at, handoffEntries, installTenant, MINUTE, qualifiedResult, T0 } from './fixtures.ts';
import { openTestStore, type TestStore } from './harness.ts';

const properties = {
  objectType: 'contacts',
  team: 'hubspot_team_id',
  territory: 'region',
  value: 'total_revenue',
};

describe('lead facts', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it("loads one tenant's cohort with its record's team, territory, value and fit score", async () => {
    const tenant = await installTenant(store.db);
    const other = await installTenant(store.db, 'Other');
    await appendLedgerEntries(store.db, tenant.id, [
      ...handoffEntries('a'),
      ...handoffEntries('b', 60 * 24 * 40),
    ]);
    await appendLedgerEntries(store.db, other.id, handoffEntries('a'));
    await upsertTouches(store.db, tenant.id, [
      {
        recordId: 'a',
        id: 't1',
        occurredAt: T0 - MINUTE,
        channel: 'events',
        origin: 'sales',
        content: 'demo',
      },
    ]);
    await upsertSnapshots(
      store.db,
      tenant.id,
      [
        {
          objectType: 'contacts',
          recordId: 'a',
          properties: { hubspot_team_id: '7', region: 'EMEA', total_revenue: '1200.5' },
          observedAt: T0,
        },
      ],
      at(0),
    );
    await saveQualificationResult(store.db, tenant.id, 'a', qualifiedResult(), T0, at(0));
    await refreshLeadFacts(store.db, tenant.id, ['a', 'b'], at(1));
    await refreshLeadFacts(store.db, other.id, ['a'], at(1));

    const leads = (await loadReportLeads(store.db, tenant.id, { properties, withAttribution: true })).sort(
      (x, y) => x.recordId.localeCompare(y.recordId),
    );
    expect(leads.map((l) => l.recordId)).toEqual(['a', 'b']);
    expect(leads[0]).toMatchObject({
      firstSeenAt: T0,
      team: '7',
      territory: 'EMEA',
      value: 1200.5,
      fitScore: 40,
      origin: 'sales',
      channel: 'events',
      contents: ['demo'],
      stage: 'sal',
    });
    expect(leads[1]).toMatchObject({ team: null, value: null, fitScore: null, origin: 'other' });

    const cohort = await loadReportLeads(store.db, tenant.id, {
      from: T0 + 60 * 24 * 30 * MINUTE,
      properties,
      withAttribution: false,
    });
    expect(cohort.map((l) => [l.recordId, l.contents, l.credits])).toEqual([['b', [], {}]]);
    expect(await loadReportLeads(store.db, other.id, { to: T0, properties, withAttribution: false })).toEqual(
      [],
    );
  });

  it('builds facts for leads that have a ledger and none, once, and follows merges and deletions', async () => {
    const tenant = await installTenant(store.db);
    await appendLedgerEntries(store.db, tenant.id, [...handoffEntries('x'), ...handoffEntries('y', 5)]);
    expect(await buildMissingLeadFacts(store.db, at(2), { batchSize: 1, tenantId: tenant.id })).toBe(2);
    expect(await buildMissingLeadFacts(store.db, at(2), { tenantId: tenant.id })).toBe(0);
    const rows = () => store.db.select().from(leadFacts).where(eq(leadFacts.tenantId, tenant.id));
    expect((await rows()).map((r) => r.recordId).sort()).toEqual(['x', 'y']);

    await store.db.transaction((tx) => mergeRecordData(tx, tenant.id, 'x', 'y', at(3)));
    const [merged, ...none] = await rows();
    expect(none).toEqual([]);
    // The survivor's facts now start with the merged-away record's earlier journey.
    expect(merged).toMatchObject({ recordId: 'y', firstSeenAt: at(0) });

    await deleteRecordData(store.db, tenant.id, 'y');
    expect(await rows()).toEqual([]);
  });
});
