import express, { type Router } from 'express';
import { settingsRouter } from '../../../api/settings/settings-routes.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { watchedContactProperties } from '../intake/hubspot-webhook-subscriptions.ts';
import {
  type HubSpotExtensionDependencies,
  hubspotSignedCallers,
  jsonBodyOf,
} from './hubspot-signed-caller.ts';

export const HUBSPOT_SETTINGS_PATH = '/api/hubspot/settings';

/** The settings API behind `hubspot.fetch`, for the app's settings page: tenant and caller from the signature. */
export function hubspotSettingsRouter(deps: HubSpotExtensionDependencies): Router {
  const { callerOf, actorFor } = hubspotSignedCallers(deps);
  const router = express.Router();
  router.use(
    HUBSPOT_SETTINGS_PATH,
    express.raw({ type: () => true, limit: '256kb' }),
    settingsRouter({
      db: deps.db,
      defaults: HUBSPOT_DEFAULTS,
      recordObjectType: 'contacts',
      watchedProperties: watchedContactProperties(),
      clock: deps.clock,
      async callerOf(req) {
        const { tenant, userId, rawBody } = await callerOf(req);
        return { tenant, actor: await actorFor(tenant, userId), body: jsonBodyOf(rawBody) };
      },
    }),
  );
  return router;
}
