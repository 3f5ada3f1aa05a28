import type { FieldValue } from './field-values.ts';
import type { OrgSchema } from './org-schema.ts';
import type { IdFactory } from './record-ids.ts';
import { formatDatetime } from './salesforce-time.ts';
import { type BoundQuery, bindQuery } from './soql-binder.ts';
import { SoqlError } from './soql-error.ts';
import { type QuerySource, readPath, runQuery } from './soql-evaluator.ts';
import { parseSoql } from './soql-parser.ts';

export type JobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

const DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};
const LINE_ENDINGS: Readonly<Record<string, string>> = { LF: '\n', CRLF: '\r\n' };

interface QueryJob {
  readonly id: string;
  readonly operation: 'query' | 'queryAll';
  readonly query: BoundQuery;
  readonly createdById: string;
  readonly createdDate: number;
  systemModstamp: number;
  state: JobState;
  readonly apiVersion: string;
  readonly columnDelimiter: string;
  readonly lineEnding: string;
  polls: number;
  /** Filled when the job completes: the header, then one line of cells per record. */
  rows: string[][] | null;
}

export interface NewQueryJob {
  readonly operation: unknown;
  readonly query: unknown;
  readonly contentType?: unknown;
  readonly columnDelimiter?: unknown;
  readonly lineEnding?: unknown;
}

export type JobOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly errorCode: string; readonly message: string };

const refuse = (status: number, errorCode: string, message: string) =>
  ({ ok: false, status, errorCode, message }) as const;

/** Bulk API 2.0's CSV: every value quoted, quotes doubled, nulls empty. */
function csvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(delimiter);
}

function csvCell(value: FieldValue): string {
  return value === null ? '' : String(value);
}

/**
 * Bulk API 2.0 query jobs: created as UploadComplete, InProgress at the first status check,
 * JobComplete after `pollsUntilComplete` checks; results read in CSV pages by locator.
 */
export function createBulkQueryJobs(options: {
  readonly schema: OrgSchema;
  readonly source: QuerySource;
  readonly ids: IdFactory;
  readonly clock: () => Date;
  readonly pollsUntilComplete: number;
}) {
  const jobs = new Map<string, QueryJob>();
  const now = () => options.clock().getTime();

  const complete = (job: QueryJob) => {
    const select = job.query.select ?? [];
    const records = runQuery(job.query, options.source, { includeDeleted: job.operation === 'queryAll' });
    const header = select.map((path) => path.names.join('.'));
    const cells = records.map((row) =>
      select.map((path) => {
        const value = readPath(path, row, options.source);
        return path.field.type === 'datetime' && typeof value === 'number'
          ? new Date(value).toISOString()
          : csvCell(value);
      }),
    );
    job.rows = [header, ...cells];
    job.state = 'JobComplete';
  };

  const info = (job: QueryJob) => ({
    id: job.id,
    operation: job.operation,
    object: job.query.object.name,
    createdById: job.createdById,
    createdDate: formatDatetime(job.createdDate),
    systemModstamp: formatDatetime(job.systemModstamp),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    jobType: 'V2Query',
    lineEnding: Object.entries(LINE_ENDINGS).find(([, ending]) => ending === job.lineEnding)?.[0] ?? 'LF',
    columnDelimiter:
      Object.entries(DELIMITERS).find(([, delimiter]) => delimiter === job.columnDelimiter)?.[0] ?? 'COMMA',
    numberRecordsProcessed: job.rows === null ? 0 : job.rows.length - 1,
    retries: 0,
    totalProcessingTime: job.rows === null ? 0 : 42,
    isPkChunkingSupported: true,
  });

  return {
    create(body: NewQueryJob, createdById: string, apiVersion: string): JobOutcome<ReturnType<typeof info>> {
      if (body.operation !== 'query' && body.operation !== 'queryAll') {
        return refuse(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${String(body.operation)}`);
      }
      if (typeof body.query !== 'string' || body.query.trim() === '')
        return refuse(400, 'INVALIDJOB', 'InvalidJob : query is required');
      if (body.contentType !== undefined && body.contentType !== 'CSV') {
        return refuse(400, 'INVALIDJOB', `InvalidJob : Invalid content type: ${String(body.contentType)}`);
      }
      const delimiter = DELIMITERS[String(body.columnDelimiter ?? 'COMMA')];
      const lineEnding = LINE_ENDINGS[String(body.lineEnding ?? 'LF')];
      if (delimiter === undefined || lineEnding === undefined) {
        return refuse(
          400,
          'INVALIDJOB',
          'InvalidJob : columnDelimiter or lineEnding is not one Bulk API 2.0 knows',
        );
      }
      let query: BoundQuery;
      try {
        query = bindQuery(options.schema, parseSoql(body.query));
      } catch (error) {
        if (error instanceof SoqlError) return refuse(400, error.errorCode, error.message);
        throw error;
      }
      if (query.select === null)
        return refuse(400, 'INVALIDJOB', 'InvalidJob : Aggregate queries are not supported');
      // Bulk API 2.0 serves child-to-parent paths but not parent-to-child subqueries.
      if (query.children.length > 0)
        return refuse(
          400,
          'INVALIDJOB',
          'InvalidJob : Parent-to-child relationship queries are not supported',
        );
      const job: QueryJob = {
        id: options.ids.next('BulkJob'),
        operation: body.operation,
        query,
        createdById,
        createdDate: now(),
        systemModstamp: now(),
        state: 'UploadComplete',
        apiVersion,
        columnDelimiter: delimiter,
        lineEnding,
        polls: 0,
        rows: null,
      };
      jobs.set(job.id, job);
      return { ok: true, value: info(job) };
    },
    check(id: string): JobOutcome<ReturnType<typeof info>> {
      const job = jobs.get(id);
      if (!job) return refuse(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (job.state === 'UploadComplete' || job.state === 'InProgress') {
        job.polls += 1;
        job.state = 'InProgress';
        job.systemModstamp = now();
        if (job.polls >= options.pollsUntilComplete) complete(job);
      }
      return { ok: true, value: info(job) };
    },
    /** One page of CSV; `locator` is the `Sforce-Locator` of the previous page, the next one "null" at the end. */
    results(
      id: string,
      page: {
        readonly locator: string | undefined;
        readonly maxRecords: number;
        readonly apiVersion: string;
      },
    ): JobOutcome<{ csv: string; count: number; nextLocator: string }> {
      const job = jobs.get(id);
      if (!job) return refuse(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (job.apiVersion !== page.apiVersion) {
        return refuse(
          409,
          'API_ERROR',
          `Use API version ${job.apiVersion}, which created the job, to read its results.`,
        );
      }
      if (job.state !== 'JobComplete' || job.rows === null) {
        return refuse(
          412,
          'JOB_NOT_COMPLETE',
          `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${job.state}`,
        );
      }
      const offset =
        page.locator === undefined ? 0 : Number(Buffer.from(page.locator, 'base64url').toString('utf8'));
      const [header, ...records] = job.rows;
      if (!Number.isInteger(offset) || offset < 0 || offset > records.length || header === undefined) {
        return refuse(400, 'INVALIDLOCATOR', 'Invalid locator');
      }
      const slice = records.slice(offset, offset + page.maxRecords);
      const end = offset + slice.length;
      const lines = [header, ...slice].map((cells) => csvLine(cells, job.columnDelimiter));
      return {
        ok: true,
        value: {
          csv: lines.join(job.lineEnding) + job.lineEnding,
          count: slice.length,
          nextLocator: end >= records.length ? 'null' : Buffer.from(String(end)).toString('base64url'),
        },
      };
    },
    abort(id: string): JobOutcome<ReturnType<typeof info>> {
      const job = jobs.get(id);
      if (!job) return refuse(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (job.state === 'JobComplete')
        return refuse(400, 'INVALIDJOB', 'InvalidJob : Job is already complete');
      job.state = 'Aborted';
      job.systemModstamp = now();
      return { ok: true, value: info(job) };
    },
    remove(id: string): boolean {
      return jobs.delete(id);
    },
    list: () => [...jobs.values()].map(info),
  };
}

export type BulkQueryJobs = ReturnType<typeof createBulkQueryJobs>;
