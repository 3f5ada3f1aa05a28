import express, { type Router } from 'express';
import { BatonError, UpstreamUnavailableError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { oauthCallbackQuerySchema } from '../../../oauth/oauth-callback-query.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { consumeOAuthStateNonce } from '../../../store/used-oauth-states.ts';
import { canonicalHubSpotId } from '../intake/hubspot-event-schema.ts';
import { completeHubSpotInstall } from './complete-hubspot-install.ts';
import { hubspotDisconnectHandler } from './hubspot-disconnect-route.ts';
import {
  badStatePage,
  CALLBACK_INCOMPLETE,
  connectedPage,
  declinedPage,
  installFailedPage,
  NOT_CONFIGURED,
} from './hubspot-install-pages.ts';
import {
  HUBSPOT_CALLBACK_PATH,
  HUBSPOT_DISCONNECT_PATH,
  HUBSPOT_INSTALL_PATH,
  type HubSpotOAuthConfig,
  hubSpotAppCredentials,
  hubSpotAuthorizeUrl,
  hubSpotRedirectUri,
} from './hubspot-oauth-config.ts';
import {
  exchangeAuthorizationCode,
  type HubSpotTokenGrant,
  type HubSpotTokenIdentity,
  introspectAccessToken,
  type TokenEndpointOptions,
} from './hubspot-token-endpoint.ts';
import { createHubSpotTokenProvider, type HubSpotTokenProvider } from './hubspot-token-provider.ts';
import { clearInstallCookie, installCookieOf, setInstallCookie } from './install-cookie.ts';
import { sendOAuthPage } from './oauth-pages.ts';
import { createBrowserSecret, createOAuthState, verifyOAuthState } from './oauth-state.ts';

export interface HubSpotOAuthDependencies {
  readonly db: Db;
  readonly cipher: TokenCipher;
  /** From `deriveOAuthStateKey(token encryption key)`. */
  readonly stateKey: Buffer;
  readonly config: HubSpotOAuthConfig;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** Bearer token the disconnect route requires; unset disables that route. */
  readonly adminToken?: string | undefined;
  /** Shared with the CRM client when given; otherwise the router makes its own. */
  readonly tokenProvider?: HubSpotTokenProvider;
}

/**
 * `GET /oauth/hubspot/install` and `/callback` complete a marketplace install;
 * `POST /oauth/hubspot/disconnect` uninstalls from Baton's side.
 */
export function hubspotOAuthRouter(deps: HubSpotOAuthDependencies): Router {
  const { db, cipher, config, clock, logger } = deps;
  const app = hubSpotAppCredentials(config);
  const redirectUri = hubSpotRedirectUri(config);
  const withFetch = deps.fetch === undefined ? {} : { fetch: deps.fetch };
  const endpoint: TokenEndpointOptions | null = app ? { app, clock, ...withFetch } : null;
  const tokens =
    deps.tokenProvider ??
    (app ? createHubSpotTokenProvider({ db, cipher, config: app, clock, logger, ...withFetch }) : null);

  const router = express.Router();

  router.get(HUBSPOT_INSTALL_PATH, (req, res) => {
    if (!app) return sendOAuthPage(res, NOT_CONFIGURED);
    const returnTo = localPath(req.query.returnTo);
    const browserSecret = createBrowserSecret();
    const state = createOAuthState({
      key: deps.stateKey,
      now: clock(),
      browserSecret,
      ...(returnTo === null ? {} : { returnTo }),
    });
    setInstallCookie(res, config.publicBaseUrl, browserSecret);
    const location = hubSpotAuthorizeUrl(config, { clientId: app.clientId, redirectUri, state });
    res.set('cache-control', 'no-store').redirect(302, location);
  });

  router.get(HUBSPOT_CALLBACK_PATH, async (req, res) => {
    if (!endpoint) return sendOAuthPage(res, NOT_CONFIGURED);
    const query = oauthCallbackQuerySchema.parse(req.query);
    if (query.error) return sendOAuthPage(res, declinedPage(query.error));
    if (!query.state || !query.code) return sendOAuthPage(res, CALLBACK_INCOMPLETE);
    const verdict = verifyOAuthState(query.state, {
      key: deps.stateKey,
      now: clock(),
      browserSecret: installCookieOf(req),
    });
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason }, 'HubSpot install callback refused: bad state');
      return sendOAuthPage(res, badStatePage(verdict.reason));
    }
    // Used before the code is exchanged, so two callbacks racing with one state install once.
    const { nonce, expiresAt } = verdict.payload;
    if (!(await consumeOAuthStateNonce(db, nonce, new Date(expiresAt), clock()))) {
      logger.warn({ reason: 'used' }, 'HubSpot install callback refused: state already used');
      return sendOAuthPage(res, badStatePage('used'));
    }
    clearInstallCookie(res, config.publicBaseUrl);
    try {
      const grant = await exchangeAuthorizationCode(endpoint, { code: query.code, redirectUri });
      const account = await accountOf(grant, endpoint);
      const install = await completeHubSpotInstall(db, cipher, {
        hubId: account.hubId,
        name: account.hubDomain ?? `HubSpot portal ${account.hubId}`,
        grant,
        installer: grant.userId ?? null,
        actor: grant.userId ? `hubspot-user:${grant.userId}` : 'hubspot-install',
        now: clock(),
      });
      logger.info(
        {
          tenant: install.tenantId,
          hubId: install.hubId,
          outcome: install.outcome,
          adopted: install.adoptedEvents,
        },
        'HubSpot install completed',
      );
      return sendOAuthPage(res, connectedPage(install, verdict.payload.returnTo));
    } catch (error) {
      // Baton's own errors are expected outcomes (HubSpot refused or was down); others are bugs.
      logger[error instanceof BatonError ? 'warn' : 'error']({ err: error }, 'HubSpot install failed');
      return sendOAuthPage(res, installFailedPage(error));
    }
  });

  router.post(
    HUBSPOT_DISCONNECT_PATH,
    express.json({ limit: '16kb' }),
    hubspotDisconnectHandler({
      db,
      tokens,
      apiBaseUrl: config.apiBaseUrl,
      clock,
      logger,
      adminToken: deps.adminToken,
      ...withFetch,
    }),
  );

  return router;
}

/** The account the grant is for, its hub id in the canonical form webhooks name it by. */
async function accountOf(
  grant: HubSpotTokenGrant,
  endpoint: TokenEndpointOptions,
): Promise<HubSpotTokenIdentity> {
  const account = grant.hubId
    ? { hubId: grant.hubId, hubDomain: null, userId: grant.userId, userEmail: null }
    : await introspectAccessToken(endpoint, grant.accessToken);
  const hubId = canonicalHubSpotId(account.hubId);
  if (hubId === null)
    throw new UpstreamUnavailableError('HubSpot named the installed account with an invalid hub id');
  return { ...account, hubId };
}

/** Only a path on this server, so the link shown after an install cannot lead anywhere else. */
function localPath(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 500 && /^\/(?![/\\])\S*$/.test(value) ? value : null;
}
