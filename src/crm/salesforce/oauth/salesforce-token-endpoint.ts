import { z } from 'zod';
import { BatonError, RateLimitedError, UpstreamUnavailableError } from '../../../errors.ts';
import type { TokenGrant } from '../../../oauth/token-provider.ts';
import type { SalesforceAppCredentials } from './salesforce-oauth-config.ts';

export const TOKEN_PATH = '/services/oauth2/token';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_AFTER_MS = 5_000;
const MAX_DESCRIPTION_CHARS = 300;

/**
 * Salesforce's token answers carry no `expires_in`: an access token is a session that ends after
 * the org's session timeout of inactivity, two hours by default (SOAP API guide, "Error Handling
 * for Session Expiration"; every call resets the timer). Baton counts two hours from issue, so it
 * refreshes ahead of a default org's timeout; orgs with shorter timeouts answer 401
 * (INVALID_SESSION_ID) first, and the call is replayed once with a refreshed token.
 */
export const SALESFORCE_SESSION_SECONDS = 2 * 60 * 60;

export interface TokenEndpointOptions {
  readonly app: SalesforceAppCredentials;
  readonly fetch?: typeof fetch;
  /** Kept below the refresh lease, so no other process refreshes while this one still may. */
  readonly timeoutMs?: number;
}

/**
 * Salesforce refused an OAuth request (4xx, RFC 6749 error body). `invalid_grant` on a refresh
 * means the refresh token no longer works: revoked, expired by the app's policy, or its user or
 * org deactivated (Salesforce help, "OAuth 2.0 Refresh Token Flow").
 */
export class SalesforceOAuthRejectedError extends BatonError {
  readonly upstreamStatus: number;
  readonly oauthError: string;

  constructor(message: string, upstreamStatus: number, oauthError: string) {
    super('salesforce_oauth_rejected', message, { retry: 'never', status: 502 });
    this.upstreamStatus = upstreamStatus;
    this.oauthError = oauthError;
  }

  get invalidGrant(): boolean {
    return this.oauthError === 'invalid_grant';
  }
}

// The refresh answer (Salesforce help, "OAuth 2.0 Refresh Token Flow"): `refresh_token` only when
// the app rotates refresh tokens, in which case the one sent is no longer valid.
const refreshAnswerSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

const oauthErrorSchema = z.object({
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
});

/** Trades a refresh token at the login host's token endpoint; the form body keeps it out of URLs. */
export async function refreshSalesforceToken(
  options: TokenEndpointOptions,
  refreshToken: string,
): Promise<TokenGrant> {
  const what = 'the token refresh';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(`${options.app.loginUrl}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: options.app.clientId,
        client_secret: options.app.clientSecret,
        refresh_token: refreshToken,
      }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw new UpstreamUnavailableError(
      timedOut
        ? `Salesforce did not answer ${what} within ${timeoutMs} ms`
        : `could not reach Salesforce for ${what}`,
      cause,
    );
  }
  const body = parseJson(text);
  if (!response.ok) {
    throw rejection(response, body, what, [refreshToken, options.app.clientSecret]);
  }
  const parsed = refreshAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new UpstreamUnavailableError(`Salesforce answered ${what} without valid ${fields}`);
  }
  const answer = parsed.data;
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? refreshToken,
    expiresInSeconds: SALESFORCE_SESSION_SECONDS,
    scopes: answer.scope === undefined ? null : scopesOf(answer.scope),
    instanceUrl: answer.instance_url.replace(/\/+$/, ''),
  };
}

export function scopesOf(scope: string): readonly string[] {
  return scope.split(' ').filter((name) => name.length > 0);
}

function rejection(response: Response, body: unknown, what: string, secrets: readonly string[]): Error {
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new RateLimitedError(`Salesforce rate-limited ${what}`, waitMs);
  }
  if (response.status >= 500) {
    return new UpstreamUnavailableError(`Salesforce answered ${response.status} to ${what}`);
  }
  const error = oauthErrorSchema.safeParse(body).data ?? {};
  const oauthError = error.error ?? 'unknown_error';
  const description = scrub(error.error_description ?? '', secrets);
  return new SalesforceOAuthRejectedError(
    `Salesforce refused ${what} (${response.status} ${oauthError})${description ? `: ${description}` : ''}`,
    response.status,
    oauthError,
  );
}

/** Salesforce's description is shown to people; make sure it cannot carry back what Baton sent. */
export function scrub(description: string, secrets: readonly string[]): string {
  let clean = description;
  for (const secret of secrets) {
    if (secret !== '') clean = clean.split(secret).join('[redacted]');
  }
  return clean.slice(0, MAX_DESCRIPTION_CHARS);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
