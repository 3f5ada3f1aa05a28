import { stringify } from 'csv-stringify/sync';
import { isReportName, REPORT_NAMES, REPORTS, type ReportName } from '../../core/reports/report-catalog.ts';
import { filterLeads, type ReportFilter } from '../../core/reports/report-lead.ts';
import type { ReportTable } from '../../core/reports/report-table.ts';
import { NotFoundError } from '../../errors.ts';
import { loadTenantConfig, type TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import { loadReportLeads } from '../../store/lead-facts.ts';
import type { Tenant } from '../../store/tenants.ts';

/** Most records a drill-down list carries in one answer. */
export const REPORT_LIST_LIMIT = 500;

export interface ReportAnswer {
  readonly name: ReportName;
  readonly title: string;
  readonly filter: ReportFilter;
  readonly generatedAt: string;
  /** Leads the report counted, after the filter. */
  readonly leads: number;
  readonly report: unknown;
  readonly tables: readonly ReportTable[];
}

export function reportNamed(name: string): ReportName {
  if (!isReportName(name)) {
    throw new NotFoundError(`there is no report "${name}"; the reports are ${REPORT_NAMES.join(', ')}`);
  }
  return name;
}

/** One report of one tenant, CRM-neutral: the API, the CLI and CSV export all answer through here. */
export async function runReport(
  db: Db,
  tenant: Tenant,
  defaults: TenantDefaults,
  name: ReportName,
  filter: ReportFilter,
  now: Date,
): Promise<ReportAnswer> {
  const definition = REPORTS[name];
  const config = await loadTenantConfig(db, tenant, defaults);
  const loaded = await loadReportLeads(db, tenant.id, {
    ...(filter.from === undefined ? {} : { from: filter.from }),
    ...(filter.to === undefined ? {} : { to: filter.to }),
    properties: config.reports.properties,
    withAttribution: definition.readsAttribution ?? false,
  });
  const leads = filterLeads(loaded, filter);
  const report = definition.build(leads, {
    model: config.model,
    now: now.getTime(),
    sleeping: { afterDays: config.reports.sleepingAfterDays, byStage: config.reports.stageSleepingDays },
    listLimit: REPORT_LIST_LIMIT,
    workedSla: config.reports.workedSla,
  });
  return {
    name,
    title: definition.title,
    filter,
    generatedAt: now.toISOString(),
    leads: leads.length,
    report,
    tables: definition.tables(report),
  };
}

/** One of the answer's tables, the first when none is named. */
export function reportTable(answer: ReportAnswer, tableName: string | undefined): ReportTable {
  const found = tableName === undefined ? answer.tables[0] : answer.tables.find((t) => t.name === tableName);
  if (!found) {
    throw new NotFoundError(
      `report "${answer.name}" has no table "${tableName}"; its tables are ${answer.tables.map((t) => t.name).join(', ')}`,
    );
  }
  return found;
}

/**
 * A spreadsheet runs a cell that starts like a formula; CRM values (owner names, reason codes)
 * are not Baton's to run, so such text is quoted as text.
 */
const inert = (cell: string | number | null) =>
  typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : (cell ?? '');

/** RFC 4180 CSV with a header row; empty cells for missing numbers. */
export function tableCsv(table: ReportTable): string {
  return stringify([table.columns as string[], ...table.rows.map((row) => row.map(inert))], {
    record_delimiter: 'windows',
  });
}
