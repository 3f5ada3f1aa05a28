import type { Router } from 'express';
import { hubspotWebhookRouter } from '../../../webhooks/hubspot/hubspot-webhook-route.ts';
import type { Environment } from '../../config/environment.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/database.ts';
import type { TokenCipher } from '../../store/token-cipher.ts';
import type { HandlerRegistry } from '../../worker/handler-registry.ts';
import { bootstrapProperties } from './api/bootstrap-properties.ts';
import { createHubSpotClient } from './api/hubspot-client.ts';
import type { HubSpotHttp } from './api/hubspot-http.ts';
import { createHubSpotRecordsApi } from './api/hubspot-records-api.ts';
import { HUBSPOT_EVENT } from './intake/hubspot-event-kind.ts';
import { hubSpotWebhookConfig } from './intake/hubspot-webhook-config.ts';
import { hubSpotOAuthConfig } from './oauth/hubspot-oauth-config.ts';
import { hubspotOAuthRouter } from './oauth/hubspot-oauth-routes.ts';
import { deriveOAuthStateKey } from './oauth/oauth-state.ts';
import { createHubSpotEventHandler } from './sync/hubspot-event-handler.ts';
import type { HubSpotRecordsPort } from './sync/hubspot-records-port.ts';
import { createHubSpotWritebackHandler, HUBSPOT_WRITEBACK } from './sync/hubspot-writeback-handler.ts';

export interface HubSpotIntegration {
  readonly routers: readonly Router[];
  /** Adds the HubSpot sync handlers to the worker's registry. */
  register(handlers: HandlerRegistry): HandlerRegistry;
  /** The CRM client, absent when the app's credentials are not configured. */
  readonly http: HubSpotHttp | null;
}

/**
 * Everything HubSpot, composed once from the environment: install and webhook routes, the token
 * provider shared by the routes and the CRM client, the portal-wide rate limit kept in PostgreSQL,
 * and the worker handlers. Without client credentials the routes still answer (install explains
 * what to configure, webhooks fail verification) and nothing calls HubSpot.
 */
export function createHubSpotIntegration(deps: {
  env: Environment;
  db: Db;
  cipher: TokenCipher;
  encryptionKey: string;
  logger: Logger;
  clock?: () => Date;
  fetch?: typeof fetch;
}): HubSpotIntegration {
  const { env, db, cipher, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const withFetch = deps.fetch ? { fetch: deps.fetch } : {};
  const oauthConfig = hubSpotOAuthConfig(env);
  const client = createHubSpotClient({ env, db, cipher, logger, clock, ...withFetch });
  const http = client?.http ?? null;
  const tokenProvider = client?.tokens;
  const records: HubSpotRecordsPort | null = http ? createHubSpotRecordsApi(http) : null;

  const onInstalled = async (tenantId: string) => {
    if (!http) return;
    const report = await bootstrapProperties(http, tenantId, { objectTypes: ['contacts', 'leads'] });
    logger.info({ tenant: tenantId, report }, 'HubSpot properties bootstrapped');
  };

  return {
    http,
    routers: [
      hubspotOAuthRouter({
        db,
        cipher,
        stateKey: deriveOAuthStateKey(Buffer.from(deps.encryptionKey, 'base64')),
        config: oauthConfig,
        clock,
        logger,
        adminToken: env.BATON_ADMIN_TOKEN,
        onInstalled,
        ...(tokenProvider ? { tokenProvider } : {}),
        ...withFetch,
      }),
      hubspotWebhookRouter({ db, config: hubSpotWebhookConfig(env), clock, logger }),
    ],
    register(handlers) {
      if (!records) return handlers;
      return handlers
        .on(HUBSPOT_EVENT, createHubSpotEventHandler({ db, records }))
        .on(HUBSPOT_WRITEBACK, createHubSpotWritebackHandler({ db, records, logger }));
    },
  };
}
