import { type Connection, OAuth2, type TokenResponse } from 'jsforce';
import { z } from 'zod';
import { BatonError, UpstreamRejectedError, UpstreamUnavailableError } from '../../../errors.ts';
import type { TokenGrant } from '../../../oauth/token-provider.ts';
import { newSalesforceConnection } from '../api/salesforce-connection.ts';
import { toId18 } from '../salesforce-ids.ts';
import type { SalesforceAppCredentials } from './salesforce-oauth-config.ts';
import { SALESFORCE_SESSION_SECONDS, scopesOf } from './salesforce-token-endpoint.ts';

const WHAT = 'the authorization code exchange';

/** What the code bought: a connection to the org, who installed, and the tokens to store. */
export interface SalesforceAuthorization {
  readonly conn: Connection;
  /** 18-character org id (key prefix 00D), the tenant's key. */
  readonly orgId: string;
  /** 18-character id of the installing user (005…). */
  readonly userId: string;
  readonly instanceUrl: string;
  readonly grant: TokenGrant;
}

/** Keeps the token answer `Connection.authorize` consumes, for the scopes Salesforce granted. */
class InstallOAuth2 extends OAuth2 {
  granted: TokenResponse | undefined;

  override async requestToken(...args: Parameters<OAuth2['requestToken']>): Promise<TokenResponse> {
    this.granted = await super.requestToken(...args);
    return this.granted;
  }
}

const instanceUrlSchema = z.url();

/**
 * The web-server flow's second leg through jsforce, with the install's PKCE verifier (sent as
 * `code_verifier` next to the client secret, as Salesforce recommends for private clients:
 * help, "Proof Key for Code Exchange (PKCE) Extension"). The identity URL in the answer,
 * `https://login.salesforce.com/id/<orgId>/<userId>`, names the org and the user.
 */
export async function exchangeAuthorizationCode(
  app: SalesforceAppCredentials,
  request: { readonly code: string; readonly codeVerifier: string; readonly redirectUri: string },
): Promise<SalesforceAuthorization> {
  const oauth2 = new InstallOAuth2({
    loginUrl: app.loginUrl,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: request.redirectUri,
  });
  oauth2.codeVerifier = request.codeVerifier;
  const exchange = newSalesforceConnection({ oauth2 });
  let user: { readonly id: string; readonly organizationId: string };
  try {
    user = await exchange.authorize(request.code);
  } catch (error) {
    throw exchangeError(error);
  }
  const orgId = toId18(user.organizationId);
  const userId = toId18(user.id);
  if (!orgId?.startsWith('00D') || !userId?.startsWith('005')) {
    throw new UpstreamUnavailableError(
      `Salesforce answered ${WHAT} with an identity URL naming no org and user`,
    );
  }
  const instanceUrl = instanceUrlSchema.safeParse(exchange.instanceUrl);
  if (!instanceUrl.success) {
    throw new UpstreamUnavailableError(`Salesforce answered ${WHAT} without a valid instance_url`);
  }
  const { accessToken, refreshToken } = exchange;
  if (!accessToken || !refreshToken) {
    throw new UpstreamRejectedError(
      'Salesforce granted no refresh token: the external client app must offer the refresh_token scope ("Perform requests at any time")',
    );
  }
  const url = instanceUrl.data.replace(/\/+$/, '');
  return {
    // Without the refresh token: jsforce would spend it on a 401 outside Baton's lease.
    conn: newSalesforceConnection({ instanceUrl: url, accessToken }),
    orgId,
    userId,
    instanceUrl: url,
    grant: {
      accessToken,
      refreshToken,
      expiresInSeconds: SALESFORCE_SESSION_SECONDS,
      scopes: oauth2.granted?.scope ? scopesOf(oauth2.granted.scope) : null,
      instanceUrl: url,
    },
  };
}

/**
 * jsforce names a token endpoint error after its OAuth code (`invalid_grant` for a spent code or
 * a wrong verifier), or `ERROR_HTTP_<status>` without one; undici's TypeError is the network.
 */
function exchangeError(error: unknown): BatonError {
  if (error instanceof BatonError) return error;
  const name = error instanceof Error && typeof error.name === 'string' ? error.name : 'unknown_error';
  if (name === 'TypeError')
    return new UpstreamUnavailableError(`could not reach Salesforce for ${WHAT}`, error);
  const status = Number(/^ERROR_HTTP_(\d{3})$/.exec(name)?.[1] ?? Number.NaN);
  if (status >= 500) return new UpstreamUnavailableError(`Salesforce answered ${status} to ${WHAT}`);
  return new UpstreamRejectedError(`Salesforce refused ${WHAT} (${name.slice(0, 64)})`);
}
