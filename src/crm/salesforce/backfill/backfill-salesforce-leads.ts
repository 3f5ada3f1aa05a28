import type { Connection, HttpRequestOptions } from 'jsforce';
import { createLogger, type Logger } from '../../../log.ts';
import { loadTenantConfig } from '../../../pipeline/tenant-config.ts';
import {
  type BackfillProgress,
  type BackfillRun,
  getBackfillRun,
  saveBackfillProgress,
  startBackfillRun,
} from '../../../store/backfill-runs.ts';
import type { Db } from '../../../store/database.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { SALESFORCE_DEFAULTS } from '../defaults/salesforce-defaults.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import { type AllocationShortfall, allocationShortfall } from './allocation-reserve.ts';
import { awaitBulkJob, BulkJobEndedError, DEFAULT_POLL_MS } from './await-bulk-job.ts';
import {
  type BackfillPhase,
  backfillSlices,
  cutoffOf,
  encodePosition,
  type JobPosition,
  jobPositionOf,
  phaseOf,
} from './backfill-position.ts';
import { csvRecords } from './bulk-csv-records.ts';
import {
  campaignMemberBulkQuery,
  describeLead,
  type LeadDescription,
  leadBulkQuery,
} from './bulk-lead-queries.ts';
import { type ApiAllocation, BulkJobGoneError, type BulkQueryApi, bulkQueryApi } from './bulk-query-api.ts';
import { importLeadPage, importMembershipPage } from './import-pages.ts';

/** The run's key in `backfill_runs`: one Lead backfill per org. */
export const LEAD_BACKFILL = LEAD;
/** Rows per results page: one call and one transaction each, short enough to keep locks brief. */
export const DEFAULT_PAGE_SIZE = 2_000;

export type SalesforceBackfillOutcome =
  | { readonly kind: 'already_finished'; readonly run: BackfillRun }
  | { readonly kind: 'finished'; readonly run: BackfillRun; readonly resumed: boolean }
  /** Stopped by the signal, or (with `allocation`) to leave the org its reserve of API requests. */
  | { readonly kind: 'interrupted'; readonly run: BackfillRun; readonly allocation?: AllocationShortfall };

export interface SalesforceBackfillDeps {
  readonly db: Db;
  readonly connectionFor: (tenantId: string) => Promise<Connection>;
  readonly clock?: () => Date;
  /** Called with the run as stored: once at the start, then after every stored step. */
  readonly onProgress?: (run: BackfillRun) => void;
  /** Stops between steps: the page in hand is committed first, so a re-run continues after it. */
  readonly signal?: AbortSignal;
  /** The first wait between checks of a job that is still running; it doubles up to 30 s. */
  readonly pollMs?: number;
  /** Rows per results page (`maxRecords`). */
  readonly pageSize?: number;
  /** The share of the org's daily API allocation left alone (0.1). */
  readonly allocationReserve?: number;
  /** jsforce's retry of GETs on 429, 5xx and dropped connections (tests shorten its waits). */
  readonly retry?: HttpRequestOptions['retry'];
  readonly logger?: Logger;
}

/**
 * Imports the Leads an active Salesforce org held before the run began, with Bulk API 2.0: one
 * query job over the Leads created before the cutoff, then one over their campaign memberships
 * (see `importMembershipPage`). Each results page runs through the sync's own `applySyncBatch`
 * in one transaction with the run's new position (job id and locator), so a page is imported and
 * passed together or not at all; a re-run continues at the next locator of the same job, whose
 * results Salesforce keeps 7 days, and a job that is gone starts its phase again. Before each step
 * the org's allocation is checked: below the reserve the run stops, to continue another day.
 */
export async function backfillSalesforceLeads(
  deps: SalesforceBackfillDeps,
  tenant: Tenant,
  options: { readonly restart: boolean },
): Promise<SalesforceBackfillOutcome> {
  const { db, signal } = deps;
  const clock = deps.clock ?? (() => new Date());
  const stored = await getBackfillRun(db, tenant.id, LEAD_BACKFILL);
  if (stored?.finishedAt && !options.restart) return { kind: 'already_finished', run: stored };
  const resumed = stored !== null && !options.restart;
  let run =
    stored && resumed
      ? stored
      : await startBackfillRun(db, tenant.id, LEAD_BACKFILL, backfillSlices(clock()), clock());
  const config = await loadTenantConfig(db, tenant, SALESFORCE_DEFAULTS);
  const scope = { tenant, config, logger: deps.logger ?? createLogger({ level: 'silent' }) };
  deps.onProgress?.(run);

  // Calls made since the run was last stored; each stored step adds them to its `requests`.
  let spent = 0;
  const counted = async <T>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } finally {
      spent += 1;
    }
  };
  const progressOf = (changes: Partial<BackfillProgress>): BackfillProgress => ({
    slices: run.slices,
    after: run.after,
    slicesDone: run.slicesDone,
    imported: run.imported,
    expectedTotal: run.expectedTotal,
    ...changes,
    requests: run.requests + spent,
  });
  const save = async (changes: Partial<BackfillProgress>) => {
    run = await saveBackfillProgress(db, run, progressOf(changes), clock());
    spent = 0;
    deps.onProgress?.(run);
  };

  let allocation: ApiAllocation | null = null;
  let described: LeadDescription | null = null;
  const describe = async (conn: Connection) => (described ??= await counted(describeLead(conn)));
  const complete = new Set<string>();
  const restartedPhases = new Set<string>();

  /** One results page and the position after it, committed together. */
  const importPage = async (
    phase: BackfillPhase,
    api: BulkQueryApi,
    conn: Connection,
    position: JobPosition,
  ) => {
    const datetimes = phase === 'leads' ? (await describe(conn)).datetimes : new Set<string>();
    const page = await counted(
      api.results(position.job, {
        locator: position.locator,
        maxRecords: deps.pageSize ?? DEFAULT_PAGE_SIZE,
      }),
    );
    const records = csvRecords(page.csv, datetimes);
    const read = position.read + records.length;
    const [, ...rest] = run.slices;
    const progress = progressOf({
      ...(page.next === null
        ? { slices: rest, after: null, slicesDone: run.slicesDone + 1 }
        : { after: encodePosition({ job: position.job, locator: page.next, read }) }),
      ...(phase === 'leads' ? { imported: read } : {}),
    });
    const current = run;
    const now = clock();
    run = await db.transaction(async (tx) => {
      if (phase === 'leads') await importLeadPage(tx, scope, records, now);
      else await importMembershipPage(tx, scope, records, now);
      return saveBackfillProgress(tx, current, progress, now);
    });
    spent = 0;
    deps.onProgress?.(run);
  };

  try {
    for (;;) {
      const phase = phaseOf(run);
      if (phase === null) return { kind: 'finished', run, resumed };
      if (signal?.aborted) {
        if (spent > 0) await save({});
        return { kind: 'interrupted', run };
      }
      const conn = await deps.connectionFor(tenant.id);
      const api = bulkQueryApi(conn, deps.retry ? { retry: deps.retry } : {});
      allocation ??= await counted(api.limits());
      const shortfall = allocationShortfall(allocation, deps.allocationReserve);
      if (shortfall) {
        if (spent > 0) await save({});
        return { kind: 'interrupted', run, allocation: shortfall };
      }
      const position = jobPositionOf(run);
      try {
        if (position === null) {
          const cutoff = cutoffOf(run);
          const soql =
            phase === 'leads'
              ? leadBulkQuery(config, await describe(conn), cutoff)
              : campaignMemberBulkQuery(cutoff);
          const job = await counted(api.createJob(soql));
          await save({
            after: encodePosition({ job: job.id, locator: null, read: 0 }),
            ...(phase === 'leads' ? { imported: 0 } : {}),
          });
        } else if (position.locator === null && !complete.has(position.job)) {
          const job = await awaitBulkJob(api, position.job, {
            pollMs: deps.pollMs ?? DEFAULT_POLL_MS,
            ...(signal ? { signal } : {}),
            onCheck: () => {
              spent += 1;
            },
          });
          if (job === null) continue;
          complete.add(job.id);
          if (phase === 'leads') await save({ expectedTotal: job.numberRecordsProcessed ?? null });
        } else {
          await importPage(phase, api, conn, position);
        }
      } catch (error) {
        // Gone (deleted, or older than 7 days): the phase starts over with a new job, once per run.
        if (error instanceof BulkJobGoneError && !restartedPhases.has(phase)) {
          restartedPhases.add(phase);
          await save({ after: null, ...(phase === 'leads' ? { imported: 0 } : {}) });
          continue;
        }
        // A job Salesforce failed gives no results: the next run asks again with a new one.
        if (error instanceof BulkJobEndedError) await save({ after: null });
        throw error;
      } finally {
        // Every answer says where the org's allocation stands; without one, `/limits` is read again.
        allocation = api.allocation();
      }
    }
  } catch (error) {
    // The calls a failed step made still count against the org: they are recorded, position unchanged.
    if (spent > 0) await save({}).catch(() => undefined);
    throw error;
  }
}
