import express, { type Router } from 'express';
import { type Connection, OAuth2 } from 'jsforce';
import { z } from 'zod';
import { CONSOLE_SIGN_IN_PATH, type ConsoleSignIn } from '../../../console/console-sign-in.ts';
import { BatonError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { installCookie } from '../../../oauth/install-cookie.ts';
import { oauthCallbackQuerySchema } from '../../../oauth/oauth-callback-query.ts';
import type { Db } from '../../../store/database.ts';
import { consumeOAuthStateNonce } from '../../../store/used-oauth-states.ts';
import {
  createBrowserSecret,
  createOAuthState,
  OAUTH_STATE_TTL_MS,
  verifyOAuthState,
} from '../../hubspot/oauth/oauth-state.ts';
import { revokeSalesforceToken } from './disconnect-salesforce-tenant.ts';
import { exchangeAuthorizationCode } from './salesforce-code-exchange.ts';
import {
  SALESFORCE_SCOPES,
  type SalesforceOAuthConfig,
  salesforceAppCredentials,
} from './salesforce-oauth-config.ts';
import { codeVerifierFor } from './salesforce-pkce.ts';

export const SALESFORCE_SIGN_IN_PATH = `${CONSOLE_SIGN_IN_PATH}/salesforce`;
export const SALESFORCE_SIGN_IN_CALLBACK_PATH = `${SALESFORCE_SIGN_IN_PATH}/callback`;

export interface SalesforceSignInDependencies {
  readonly db: Db;
  readonly stateKey: Buffer;
  readonly config: SalesforceOAuthConfig;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly signIn: ConsoleSignIn;
}

const userInfoSchema = z.object({
  name: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});

const assignmentsSchema = z.object({
  records: z.array(
    z.object({
      PermissionSet: z.object({ Name: z.string(), NamespacePrefix: z.string().nullish() }).nullish(),
    }),
  ),
});

/**
 * `GET /console/sign-in/salesforce` and its callback: the console's sign-in through the external
 * client app, with PKCE as the install does. The user and org come from the identity Salesforce
 * answers for the code; their roles' permission sets are read with their own token, which is
 * then revoked, since Baton keeps only the org's install token.
 */
export function salesforceSignInRouter(deps: SalesforceSignInDependencies): Router {
  const { db, config, clock, logger, signIn } = deps;
  const app = salesforceAppCredentials(config);
  const redirectUri = `${config.publicBaseUrl.replace(/\/+$/, '')}${SALESFORCE_SIGN_IN_CALLBACK_PATH}`;
  const cookie = installCookie({
    name: 'baton_salesforce_sign_in',
    callbackPath: SALESFORCE_SIGN_IN_CALLBACK_PATH,
    publicBaseUrl: config.publicBaseUrl,
    maxAgeMs: OAUTH_STATE_TTL_MS,
  });
  const notConfigured =
    'Sign-in with Salesforce is not set up on this Baton: its operator sets SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.';
  const router = express.Router();

  router.get(SALESFORCE_SIGN_IN_PATH, (_req, res) => {
    if (!app) return signIn.refuse(res, notConfigured);
    const browserSecret = createBrowserSecret();
    const state = createOAuthState({ key: deps.stateKey, now: clock(), browserSecret });
    const oauth2 = new OAuth2({ ...app, redirectUri, useVerifier: true });
    oauth2.codeVerifier = codeVerifierFor(deps.stateKey, browserSecret, state);
    cookie.set(res, browserSecret);
    const location = oauth2.getAuthorizationUrl({
      state,
      scope: SALESFORCE_SCOPES.join(' '),
      code_challenge_method: 'S256',
    });
    res.set('cache-control', 'no-store').redirect(302, location);
  });

  router.get(SALESFORCE_SIGN_IN_CALLBACK_PATH, async (req, res) => {
    if (!app) return signIn.refuse(res, notConfigured);
    const query = oauthCallbackQuerySchema.parse(req.query);
    if (query.error) return signIn.refuse(res, `Salesforce did not sign you in (${query.error}). Try again.`);
    const browserSecret = cookie.of(req);
    const again = 'Start the sign-in again from this browser.';
    if (!query.state || !query.code || browserSecret === undefined) {
      return signIn.refuse(res, `The sign-in could not be verified. ${again}`);
    }
    const verdict = verifyOAuthState(query.state, { key: deps.stateKey, now: clock(), browserSecret });
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason }, 'Salesforce sign-in refused: bad state');
      return signIn.refuse(res, `The sign-in could not be verified. ${again}`);
    }
    if (
      !(await consumeOAuthStateNonce(db, verdict.payload.nonce, new Date(verdict.payload.expiresAt), clock()))
    ) {
      return signIn.refuse(res, `This sign-in was completed already. ${again}`);
    }
    cookie.clear(res);
    try {
      const authorized = await exchangeAuthorizationCode(app, {
        code: query.code,
        codeVerifier: codeVerifierFor(deps.stateKey, browserSecret, query.state),
        redirectUri,
      });
      try {
        const info = userInfoSchema.parse(
          await authorized.conn.request({ method: 'GET', url: `${app.loginUrl}/services/oauth2/userinfo` }),
        );
        const teamIds = await permissionSetsOf(authorized.conn, authorized.userId);
        await signIn.complete(res, {
          account: authorized.orgId,
          user: { id: authorized.userId, name: info.name ?? null, email: info.email ?? null },
          teamsOf: async () => teamIds,
        });
      } finally {
        const revoked = await revokeSalesforceToken(app, authorized.grant.refreshToken, 10_000);
        if (!revoked.revoked) logger.warn({ reason: revoked.reason }, 'a sign-in token was not revoked');
      }
    } catch (error) {
      logger[error instanceof BatonError ? 'warn' : 'error']({ err: error }, 'Salesforce sign-in failed');
      if (!res.headersSent)
        signIn.refuse(res, 'Salesforce could not complete the sign-in just now. Try again in a minute.');
    }
  });
  return router;
}

/**
 * The permission sets assigned to the user, as `namespace__Name` when packaged
 * (`baton__Baton_Sales_Rep`): what Salesforce role settings grant roles to. The id was checked as
 * a Salesforce id by the code exchange, so it is safe inside the query.
 */
async function permissionSetsOf(conn: Connection, userId: string): Promise<string[]> {
  const answer = assignmentsSchema.parse(
    await conn.query(
      `SELECT PermissionSet.Name, PermissionSet.NamespacePrefix FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`,
    ),
  );
  return answer.records.flatMap(({ PermissionSet: set }) =>
    set ? [set.NamespacePrefix ? `${set.NamespacePrefix}__${set.Name}` : set.Name] : [],
  );
}
