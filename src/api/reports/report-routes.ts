import express, { type Request, type Router } from 'express';
import { REPORT_NAMES, REPORTS } from '../../core/reports/report-catalog.ts';
import { InputInvalidError } from '../../errors.ts';
import type { TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import type { Tenant } from '../../store/tenants.ts';
import type { ReportCache } from './report-cache.ts';
import { parseReportFilter } from './report-query.ts';
import { reportNamed, reportTable, runReport, tableCsv } from './run-report.ts';

export interface ReportRouteDependencies {
  readonly db: Db;
  readonly defaults: TenantDefaults;
  readonly clock: () => Date;
  /** Proves which tenant calls, or throws (401); the only source of the tenant. */
  readonly tenantOf: (req: Request) => Promise<Tenant>;
  /** Query parameters the front door itself adds (HubSpot's caller identity): not filters. */
  readonly ownParameters?: readonly string[];
  /** Keeps answers a short while (see `ReportCache`); unset, every request computes its report. */
  readonly cache?: ReportCache;
}

const single = (value: unknown, name: string) => {
  if (value === undefined || typeof value === 'string') return value;
  throw new InputInvalidError(`${name} may be given once`, [{ path: name, message: 'given more than once' }]);
};

/**
 * The reports API, CRM-neutral and relative: a front door mounts it behind its own proof of the
 * tenant. `GET /` lists the reports; `GET /:name` answers one as JSON, or one of its tables as CSV
 * with `format=csv` (and `table=`); every other query parameter is a filter.
 */
export function reportsRouter(deps: ReportRouteDependencies): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    await deps.tenantOf(req);
    res.json({
      reports: REPORT_NAMES.map((name) => ({
        name,
        title: REPORTS[name].title,
        description: REPORTS[name].description,
      })),
    });
  });
  router.get('/:name', async (req, res) => {
    const tenant = await deps.tenantOf(req);
    const name = reportNamed(req.params.name ?? '');
    const { format, table, ...query } = req.query as Record<string, unknown>;
    for (const own of deps.ownParameters ?? []) delete query[own];
    const wanted = single(format, 'format') ?? 'json';
    if (wanted !== 'json' && wanted !== 'csv') {
      throw new InputInvalidError('format must be json or csv', [{ path: 'format', message: 'json or csv' }]);
    }
    for (const [key, value] of Object.entries(query)) single(value, key);
    const filter = parseReportFilter(query);
    const compute = () => runReport(deps.db, tenant, deps.defaults, name, filter, deps.clock());
    const answer = deps.cache
      ? await deps.cache.answer(tenant.id, `${name} ${JSON.stringify(filter)}`, compute)
      : await compute();
    if (wanted === 'json') {
      res.json(answer);
      return;
    }
    const chosen = reportTable(answer, single(table, 'table') as string | undefined);
    res.type('text/csv; charset=utf-8').attachment(`baton-${name}-${chosen.name}.csv`).send(tableCsv(chosen));
  });
  return router;
}
