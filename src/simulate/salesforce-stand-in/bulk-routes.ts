import { type Response, Router } from 'express';
import type { BulkQueryJobs, JobOutcome } from './bulk-query-jobs.ts';
import { apiVersionOf } from './rest-context.ts';
import { sendRestError } from './salesforce-errors.ts';
import { sessionOf } from './session-auth.ts';

function answer<T>(response: Response, outcome: JobOutcome<T>, status = 200): void {
  if (outcome.ok) response.status(status).json(outcome.value);
  else sendRestError(response, outcome.status, outcome.errorCode, outcome.message);
}

/** Bulk API 2.0 query: `/jobs/query` create, list, status, abort, delete and CSV results. */
export function bulkRoutes(options: { readonly jobs: BulkQueryJobs; readonly defaultMaxRecords: number }) {
  const { jobs } = options;
  const router = Router({ mergeParams: true });

  router.post('/jobs/query', (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    answer(
      response,
      jobs.create(
        body as { operation: unknown; query: unknown },
        sessionOf(response).userId,
        apiVersionOf(response),
      ),
    );
  });
  router.get('/jobs/query', (_request, response) => {
    response.json({ done: true, records: jobs.list(), nextRecordsUrl: null });
  });
  router.get('/jobs/query/:id', (request, response) =>
    answer(response, jobs.check(String(request.params.id))),
  );
  router.patch('/jobs/query/:id', (request, response) => {
    if (request.body?.state !== 'Aborted') {
      return sendRestError(
        response,
        400,
        'INVALIDJOB',
        'InvalidJob : a query job can only be set to Aborted',
      );
    }
    answer(response, jobs.abort(String(request.params.id)));
  });
  router.delete('/jobs/query/:id', (request, response) => {
    if (!jobs.remove(String(request.params.id))) {
      return sendRestError(response, 404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    response.status(204).end();
  });
  router.get('/jobs/query/:id/results', (request, response) => {
    const { locator, maxRecords } = request.query;
    const max = maxRecords === undefined ? options.defaultMaxRecords : Number(maxRecords);
    if (!Number.isInteger(max) || max < 1) {
      return sendRestError(
        response,
        400,
        'INVALIDQUERYPARAMETER',
        `maxRecords must be a positive whole number, not ${String(maxRecords)}`,
      );
    }
    const outcome = jobs.results(String(request.params.id), {
      locator: typeof locator === 'string' && locator !== '' ? locator : undefined,
      maxRecords: max,
      apiVersion: apiVersionOf(response),
    });
    if (!outcome.ok) return sendRestError(response, outcome.status, outcome.errorCode, outcome.message);
    response
      .status(200)
      .set({
        'Content-Type': 'text/csv; charset=UTF-8',
        'Sforce-Locator': outcome.value.nextLocator,
        'Sforce-NumberOfRecords': String(outcome.value.count),
      })
      .send(outcome.value.csv);
  });
  return router;
}
