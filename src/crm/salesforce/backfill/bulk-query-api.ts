import type { Connection, HttpRequestOptions, HttpResponse, Schema } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { z } from 'zod';
import { UpstreamRejectedError, UpstreamUnavailableError } from '../../../errors.ts';
import { salesforceFailure } from '../api/salesforce-failure.ts';

/** Bulk API 2.0 query job ids are record ids (`750…`); checked before one goes into a URL. */
const JOB_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

const jobSchema = z.object({
  id: z.string().regex(JOB_ID),
  state: z.enum(['UploadComplete', 'InProgress', 'JobComplete', 'Aborted', 'Failed']),
  numberRecordsProcessed: z.number().int().nonnegative().optional(),
  errorMessage: z.string().optional(),
});
const limitsSchema = z.object({
  DailyApiRequests: z.object({ Max: z.number().int().nonnegative(), Remaining: z.number().int() }),
});

export type BulkJob = z.infer<typeof jobSchema>;

/** The org's daily API allocation as it last reported it. */
export interface ApiAllocation {
  readonly max: number;
  readonly remaining: number;
}

export interface ResultsPage {
  /** The CSV text of the page, header line first. */
  readonly csv: string;
  /** The locator of the next page; null after the last one (Salesforce sends the string `null`). */
  readonly next: string | null;
}

/** The job is gone: deleted, or past the 7 days Salesforce keeps a job's results. */
export class BulkJobGoneError extends Error {}

/**
 * The Bulk API 2.0 query calls the backfill makes, on one jsforce connection (its token refresh,
 * API version and `Sforce-Call-Options` apply). `retry` is jsforce's own retry of GETs on 429,
 * 5xx and dropped connections; Salesforce's refusals come out as Baton's errors through
 * `salesforceFailure`. `allocation()` is the org's usage as the last answer's `Sforce-Limit-Info`
 * told it, so the backfill can watch the allocation without spending calls on `/limits`.
 */
export function bulkQueryApi(conn: Connection, options: { readonly retry?: HttpRequestOptions['retry'] }) {
  const requestOptions = options.retry ? { retry: options.retry } : {};
  let reported: ApiAllocation | null = null;

  const noteUsage = (header: string | undefined) => {
    const match = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
    if (match) reported = { max: Number(match[2]), remaining: Number(match[2]) - Number(match[1]) };
  };

  async function json<T>(
    doing: string,
    schema: z.ZodType<T>,
    request: Parameters<Connection['request']>[0],
    ofJob = false,
  ) {
    let body: unknown;
    try {
      body = await conn.request(request, requestOptions);
    } catch (error) {
      throw (ofJob ? jobGone(error) : null) ?? failure(error, doing);
    } finally {
      const usage = conn.limitInfo?.apiUsage;
      if (usage) reported = { max: usage.limit, remaining: usage.limit - usage.used };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new UpstreamUnavailableError(`Salesforce answered ${doing} with an unexpected body`);
    return parsed.data;
  }

  return {
    createJob: (soql: string) =>
      json('creating a Bulk API query job', jobSchema, {
        method: 'POST',
        url: '/jobs/query',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          operation: 'query',
          query: soql,
          contentType: 'CSV',
          columnDelimiter: 'COMMA',
          lineEnding: 'LF',
        }),
      }),

    async job(id: string) {
      return json(
        `checking Bulk API query job ${checkedId(id)}`,
        jobSchema,
        { method: 'GET', url: `/jobs/query/${id}` },
        true,
      );
    },

    async limits(): Promise<ApiAllocation> {
      const limits = await json('reading the org’s limits', limitsSchema, { method: 'GET', url: '/limits' });
      reported = { max: limits.DailyApiRequests.Max, remaining: limits.DailyApiRequests.Remaining };
      return reported;
    },

    /** One page of a completed job's results: `locator` null for the first page. */
    async results(
      id: string,
      page: { readonly locator: string | null; readonly maxRecords: number },
    ): Promise<ResultsPage> {
      const doing = `reading the results of Bulk API query job ${checkedId(id)}`;
      const query = new URLSearchParams({ maxRecords: String(page.maxRecords) });
      if (page.locator !== null) query.set('locator', page.locator);
      const api = new CsvResultsApi(conn, requestOptions);
      let headers: Readonly<Record<string, string>> = {};
      api.on('response', (response: HttpResponse) => {
        headers = response.headers;
      });
      let body: unknown;
      try {
        body = await api.request({
          method: 'GET',
          url: `${conn.instanceUrl}/services/data/v${conn.version}/jobs/query/${id}/results?${query}`,
          headers: { Accept: 'text/csv' },
        });
      } catch (error) {
        throw jobGone(error) ?? failure(error, doing);
      } finally {
        noteUsage(headers['sforce-limit-info']);
      }
      const locator = headers['sforce-locator'];
      if (typeof body !== 'string' || locator === undefined || locator === '') {
        throw new UpstreamUnavailableError(`Salesforce answered ${doing} without CSV and a Sforce-Locator`);
      }
      return { csv: body, next: locator === 'null' ? null : locator };
    },

    allocation: (): ApiAllocation | null => reported,
  };
}

export type BulkQueryApi = ReturnType<typeof bulkQueryApi>;

/**
 * jsforce's HTTP client with one change: a results page's body is kept as the CSV text it is
 * (Baton parses it with the column layout it asked for); error bodies are still read as JSON,
 * so `errorCode` reaches `salesforceFailure`. Its `response` event carries the headers the
 * paging needs (`Sforce-Locator`), which `conn.request` does not return.
 */
class CsvResultsApi extends HttpApi<Schema> {
  override getResponseContentType(response: HttpResponse) {
    return response.statusCode < 300 ? 'text/plain' : super.getResponseContentType(response);
  }
}

export function isBulkJobId(id: string): boolean {
  return JOB_ID.test(id);
}

function checkedId(id: string): string {
  if (!JOB_ID.test(id)) throw new Error(`"${id.slice(0, 30)}" is not a Bulk API job id`);
  return id;
}

/**
 * Salesforce's refusal as Baton's error, with the last line of Salesforce's message kept: a
 * refused query's message repeats the query, then says which field or clause it refused.
 */
function failure(error: unknown, doing: string): unknown {
  const mapped = salesforceFailure(error, doing);
  const message = (error as { message?: unknown } | null)?.message;
  const reason = typeof message === 'string' ? message.trim().split('\n').at(-1)?.slice(0, 300) : undefined;
  return mapped instanceof UpstreamRejectedError && reason
    ? new UpstreamRejectedError(`${mapped.message}: ${reason}`)
    : mapped;
}

function jobGone(error: unknown): BulkJobGoneError | null {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return code === 'NOT_FOUND' || code === 'ERROR_HTTP_404'
    ? new BulkJobGoneError(`Salesforce no longer has the Bulk API query job: ${(error as Error).message}`)
    : null;
}
