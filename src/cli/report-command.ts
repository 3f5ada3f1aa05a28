import { parseReportFilter, REPORT_FILTER_FIELDS } from '../api/reports/report-query.ts';
import { type ReportAnswer, reportTable, runReport, tableCsv } from '../api/reports/run-report.ts';
import { isReportName, REPORT_NAMES } from '../core/reports/report-catalog.ts';
import type { ReportTable } from '../core/reports/report-table.ts';
import { InputInvalidError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Tenant } from '../store/tenants.ts';
import { tenantNamed } from './tenant-named.ts';

export interface ReportCommandOptions {
  readonly tenant?: string | undefined;
  readonly csv: boolean;
  readonly json: boolean;
  readonly table?: string | undefined;
  readonly filter: Readonly<Record<string, unknown>>;
}

/**
 * `baton report <name> --tenant <id> [--from --to …] [--csv] [--json]`: the same answer as the
 * reports API. Tables for people by default; `--json` the whole answer; `--csv` one table
 * (`--table`, else the first).
 */
export async function reportCommand(
  db: Db,
  name: string | undefined,
  options: ReportCommandOptions,
  out: (text: string) => void,
): Promise<void> {
  if (!name || !isReportName(name)) {
    throw new InputInvalidError(
      `${name ? `there is no report "${name}"` : 'report needs a report name'}; the reports are ${REPORT_NAMES.join(', ')}`,
    );
  }
  const report = name;
  const filter = parseReportFilter(
    Object.fromEntries(
      REPORT_FILTER_FIELDS.flatMap((f) => (options.filter[f] === undefined ? [] : [[f, options.filter[f]]])),
    ),
  );
  const tenant = await tenantNamed(db, options.tenant);
  const { CRM_ADAPTERS } = await import('../crm/adapters.ts');
  const defaults = CRM_ADAPTERS[tenant.crm]?.adapter.defaults;
  if (!defaults) throw new InputInvalidError(`this Baton does not run ${tenant.crm}`);
  const answer = await runReport(db, tenant, defaults, report, filter, new Date());
  if (options.csv) {
    if (options.table !== undefined && !answer.tables.some((t) => t.name === options.table)) {
      throw new InputInvalidError(
        `report "${report}" has no table "${options.table}"; its tables are ${answer.tables.map((t) => t.name).join(', ')}`,
      );
    }
    out(tableCsv(reportTable(answer, options.table)).trimEnd());
  } else if (options.json) out(JSON.stringify(answer, null, 2));
  else out(describe(answer, tenant));
}

function describe(answer: ReportAnswer, tenant: Tenant): string {
  const filters = Object.entries(answer.filter).map(([k, v]) =>
    k === 'from' || k === 'to' ? `${k}=${new Date(v as number).toISOString()}` : `${k}=${v}`,
  );
  return [
    `${answer.title}: ${tenant.name} (${tenant.crm}:${tenant.externalId}), ${answer.leads} lead(s)${filters.length ? `, ${filters.join(' ')}` : ''}`,
    ...answer.tables.map(textTable),
  ].join('\n\n');
}

/** A table in aligned columns; numbers to the right. */
function textTable(table: ReportTable): string {
  const cells = [
    table.columns.map(String),
    ...table.rows.map((row) => row.map((c) => (c === null ? '–' : String(c)))),
  ];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = table.columns.map(
    (_, i) => table.rows.length > 0 && table.rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header = [], ...body] = cells;
  return [`[${table.name}]`, line(header), ...(body.length ? body.map(line) : ['(none)'])].join('\n');
}
