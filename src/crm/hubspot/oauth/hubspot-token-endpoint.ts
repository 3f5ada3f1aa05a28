import { z } from 'zod';
import { BatonError, RateLimitedError, UpstreamUnavailableError } from '../../../errors.ts';
import { retryAfterMs } from '../api/hubspot-http.ts';
import type { HubSpotAppCredentials } from './hubspot-oauth-config.ts';

export const TOKEN_PATH = '/oauth/2026-03/token';
export const INTROSPECT_PATH = '/oauth/2026-03/token/introspect';
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_DESCRIPTION_CHARS = 300;

export interface TokenEndpointOptions {
  readonly app: HubSpotAppCredentials;
  readonly clock: () => Date;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Tokens HubSpot issued, with the account they belong to when the response names it. */
export interface HubSpotTokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresInSeconds: number;
  readonly hubId: string | null;
  readonly userId: string | null;
  readonly scopes: readonly string[] | null;
}

export interface HubSpotTokenIdentity {
  readonly hubId: string;
  readonly hubDomain: string | null;
  /** The user who authorised the token, and their email (HubSpot's `user`). */
  readonly userId: string | null;
  readonly userEmail: string | null;
}

/**
 * HubSpot refused an OAuth request (4xx). `invalidGrant` marks a dead code or refresh token:
 * HubSpot answers `invalid_grant` per RFC 6749 and keeps its older `status` field
 * (`BAD_REFRESH_TOKEN`, `BAD_AUTH_CODE`) alongside.
 */
export class HubSpotOAuthRejectedError extends BatonError {
  readonly upstreamStatus: number;
  readonly oauthError: string;
  readonly invalidGrant: boolean;

  constructor(message: string, upstreamStatus: number, oauthError: string, invalidGrant: boolean) {
    super('hubspot_oauth_rejected', message, { retry: 'never', status: 502 });
    this.upstreamStatus = upstreamStatus;
    this.oauthError = oauthError;
    this.invalidGrant = invalidGrant;
  }
}

// The AccessTokenResponse of oauth.2026-03.json; hub_id and user_id are optional there.
const grantSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  hub_id: z.number().int().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
});

const introspectionSchema = z.object({
  active: z.boolean().optional(),
  hub_id: z.number().int(),
  hub_domain: z.string().optional(),
  user_id: z.number().int().optional(),
  user: z.string().optional(),
});

const oauthErrorSchema = z.object({
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
  status: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  policyName: z.string().optional().catch(undefined),
});

const SECRET_FIELDS = ['client_secret', 'code', 'refresh_token', 'token'];
const INVALID_GRANT_STATUSES = new Set(['BAD_REFRESH_TOKEN', 'BAD_AUTH_CODE']);

export async function exchangeAuthorizationCode(
  options: TokenEndpointOptions,
  request: { readonly code: string; readonly redirectUri: string },
): Promise<HubSpotTokenGrant> {
  const body = await postForm(options, TOKEN_PATH, 'the authorization code exchange', {
    grant_type: 'authorization_code',
    client_id: options.app.clientId,
    client_secret: options.app.clientSecret,
    redirect_uri: request.redirectUri,
    code: request.code,
  });
  return readGrant(body, 'the authorization code exchange');
}

export async function refreshAccessToken(
  options: TokenEndpointOptions,
  refreshToken: string,
): Promise<HubSpotTokenGrant> {
  const body = await postForm(options, TOKEN_PATH, 'the token refresh', {
    grant_type: 'refresh_token',
    client_id: options.app.clientId,
    client_secret: options.app.clientSecret,
    refresh_token: refreshToken,
  });
  return readGrant(body, 'the token refresh');
}

/** Which account an access token belongs to, for token responses without `hub_id`. */
export async function introspectAccessToken(
  options: TokenEndpointOptions,
  accessToken: string,
): Promise<HubSpotTokenIdentity> {
  const body = await postForm(options, INTROSPECT_PATH, 'token introspection', {
    client_id: options.app.clientId,
    client_secret: options.app.clientSecret,
    token: accessToken,
    token_type_hint: 'access_token',
  });
  const parsed = introspectionSchema.safeParse(body);
  if (!parsed.success || parsed.data.active === false) {
    throw new UpstreamUnavailableError(
      'HubSpot token introspection did not name an active account (hub_id missing or token inactive)',
    );
  }
  return {
    hubId: String(parsed.data.hub_id),
    hubDomain: parsed.data.hub_domain ?? null,
    userId: parsed.data.user_id === undefined ? null : String(parsed.data.user_id),
    userEmail: parsed.data.user ?? null,
  };
}

function readGrant(body: unknown, what: string): HubSpotTokenGrant {
  const parsed = grantSchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new UpstreamUnavailableError(`HubSpot answered ${what} without valid ${fields}`);
  }
  const grant = parsed.data;
  return {
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    expiresInSeconds: grant.expires_in,
    hubId: grant.hub_id === undefined ? null : String(grant.hub_id),
    userId: grant.user_id === undefined ? null : String(grant.user_id),
    scopes: grant.scopes ?? null,
  };
}

/** The v3 endpoints take every parameter in a form body, so no secret ever sits in a URL. */
async function postForm(
  options: TokenEndpointOptions,
  path: string,
  what: string,
  fields: Readonly<Record<string, string>>,
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = `${options.app.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw new UpstreamUnavailableError(
      timedOut
        ? `HubSpot did not answer ${what} within ${timeoutMs} ms`
        : `could not reach HubSpot for ${what}`,
      cause,
    );
  }
  const body = parseJson(text);
  if (response.ok) return body;

  const error = oauthErrorSchema.safeParse(body).data ?? {};
  if (response.status === 429) {
    const waitMs = retryAfterMs(
      response.headers.get('retry-after'),
      error.policyName ?? null,
      options.clock(),
    );
    throw new RateLimitedError(`HubSpot rate-limited ${what}`, waitMs);
  }
  if (response.status >= 500) {
    throw new UpstreamUnavailableError(`HubSpot answered ${response.status} to ${what}`);
  }
  const oauthError = error.error ?? error.status ?? error.category ?? 'unknown_error';
  const secrets = SECRET_FIELDS.flatMap((name) => fields[name] ?? []);
  const description = scrub(error.error_description ?? error.message ?? '', secrets);
  const invalidGrant = error.error === 'invalid_grant' || INVALID_GRANT_STATUSES.has(error.status ?? '');
  throw new HubSpotOAuthRejectedError(
    `HubSpot refused ${what} (${response.status} ${oauthError})${description ? `: ${description}` : ''}`,
    response.status,
    oauthError,
    invalidGrant,
  );
}

/** HubSpot's description is shown to people; make sure it cannot carry back what Baton sent. */
function scrub(description: string, secrets: readonly string[]): string {
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
