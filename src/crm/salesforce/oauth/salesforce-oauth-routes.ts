import express, { type Router } from 'express';
import { type Connection, OAuth2 } from 'jsforce';
import { BatonError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { installCookie } from '../../../oauth/install-cookie.ts';
import { oauthCallbackQuerySchema } from '../../../oauth/oauth-callback-query.ts';
import type { CrmDefaults } from '../../../pipeline/crm-port.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { consumeOAuthStateNonce } from '../../../store/used-oauth-states.ts';
import { sendOAuthPage } from '../../hubspot/oauth/oauth-pages.ts';
import {
  createBrowserSecret,
  createOAuthState,
  OAUTH_STATE_TTL_MS,
  verifyOAuthState,
} from '../../hubspot/oauth/oauth-state.ts';
import { completeSalesforceInstall, type OnInstallTransaction } from './complete-salesforce-install.ts';
import { exchangeAuthorizationCode } from './salesforce-code-exchange.ts';
import { salesforceDisconnectHandler } from './salesforce-disconnect-route.ts';
import {
  badStatePage,
  CALLBACK_INCOMPLETE,
  connectedPage,
  declinedPage,
  installFailedPage,
  NOT_CONFIGURED,
} from './salesforce-install-pages.ts';
import {
  SALESFORCE_CALLBACK_PATH,
  SALESFORCE_DISCONNECT_PATH,
  SALESFORCE_INSTALL_PATH,
  SALESFORCE_SCOPES,
  type SalesforceOAuthConfig,
  salesforceAppCredentials,
  salesforceRedirectUri,
} from './salesforce-oauth-config.ts';
import { orgNameOf } from './salesforce-org-name.ts';
import { codeVerifierFor } from './salesforce-pkce.ts';

export const SALESFORCE_INSTALL_COOKIE = 'baton_salesforce_install';

export interface SalesforceOAuthDependencies {
  readonly db: Db;
  readonly cipher: TokenCipher;
  /** From `deriveOAuthStateKey(token encryption key)`. */
  readonly stateKey: Buffer;
  readonly config: SalesforceOAuthConfig;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** What a new tenant starts from, read from the org itself (its Lead statuses, say). */
  readonly defaultsFor: (conn: Connection) => Promise<CrmDefaults>;
  /** Durable work the install queues in its own transaction (e.g. a first sync). */
  readonly onInstallTransaction?: OnInstallTransaction;
  /** Bearer token the disconnect route requires; unset disables that route. */
  readonly adminToken?: string | undefined;
}

/**
 * `GET /oauth/salesforce/install` and `/callback`: the OAuth 2.0 web-server flow with PKCE
 * (Salesforce help, "OAuth 2.0 Web Server Flow for Web App Integration"), completing an org's
 * install; `POST /oauth/salesforce/disconnect` revokes and uninstalls from Baton's side.
 */
export function salesforceOAuthRouter(deps: SalesforceOAuthDependencies): Router {
  const { db, cipher, config, clock, logger } = deps;
  const app = salesforceAppCredentials(config);
  const redirectUri = salesforceRedirectUri(config);
  const cookie = installCookie({
    name: SALESFORCE_INSTALL_COOKIE,
    callbackPath: SALESFORCE_CALLBACK_PATH,
    publicBaseUrl: config.publicBaseUrl,
    maxAgeMs: OAUTH_STATE_TTL_MS,
  });

  const router = express.Router();

  router.get(SALESFORCE_INSTALL_PATH, (req, res) => {
    if (!app) return sendOAuthPage(res, NOT_CONFIGURED);
    const returnTo = localPath(req.query.returnTo);
    const browserSecret = createBrowserSecret();
    const state = createOAuthState({
      key: deps.stateKey,
      now: clock(),
      browserSecret,
      ...(returnTo === null ? {} : { returnTo }),
    });
    const oauth2 = new OAuth2({
      loginUrl: app.loginUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      useVerifier: true,
    });
    oauth2.codeVerifier = codeVerifierFor(deps.stateKey, browserSecret, state);
    cookie.set(res, browserSecret);
    const location = oauth2.getAuthorizationUrl({
      state,
      scope: SALESFORCE_SCOPES.join(' '),
      // RFC 7636 §4.3 reads a missing method as `plain`; jsforce's challenge is the SHA-256 one.
      code_challenge_method: 'S256',
    });
    res.set('cache-control', 'no-store').redirect(302, location);
  });

  router.get(SALESFORCE_CALLBACK_PATH, async (req, res) => {
    if (!app) return sendOAuthPage(res, NOT_CONFIGURED);
    const query = oauthCallbackQuerySchema.parse(req.query);
    if (query.error) return sendOAuthPage(res, declinedPage(query.error));
    if (!query.state || !query.code) return sendOAuthPage(res, CALLBACK_INCOMPLETE);
    const browserSecret = cookie.of(req);
    const verdict = verifyOAuthState(query.state, { key: deps.stateKey, now: clock(), browserSecret });
    if (!verdict.ok || browserSecret === undefined) {
      const reason = verdict.ok ? 'other_browser' : verdict.reason;
      logger.warn({ reason }, 'Salesforce install callback refused: bad state');
      return sendOAuthPage(res, badStatePage(reason));
    }
    // Used before the code is exchanged, so two callbacks racing with one state install once.
    const { nonce, expiresAt } = verdict.payload;
    if (!(await consumeOAuthStateNonce(db, nonce, new Date(expiresAt), clock()))) {
      logger.warn({ reason: 'used' }, 'Salesforce install callback refused: state already used');
      return sendOAuthPage(res, badStatePage('used'));
    }
    cookie.clear(res);
    try {
      const authorized = await exchangeAuthorizationCode(app, {
        code: query.code,
        codeVerifier: codeVerifierFor(deps.stateKey, browserSecret, query.state),
        redirectUri,
      });
      const name = await orgNameOf(authorized.conn, authorized.instanceUrl, logger);
      const defaults = await deps.defaultsFor(authorized.conn);
      const install = await completeSalesforceInstall(
        db,
        cipher,
        {
          orgId: authorized.orgId,
          name,
          grant: authorized.grant,
          installer: authorized.userId,
          actor: `salesforce-user:${authorized.userId}`,
          now: clock(),
        },
        defaults,
        deps.onInstallTransaction,
      );
      logger.info(
        {
          tenant: install.tenantId,
          orgId: install.orgId,
          outcome: install.outcome,
          adopted: install.adoptedEvents,
        },
        'Salesforce install completed',
      );
      return sendOAuthPage(res, connectedPage(install, verdict.payload.returnTo));
    } catch (error) {
      // Baton's own errors are expected outcomes (Salesforce refused or was down); others are bugs.
      logger[error instanceof BatonError ? 'warn' : 'error']({ err: error }, 'Salesforce install failed');
      return sendOAuthPage(res, installFailedPage(error));
    }
  });

  router.post(
    SALESFORCE_DISCONNECT_PATH,
    express.json({ limit: '16kb' }),
    salesforceDisconnectHandler({ db, cipher, app, clock, logger, adminToken: deps.adminToken }),
  );

  return router;
}

/** Only a path on this server, so the link shown after an install cannot lead anywhere else. */
function localPath(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 500 && /^\/(?![/\\])\S*$/.test(value) ? value : null;
}
