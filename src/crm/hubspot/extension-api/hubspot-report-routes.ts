import express, { type Router } from 'express';
import { reportsRouter } from '../../../api/reports/report-routes.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { type HubSpotExtensionDependencies, hubspotSignedCallers } from './hubspot-signed-caller.ts';

export const HUBSPOT_REPORTS_PATH = '/api/hubspot/reports';

/** What `hubspot.fetch` appends to every request's query to say who calls. */
const HUBSPOT_CALLER_PARAMETERS = ['portalId', 'userId', 'userEmail', 'appId'];

/** The reports API behind `hubspot.fetch`, for the settings page: the tenant comes from the signature. */
export function hubspotReportsRouter(deps: HubSpotExtensionDependencies): Router {
  const { callerOf } = hubspotSignedCallers(deps);
  const router = express.Router();
  router.use(
    HUBSPOT_REPORTS_PATH,
    express.raw({ type: () => true, limit: '16kb' }),
    reportsRouter({
      db: deps.db,
      defaults: HUBSPOT_DEFAULTS,
      clock: deps.clock,
      ownParameters: HUBSPOT_CALLER_PARAMETERS,
      async tenantOf(req) {
        return (await callerOf(req)).tenant;
      },
    }),
  );
  return router;
}
