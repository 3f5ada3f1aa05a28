import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from '../../log.ts';
import type { ApiAllocation } from './api-allocation.ts';
import type { BulkQueryJobs } from './bulk-query-jobs.ts';
import { bulkRoutes } from './bulk-routes.ts';
import { collectionsRoutes } from './collections-routes.ts';
import { describeRoutes } from './describe-routes.ts';
import type { OAuthGrants } from './oauth-grants.ts';
import { type OAuthRouteOptions, oauthRoutes } from './oauth-routes.ts';
import type { OrgSchema } from './org-schema.ts';
import type { OrgStore } from './org-store.ts';
import { queryRoutes } from './query-routes.ts';
import type { IdFactory } from './record-ids.ts';
import { apiVersionOf, LATEST_VERSION, OLDEST_VERSION, requireApiVersion } from './rest-context.ts';
import { NOT_FOUND_MESSAGE, sendRestError } from './salesforce-errors.ts';
import { requireSession } from './session-auth.ts';
import { sobjectRoutes } from './sobject-routes.ts';
import type { QuerySource } from './soql-evaluator.ts';
import type { TrafficControl } from './traffic-control.ts';

export interface StandInAppParts {
  readonly traffic: TrafficControl;
  readonly grants: OAuthGrants;
  readonly oauth: Omit<OAuthRouteOptions, 'grants'>;
  readonly allocation: ApiAllocation;
  readonly schema: OrgSchema;
  readonly store: OrgStore;
  readonly source: QuerySource;
  readonly ids: IdFactory;
  readonly bulkJobs: BulkQueryJobs;
  readonly bulkMaxRecords: number;
  readonly logger?: Logger | undefined;
}

/** The org's HTTP surface: OAuth on the login paths, the REST API under `/services/data/vNN.0`. */
export function createStandInApp(parts: StandInAppParts) {
  const app = express();
  app.disable('x-powered-by');
  app.use(parts.traffic.middleware);
  app.use(express.json({ limit: '10mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(oauthRoutes({ ...parts.oauth, grants: parts.grants }));

  app.get('/services/data', (_request, response) => {
    const versions = [];
    for (let major = OLDEST_VERSION; major <= LATEST_VERSION; major += 1) {
      versions.push({ label: `API ${major}.0`, url: `/services/data/v${major}.0`, version: `${major}.0` });
    }
    response.json(versions);
  });

  const rest = Router({ mergeParams: true });
  rest.use(requireSession(parts.grants), parts.allocation.middleware);
  rest.get('/', (_request, response) => {
    const base = `/services/data/v${apiVersionOf(response)}`;
    response.json({
      limits: `${base}/limits`,
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      composite: `${base}/composite`,
      jobs: `${base}/jobs`,
    });
  });
  rest.use(parts.allocation.limitsRouter);
  rest.use(queryRoutes({ schema: parts.schema, source: parts.source, ids: parts.ids }));
  rest.use(describeRoutes(parts.schema));
  rest.use(collectionsRoutes({ store: parts.store, schema: parts.schema }));
  rest.use(sobjectRoutes({ schema: parts.schema, store: parts.store, source: parts.source }));
  rest.use(bulkRoutes({ jobs: parts.bulkJobs, defaultMaxRecords: parts.bulkMaxRecords }));
  app.use('/services/data/:version', requireApiVersion, rest);

  app.use((_request: Request, response: Response) =>
    sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE),
  );
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 400)
      return sendRestError(response, 400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON.');
    if (status === 413)
      return sendRestError(response, 413, 'REQUEST_TOO_LARGE', 'The request body is too large.');
    parts.logger?.error({ err: error }, 'Salesforce stand-in route failed');
    sendRestError(response, 500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred in the stand-in org.');
  });
  return app;
}
