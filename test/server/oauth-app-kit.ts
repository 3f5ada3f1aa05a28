import {
  HUBSPOT_OPTIONAL_SCOPES,
  HUBSPOT_SCOPES,
  type HubSpotOAuthConfig,
} from '../../src/crm/hubspot/oauth/hubspot-oauth-config.ts';
import { hubspotOAuthRouter } from '../../src/crm/hubspot/oauth/hubspot-oauth-routes.ts';
import { deriveOAuthStateKey } from '../../src/crm/hubspot/oauth/oauth-state.ts';
import type { Logger } from '../../src/log.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import type { TestStore } from '../store/harness.ts';

export const CONFIGURED: HubSpotOAuthConfig = {
  clientId: 'baton-client-id',
  clientSecret: 'hubspot-client-secret-77c1',
  publicBaseUrl: 'https://baton.example.com/',
  apiBaseUrl: 'https://api.hubapi.test',
  authorizeUrl: 'https://app.hubspot.test/oauth/authorize',
  scopes: HUBSPOT_SCOPES,
  optionalScopes: HUBSPOT_OPTIONAL_SCOPES,
};

/** Baton's app with its real HubSpot OAuth routes on an ephemeral port. */
export async function serveOAuthApp(options: {
  store: TestStore;
  logger: Logger;
  config?: HubSpotOAuthConfig;
  adminToken?: string;
  clock?: () => Date;
}): Promise<{ server: RunningServer; base: string }> {
  const encryptionKey = generateEncryptionKey();
  const router = hubspotOAuthRouter({
    db: options.store.db,
    cipher: createTokenCipher(encryptionKey),
    stateKey: deriveOAuthStateKey(Buffer.from(encryptionKey, 'base64')),
    config: options.config ?? CONFIGURED,
    clock: options.clock ?? (() => new Date()),
    logger: options.logger,
    adminToken: options.adminToken,
  });
  const app = createApp({
    logger: options.logger,
    pingStore: options.store.ping,
    engine: options.store.engine,
    version: 'test',
    routers: [router],
  });
  const server = await startHttpServer(app, 0, '127.0.0.1');
  return { server, base: `http://127.0.0.1:${server.port}` };
}
