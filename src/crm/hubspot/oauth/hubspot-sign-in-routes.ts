import express, { type Router } from 'express';
import { CONSOLE_SIGN_IN_PATH, type ConsoleSignIn } from '../../../console/console-sign-in.ts';
import { BatonError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { installCookie } from '../../../oauth/install-cookie.ts';
import { oauthCallbackQuerySchema } from '../../../oauth/oauth-callback-query.ts';
import type { Db } from '../../../store/database.ts';
import { consumeOAuthStateNonce } from '../../../store/used-oauth-states.ts';
import type { HubSpotCardUser } from '../extension-api/hubspot-card-user.ts';
import { canonicalHubSpotId } from '../intake/hubspot-event-schema.ts';
import {
  type HubSpotOAuthConfig,
  hubSpotAppCredentials,
  hubSpotAuthorizeUrl,
} from './hubspot-oauth-config.ts';
import { exchangeAuthorizationCode, introspectAccessToken } from './hubspot-token-endpoint.ts';
import {
  createBrowserSecret,
  createOAuthState,
  OAUTH_STATE_TTL_MS,
  verifyOAuthState,
} from './oauth-state.ts';

export const HUBSPOT_SIGN_IN_PATH = `${CONSOLE_SIGN_IN_PATH}/hubspot`;
export const HUBSPOT_SIGN_IN_CALLBACK_PATH = `${HUBSPOT_SIGN_IN_PATH}/callback`;

export interface HubSpotSignInDependencies {
  readonly db: Db;
  readonly stateKey: Buffer;
  readonly config: HubSpotOAuthConfig;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly signIn: ConsoleSignIn;
  /** The user's teams, through Baton's own token for the portal; null without a HubSpot client. */
  readonly userOf: ((tenantId: string, userId: string) => Promise<HubSpotCardUser>) | null;
  readonly fetch?: typeof fetch;
}

/**
 * `GET /console/sign-in/hubspot` and its callback: the console's sign-in through HubSpot's OAuth.
 * The user is whoever HubSpot's token introspection names for the code, and the tenant the portal
 * they authorised; the grant itself is dropped, since Baton already holds the portal's install.
 */
export function hubspotSignInRouter(deps: HubSpotSignInDependencies): Router {
  const { db, config, clock, logger, signIn } = deps;
  const app = hubSpotAppCredentials(config);
  const redirectUri = `${config.publicBaseUrl.replace(/\/+$/, '')}${HUBSPOT_SIGN_IN_CALLBACK_PATH}`;
  const cookie = installCookie({
    name: 'baton_hubspot_sign_in',
    callbackPath: HUBSPOT_SIGN_IN_CALLBACK_PATH,
    publicBaseUrl: config.publicBaseUrl,
    maxAgeMs: OAUTH_STATE_TTL_MS,
  });
  const notConfigured =
    'Sign-in with HubSpot is not set up on this Baton: its operator sets HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET.';
  const router = express.Router();

  router.get(HUBSPOT_SIGN_IN_PATH, (_req, res) => {
    if (!app) return signIn.refuse(res, notConfigured);
    const browserSecret = createBrowserSecret();
    const state = createOAuthState({ key: deps.stateKey, now: clock(), browserSecret });
    cookie.set(res, browserSecret);
    const location = hubSpotAuthorizeUrl(config, { clientId: app.clientId, redirectUri, state });
    res.set('cache-control', 'no-store').redirect(302, location);
  });

  router.get(HUBSPOT_SIGN_IN_CALLBACK_PATH, async (req, res) => {
    if (!app) return signIn.refuse(res, notConfigured);
    const query = oauthCallbackQuerySchema.parse(req.query);
    if (query.error) return signIn.refuse(res, `HubSpot did not sign you in (${query.error}). Try again.`);
    const browserSecret = cookie.of(req);
    const verdict =
      query.state && query.code
        ? verifyOAuthState(query.state, { key: deps.stateKey, now: clock(), browserSecret })
        : ({ ok: false, reason: 'malformed' } as const);
    const again = 'Start the sign-in again from this browser.';
    if (!verdict.ok || !query.code) {
      logger.warn({ reason: verdict.ok ? 'no_code' : verdict.reason }, 'HubSpot sign-in refused: bad state');
      return signIn.refuse(res, `The sign-in could not be verified. ${again}`);
    }
    if (
      !(await consumeOAuthStateNonce(db, verdict.payload.nonce, new Date(verdict.payload.expiresAt), clock()))
    ) {
      return signIn.refuse(res, `This sign-in was completed already. ${again}`);
    }
    cookie.clear(res);
    const endpoint = { app, clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
    try {
      const grant = await exchangeAuthorizationCode(endpoint, { code: query.code, redirectUri });
      const identity = await introspectAccessToken(endpoint, grant.accessToken);
      const hubId = canonicalHubSpotId(identity.hubId);
      const userId = identity.userId ?? grant.userId;
      if (hubId === null || userId === null) {
        return signIn.refuse(res, 'HubSpot did not say which user and portal signed in. Try again.');
      }
      await signIn.complete(res, {
        account: hubId,
        user: { id: userId, name: null, email: identity.userEmail },
        teamsOf: async (tenant) => (deps.userOf ? (await deps.userOf(tenant.id, userId)).teamIds : []),
      });
    } catch (error) {
      logger[error instanceof BatonError ? 'warn' : 'error']({ err: error }, 'HubSpot sign-in failed');
      signIn.refuse(res, 'HubSpot could not complete the sign-in just now. Try again in a minute.');
    }
  });
  return router;
}
