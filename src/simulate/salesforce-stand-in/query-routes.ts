import { type Request, type Response, Router } from 'express';
import type { OrgSchema } from './org-schema.ts';
import { createQueryCursors, type QueryPage } from './query-cursors.ts';
import type { IdFactory } from './record-ids.ts';
import type { RenderedRecord } from './record-render.ts';
import { apiVersionOf } from './rest-context.ts';
import { sendRestError } from './salesforce-errors.ts';
import { executeSoql } from './soql-engine.ts';
import { SoqlError } from './soql-error.ts';
import type { QuerySource } from './soql-evaluator.ts';

export const DEFAULT_BATCH_SIZE = 2000;

/** `Sforce-Query-Options: batchSize=500` asks for smaller batches (200 to 2000). */
function batchSizeOf(request: Request): number {
  const asked = /batchSize\s*=\s*(\d+)/i.exec(request.get('sforce-query-options') ?? '')?.[1];
  const size = asked === undefined ? DEFAULT_BATCH_SIZE : Number(asked);
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(200, size));
}

/** `GET /query?q=` and `/queryAll?q=` (deleted records too), with `nextRecordsUrl` paging. */
export function queryRoutes(options: {
  readonly schema: OrgSchema;
  readonly source: QuerySource;
  readonly ids: IdFactory;
}) {
  const cursors = createQueryCursors<RenderedRecord>(options.ids);
  const router = Router({ mergeParams: true });

  const answer = (response: Response, resource: string, page: QueryPage<RenderedRecord>) => {
    const version = apiVersionOf(response);
    response.json({
      totalSize: page.total,
      done: page.nextLocator === null,
      ...(page.nextLocator === null
        ? {}
        : { nextRecordsUrl: `/services/data/v${version}/${resource}/${page.nextLocator}` }),
      records: page.records,
    });
  };

  for (const resource of ['query', 'queryAll'] as const) {
    router.get(`/${resource}`, (request, response) => {
      const text = request.query.q;
      if (typeof text !== 'string' || text.trim() === '') {
        sendRestError(response, 400, 'MALFORMED_QUERY', 'A query string has to be specified');
        return;
      }
      try {
        const result = executeSoql(options.schema, options.source, text, {
          version: apiVersionOf(response),
          includeDeleted: resource === 'queryAll',
        });
        if (result.query.select === null) {
          response.json({ totalSize: result.totalSize, done: true, records: [] });
          return;
        }
        answer(response, resource, cursors.open(result.records, batchSizeOf(request)));
      } catch (error) {
        if (!(error instanceof SoqlError)) throw error;
        sendRestError(response, 400, error.errorCode, error.message);
      }
    });
    router.get(`/${resource}/:locator`, (request, response) => {
      const page = cursors.next(String(request.params.locator));
      if (!page) {
        sendRestError(response, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        return;
      }
      answer(response, resource, page);
    });
  }
  return router;
}
