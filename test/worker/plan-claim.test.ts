import { describe, expect, it } from 'vitest';
import type { DueGroup } from '../../src/store/inbox-claim.ts';
import { planClaim } from '../../src/worker/plan-claim.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const waited = (ms: number) => new Date(NOW.getTime() - ms);
const group = (kind: string, records: number, waitedMs: number, tenantId = 't1'): DueGroup => ({
  tenantId,
  kind,
  records,
  oldestDueAt: waited(waitedMs),
});
const plan = (groups: DueGroup[], maxRecords = 500) =>
  planClaim(groups, {
    now: NOW,
    maxRecords,
    maxWaitMs: (kind) => (kind === 'big_read' ? 1_250 : 500),
    recordsPerCall: (kind) => (kind === 'crm_read' ? 100 : kind === 'big_read' ? 200 : undefined),
  });

describe('planClaim', () => {
  it.each([
    // [records due, ms the oldest waited, records claimed, why]
    [40, 100, 0, 'a call that is not full yet waits'],
    [100, 0, 100, 'a full call goes at once'],
    [250, 100, 200, 'whole calls go; the rest waits to fill the next'],
    [40, 500, 40, 'an overdue partial call goes when no full one can be made'],
    [140, 900, 100, 'overdue: the full call takes the oldest records, the young rest waits'],
    [2_000, 0, 500, 'a claim never takes more than maxRecords'],
  ])('%i records waiting %i ms → claims %i (%s)', (records, waitedMs, claimed) => {
    const { budgets } = plan([group('crm_read', records, waitedMs)]);
    expect(budgets.reduce((sum, b) => sum + b.records, 0)).toBe(claimed);
  });

  it('lets work with bigger calls wait its own longer time to fill them', () => {
    expect(plan([group('big_read', 150, 900)]).budgets).toEqual([]);
    expect(plan([group('big_read', 150, 1_300)]).budgets).toEqual([
      { tenantId: 't1', kind: 'big_read', records: 150 },
    ]);
    expect(plan([group('crm_read', 50, 900)]).budgets).toEqual([
      { tenantId: 't1', kind: 'crm_read', records: 50 },
    ]);
  });

  it('claims work that fills no CRM call as soon as it is due', () => {
    expect(plan([group('writeback', 3, 0)]).budgets).toEqual([
      { tenantId: 't1', kind: 'writeback', records: 3 },
    ]);
  });

  it('wakes when the first waiting group reaches its deadline', () => {
    const result = plan([
      group('crm_read', 10, 100),
      group('crm_read', 10, 350, 't2'),
      group('writeback', 1, 0),
    ]);
    expect(result.budgets).toEqual([{ tenantId: 't1', kind: 'writeback', records: 1 }]);
    expect(result.wakeInMs).toBe(150);
    expect(plan([]).wakeInMs).toBeNull();
  });

  it('fills calls no larger than a claim may hold', () => {
    expect(plan([group('crm_read', 70, 0)], 30).budgets).toEqual([
      { tenantId: 't1', kind: 'crm_read', records: 30 },
    ]);
  });
});
