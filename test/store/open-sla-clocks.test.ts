import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/store/database.ts';
import {
  findOpenSlaClocks,
  type OpenSlaQuery,
  openSlaClocksStatement,
} from '../../src/store/open-sla-clocks.ts';
import { upsertSnapshots } from '../../src/store/snapshots.ts';
import { at, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const QUERY: OpenSlaQuery = {
  crm: 'hubspot',
  objectType: 'contacts',
  stateProperty: 'baton_sla_state',
  dueAtProperty: 'baton_sla_due_at',
  openStates: ['on_track', 'at_risk'],
  limit: 100,
};
const CLOSED = 2_000;

describe(`open SLA clocks (${engineUnderTest})`, () => {
  let store: TestStore;
  let tenantId: string;
  beforeAll(async () => {
    store = await openTestStore();
    tenantId = (await installTenant(store.db)).id;
    const snapshot = (recordId: string, state: string, dueAt: string) => ({
      objectType: 'contacts',
      recordId,
      properties: { baton_sla_state: state, baton_sla_due_at: dueAt, email: `${recordId}@example.com` },
      observedAt: at(0).getTime(),
    });
    await upsertSnapshots(
      store.db,
      tenantId,
      [
        ...Array.from({ length: CLOSED }, (_, i) => snapshot(`closed-${i}`, 'met', '2026-01-01T00:00:00Z')),
        snapshot('running-due', 'at_risk', '2026-01-01T00:00:00Z'),
        snapshot('running-later', 'on_track', '2027-01-01T00:00:00Z'),
        snapshot('hand-edited', 'on_track', 'next tuesday'),
      ],
      at(0),
    );
    await store.db.execute(sql`analyze record_snapshots`);
  });
  afterAll(() => store.close());

  it('finds the running clocks, and of them the ones due, in record order', async () => {
    const running = await findOpenSlaClocks(store.db, QUERY);
    expect(running.map((c) => c.recordId)).toEqual(['hand-edited', 'running-due', 'running-later']);
    const due = await findOpenSlaClocks(store.db, { ...QUERY, dueBy: new Date('2026-06-01T00:00:00Z') });
    expect(due.map((c) => [c.recordId, c.dueAt])).toEqual([['running-due', '2026-01-01T00:00:00Z']]);
  });

  it('reads them through the index of running clocks, not by scanning every snapshot', async () => {
    for (const query of [QUERY, { ...QUERY, dueBy: new Date('2026-06-01T00:00:00Z') }]) {
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        store.db,
        sql`explain ${openSlaClocksStatement(query)}`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('record_snapshots_running_sla');
    }
  });
});
