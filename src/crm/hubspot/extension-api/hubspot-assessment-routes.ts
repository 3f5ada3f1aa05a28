import express, { type Router } from 'express';
import { assessmentsRouter } from '../../../api/assessments/assessment-routes.ts';
import {
  type HubSpotExtensionDependencies,
  hubspotSignedCallers,
  jsonBodyOf,
} from './hubspot-signed-caller.ts';

export const HUBSPOT_ASSESSMENTS_PATH = '/api/hubspot/assessments';

/** The assessments API behind `hubspot.fetch`, for the settings page: tenant and caller from the signature. */
export function hubspotAssessmentsRouter(deps: HubSpotExtensionDependencies): Router {
  const { callerOf, actorFor } = hubspotSignedCallers(deps);
  const router = express.Router();
  router.use(
    HUBSPOT_ASSESSMENTS_PATH,
    express.raw({ type: () => true, limit: '16kb' }),
    assessmentsRouter({
      db: deps.db,
      clock: deps.clock,
      publicBaseUrl: deps.config.publicBaseUrl,
      async callerOf(req) {
        const { tenant, userId, rawBody } = await callerOf(req);
        return { tenant, actor: await actorFor(tenant, userId), body: jsonBodyOf(rawBody) };
      },
    }),
  );
  return router;
}
