import type { Environment } from '../../config/environment.ts';
import type { CrmAdapter } from '../../pipeline/crm-port.ts';
import { bootstrapProperties } from './api/bootstrap-properties.ts';
import { createHubSpotClient } from './api/hubspot-client.ts';
import { createHubSpotRecordsApi } from './api/hubspot-records-api.ts';
import { runHubSpotBackfillCommand } from './backfill/backfill-command.ts';
import { HUBSPOT_DEFAULTS } from './hubspot-install-defaults.ts';
import { hubSpotOAuthConfig } from './oauth/hubspot-oauth-config.ts';
import { hubspotOAuthRouter } from './oauth/hubspot-oauth-routes.ts';
import { deriveOAuthStateKey } from './oauth/oauth-state.ts';
import { createHubSpotSync } from './sync/hubspot-sync.ts';
import { scheduleHubSpotSlaSweep } from './sync/sla-sweep.ts';

/**
 * Everything HubSpot, composed once from the environment: the install routes, the token
 * provider shared by the routes and the CRM client, the portal-wide rate limit kept in
 * PostgreSQL, and the sync. Without client credentials the routes still answer (install explains
 * what to configure, webhooks fail verification) and nothing calls HubSpot.
 */
export const hubspotAdapter: CrmAdapter<Environment> = {
  crm: 'hubspot',
  defaults: HUBSPOT_DEFAULTS,
  connect(context) {
    const { env, db, cipher, logger, clock } = context;
    const withFetch = context.fetch ? { fetch: context.fetch } : {};
    const client = createHubSpotClient({ env, db, cipher, logger, clock, ...withFetch });
    const http = client?.http ?? null;
    const tokenProvider = client?.tokens;

    const onInstalled = async (tenantId: string) => {
      if (!http) return;
      const report = await bootstrapProperties(http, tenantId, { objectTypes: ['contacts', 'leads'] });
      logger.info({ tenant: tenantId, report }, 'HubSpot properties bootstrapped');
    };

    return {
      routers: [
        hubspotOAuthRouter({
          db,
          cipher,
          stateKey: deriveOAuthStateKey(Buffer.from(context.encryptionKey, 'base64')),
          config: hubSpotOAuthConfig(env),
          clock,
          logger,
          adminToken: env.BATON_ADMIN_TOKEN,
          onInstalled,
          ...(tokenProvider ? { tokenProvider } : {}),
          ...withFetch,
        }),
      ],
      sync: http ? createHubSpotSync({ db, records: createHubSpotRecordsApi(http) }) : null,
      schedules: [(database, log) => scheduleHubSpotSlaSweep(database, log)],
    };
  },
  async backfill(run, args) {
    const outcome = await runHubSpotBackfillCommand(run, { portal: args.account, restart: args.restart });
    return { interrupted: outcome.kind === 'interrupted' };
  },
};
