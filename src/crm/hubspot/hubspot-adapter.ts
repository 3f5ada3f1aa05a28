import type { Environment } from '../../config/environment.ts';
import { deriveConsoleSessionKey } from '../../console/console-sessions.ts';
import { consoleSignIn } from '../../console/console-sign-in.ts';
import { personName } from '../../core/person-name.ts';
import type { CrmAdapter } from '../../pipeline/crm-port.ts';
import { createHubSpotClient } from './api/hubspot-client.ts';
import { createHubSpotRecordsApi } from './api/hubspot-records-api.ts';
import { runHubSpotBackfillCommand } from './backfill/backfill-command.ts';
import { HUBSPOT_DEFAULTS } from './defaults/hubspot-defaults.ts';
import { hubspotAssessmentsRouter } from './extension-api/hubspot-assessment-routes.ts';
import { hubspotCardRouter } from './extension-api/hubspot-card-routes.ts';
import { createHubSpotCardUsers, createHubSpotOwnerNames } from './extension-api/hubspot-card-user.ts';
import { hubspotReportsRouter } from './extension-api/hubspot-report-routes.ts';
import { hubspotSettingsRouter } from './extension-api/hubspot-settings-routes.ts';
import { hubSpotWebhookConfig } from './intake/hubspot-webhook-config.ts';
import { watchedContactProperties } from './intake/hubspot-webhook-subscriptions.ts';
import { HUBSPOT_INSTALL_PATH, hubSpotOAuthConfig } from './oauth/hubspot-oauth-config.ts';
import { hubspotOAuthRouter } from './oauth/hubspot-oauth-routes.ts';
import { hubspotSignInRouter } from './oauth/hubspot-sign-in-routes.ts';
import { deriveOAuthStateKey } from './oauth/oauth-state.ts';
import { createHubSpotBootstrapHandler } from './sync/hubspot-bootstrap-handler.ts';
import { HUBSPOT_BOOTSTRAP } from './sync/hubspot-bootstrap-item.ts';
import { queueHubSpotSchemaUpgrades } from './sync/hubspot-schema-upgrades.ts';
import { createHubSpotSync } from './sync/hubspot-sync.ts';

/**
 * Everything HubSpot, composed once from the environment: the install routes, the token
 * provider shared by the routes and the CRM client, the portal-wide rate limit kept in
 * PostgreSQL, the sync, the durable property bootstrap and its start-up upgrade. Without client credentials the routes still answer (install explains
 * what to configure, webhooks fail verification) and nothing calls HubSpot.
 */
export const hubspotAdapter: CrmAdapter<Environment> = {
  crm: 'hubspot',
  defaults: HUBSPOT_DEFAULTS,
  connect(context) {
    const { env, db, cipher, logger, clock } = context;
    const withFetch = context.fetch ? { fetch: context.fetch } : {};
    const withSleep = context.sleep ? { sleep: context.sleep } : {};
    const client = createHubSpotClient({ env, db, cipher, logger, clock, ...withFetch, ...withSleep });
    const http = client?.http ?? null;
    const tokenProvider = client?.tokens;
    const userOf = http ? createHubSpotCardUsers(http, clock) : null;
    const stateKey = deriveOAuthStateKey(Buffer.from(context.encryptionKey, 'base64'));
    const extension = {
      db,
      config: hubSpotWebhookConfig(env),
      userOf,
      ownerNameOf: http ? createHubSpotOwnerNames(http, logger, clock) : null,
      clock,
      logger,
    };

    return {
      routers: [
        hubspotCardRouter(extension),
        hubspotSettingsRouter(extension),
        hubspotReportsRouter(extension),
        hubspotAssessmentsRouter(extension),
        hubspotOAuthRouter({
          db,
          cipher,
          stateKey,
          config: hubSpotOAuthConfig(env),
          clock,
          logger,
          adminToken: env.BATON_ADMIN_TOKEN,
          ...(tokenProvider ? { tokenProvider } : {}),
          ...withFetch,
        }),
        hubspotSignInRouter({
          db,
          stateKey,
          config: hubSpotOAuthConfig(env),
          clock,
          logger,
          userOf,
          signIn: consoleSignIn({
            db,
            sessionKey: deriveConsoleSessionKey(Buffer.from(context.encryptionKey, 'base64')),
            publicBaseUrl: env.PUBLIC_BASE_URL,
            clock,
            crm: 'hubspot',
            accountNoun: 'HubSpot portal',
            installPath: HUBSPOT_INSTALL_PATH,
          }),
          ...withFetch,
        }),
      ],
      console: {
        defaults: HUBSPOT_DEFAULTS,
        recordObjectType: 'contacts',
        watchedProperties: watchedContactProperties(),
        nameOf: (properties) => personName(properties.firstname, properties.lastname, properties.email),
      },
      sync: http ? createHubSpotSync({ db, records: createHubSpotRecordsApi(http), logger }) : null,
      register(handlers) {
        if (http) handlers.on(HUBSPOT_BOOTSTRAP, createHubSpotBootstrapHandler({ db, http, logger }));
      },
      // Without a client nothing could run the bootstraps, and nothing calls HubSpot anyway.
      async startUp() {
        if (!http) return;
        const upgrades = await queueHubSpotSchemaUpgrades(db, clock());
        if (upgrades > 0)
          logger.info({ portals: upgrades }, 'HubSpot property bootstraps queued for an upgrade');
      },
    };
  },
  async backfill(run, args) {
    const outcome = await runHubSpotBackfillCommand(run, { portal: args.account, restart: args.restart });
    return { interrupted: outcome.kind === 'interrupted' };
  },
};
