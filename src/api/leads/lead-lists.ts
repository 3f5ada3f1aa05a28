import { and, desc, eq, inArray } from 'drizzle-orm';
import type { PropertyBag } from '../../core/record.ts';
import { type ReportTable, table } from '../../core/reports/report-table.ts';
import type { SleepingPipelineReport } from '../../core/reports/sleeping-pipeline-report.ts';
import { InputInvalidError } from '../../errors.ts';
import { loadTenantConfig, type TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import { ledger, slaClocks } from '../../store/schema.ts';
import { getSnapshots } from '../../store/snapshots.ts';
import type { Tenant } from '../../store/tenants.ts';
import type { ReportCache } from '../reports/report-cache.ts';
import { runReport } from '../reports/run-report.ts';

/** One lead in one of the lists a manager works through. */
export interface LeadRow {
  readonly recordId: string;
  readonly name: string | null;
  readonly stage: string | null;
  readonly ownerId: string | null;
  /** Since when the row holds: entering the stage, the SLA's due time, the rejection. */
  readonly since: string;
  readonly detail: string;
}

export interface LeadLists {
  readonly sleeping: readonly LeadRow[];
  readonly slaAtRisk: readonly LeadRow[];
  readonly rejections: readonly LeadRow[];
}

export const LEAD_LIST_NAMES = ['sleeping', 'slaAtRisk', 'rejections'] as const;
export type LeadListName = (typeof LEAD_LIST_NAMES)[number];

/** Each list shows its most pressing 200; the reports hold the rest. */
const LIST_LIMIT = 200;

export interface LeadListScope {
  readonly tenant: Tenant;
  readonly defaults: TenantDefaults;
  readonly objectType: string;
  /** A record's display name from its CRM properties, in the CRM's own field names. */
  readonly nameOf: (properties: PropertyBag) => string | null;
  /** The sleeping-pipeline report's answers, shared with the reports API. */
  readonly cache?: ReportCache;
}

/**
 * The three lists of the console's Leads page: the sleeping pipeline (open leads past their
 * stage's threshold), SLA clocks at risk or breached (soonest due first), and the latest
 * rejections with their reason and feedback, which marketing has to hear.
 */
export async function loadLeadLists(db: Db, scope: LeadListScope, now: Date): Promise<LeadLists> {
  const { tenant } = scope;
  const [config, sleeping, clocks, rejected] = await Promise.all([
    loadTenantConfig(db, tenant, scope.defaults),
    sleepingPipeline(db, scope, now),
    db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.tenantId, tenant.id), inArray(slaClocks.state, ['at_risk', 'breached'])))
      .orderBy(slaClocks.dueAt)
      .limit(LIST_LIMIT),
    db
      .select()
      .from(ledger)
      .where(and(eq(ledger.tenantId, tenant.id), eq(ledger.event, 'rejected')))
      .orderBy(desc(ledger.occurredAt), desc(ledger.id))
      .limit(LIST_LIMIT),
  ]);
  const stageLabel = (key: string | null) =>
    key === null ? null : (config.model.stages.find((s) => s.key === key)?.label ?? key);
  const reasonLabel = (key: string | null) =>
    config.reasonCodes.find((r) => r.key === key)?.label ?? key ?? 'no reason given';
  const report = sleeping.report as SleepingPipelineReport;
  const ids = new Set([
    ...report.records.slice(0, LIST_LIMIT).map((r) => r.recordId),
    ...clocks.map((c) => c.recordId),
    ...rejected.map((r) => r.recordId),
  ]);
  const snapshots = await getSnapshots(db, tenant.id, scope.objectType, [...ids]);
  const names = new Map(snapshots.map((s) => [s.recordId, scope.nameOf(s.properties)]));
  const nameOf = (id: string) => names.get(id) ?? null;
  return {
    sleeping: report.records.slice(0, LIST_LIMIT).map((r) => ({
      recordId: r.recordId,
      name: nameOf(r.recordId),
      stage: stageLabel(r.stage),
      ownerId: r.ownerPerson,
      since: r.enteredAt,
      detail: `${r.daysInStage} days in stage`,
    })),
    slaAtRisk: clocks.map((c) => ({
      recordId: c.recordId,
      name: nameOf(c.recordId),
      stage: stageLabel(c.stage),
      ownerId: null,
      since: c.dueAt.toISOString(),
      detail:
        c.state === 'breached' ? `breached, due ${ago(c.dueAt, now)}` : `at risk, due ${ago(c.dueAt, now)}`,
    })),
    rejections: rejected.map((r) => ({
      recordId: r.recordId,
      name: nameOf(r.recordId),
      stage: stageLabel(r.stage),
      ownerId: r.ownerPerson,
      since: r.occurredAt.toISOString(),
      detail: r.feedback ? `${reasonLabel(r.reasonCode)}: ${r.feedback}` : reasonLabel(r.reasonCode),
    })),
  };
}

function sleepingPipeline(db: Db, scope: LeadListScope, now: Date) {
  const compute = () => runReport(db, scope.tenant, scope.defaults, 'sleeping-pipeline', {}, now);
  // The same key the reports API gives this report unfiltered, so either warms the other.
  return scope.cache ? scope.cache.answer(scope.tenant.id, 'sleeping-pipeline {}', compute) : compute();
}

/** One list as the table CSV export writes. */
export function leadListTable(lists: LeadLists, name: unknown): ReportTable {
  if (typeof name !== 'string' || !(LEAD_LIST_NAMES as readonly string[]).includes(name)) {
    throw new InputInvalidError(`list must be one of ${LEAD_LIST_NAMES.join(', ')}`, [
      { path: 'list', message: 'unknown list' },
    ]);
  }
  return table(name, lists[name as LeadListName], [
    ['record_id', (r) => r.recordId],
    ['name', (r) => r.name],
    ['stage', (r) => r.stage],
    ['owner', (r) => r.ownerId],
    ['since', (r) => r.since],
    ['detail', (r) => r.detail],
  ]);
}

/** "in 20 min", "3 h ago": the list's reader wants the distance, not the instant. */
function ago(at: Date, now: Date): string {
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  const size = Math.abs(minutes);
  const text =
    size < 120
      ? `${size} min`
      : size < 2880
        ? `${Math.round(size / 60)} h`
        : `${Math.round(size / 1440)} days`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}
