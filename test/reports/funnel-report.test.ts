import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetModel } from '../../src/core/funnel/presets.ts';
import type { HandoffEventType, LedgerEntry } from '../../src/core/journey/ledger-entry.ts';
import { loadFunnelWaterfall } from '../../src/reports/funnel-report.ts';
import { appendLedgerEntries } from '../../src/store/ledger.ts';
import { installTenant, T0 } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const entered = (recordId: string, stage: string, minute: number): LedgerEntry => ({
  kind: 'stage_entered',
  recordId,
  stage,
  occurredAt: T0 + minute * 60_000,
  dedupeKey: `stage_entered:${stage}:${minute}`,
});
const event = (recordId: string, name: HandoffEventType, reasonCode?: string): LedgerEntry => ({
  kind: 'handoff_event',
  recordId,
  event: name,
  occurredAt: T0,
  dedupeKey: `event:${name}`,
  ...(reasonCode ? { reasonCode } : {}),
});

describe('funnel report', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it("builds the waterfall from one tenant's ledger only, judging hand-offs by handed-off leads", async () => {
    const tenant = await installTenant(store.db);
    const other = await installTenant(store.db, 'Other');
    await appendLedgerEntries(store.db, tenant.id, [
      entered('a', 'inquiry', 0),
      entered('a', 'mql', 1),
      event('a', 'handed_off'),
      event('a', 'rejected', 'no_budget'),
      entered('a', 'inquiry', 2),
      entered('b', 'inquiry', 0),
      entered('b', 'mql', 1),
      event('b', 'handed_off'),
      entered('b', 'sal', 2),
      event('b', 'accepted'),
      entered('c', 'sql', 0),
      // Sales-sourced: worked and accepted by sales, never handed off.
      entered('d', 'sal', 0),
      event('d', 'accepted'),
    ]);
    await appendLedgerEntries(store.db, other.id, [entered('z', 'customer', 0)]);
    const waterfall = await loadFunnelWaterfall(store.db, tenant.id, createPresetModel('demand_waterfall'));
    expect(waterfall.steps.map((s) => s.reached)).toEqual([4, 4, 3, 1, 0, 0]);
    expect(waterfall.handoffs).toMatchObject({ handedOff: 2, accepted: 1, rejected: 1, acceptanceRate: 0.5 });
    expect(waterfall.rejectionReasons).toEqual([{ reasonCode: 'no_budget', records: 1 }]);
  });
});
