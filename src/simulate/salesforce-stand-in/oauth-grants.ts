import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface OAuthGrantOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** 18-character org id: the `00D…` in every token and identity URL. */
  readonly orgId: string;
  readonly clock: () => Date;
  readonly sessionSeconds: number;
  /** Refresh Token Rotation: each refresh answers a new refresh token and retires the one used. */
  readonly rotateRefreshTokens: boolean;
  readonly requirePkce: boolean;
  /** The app's callback URLs; null accepts any http(s) URL. */
  readonly callbackUrls: readonly string[] | null;
  /** Scopes the app is configured with; what it gets when it asks for none. */
  readonly appScopes: readonly string[];
}

export type TokenOutcome =
  | { readonly ok: true; readonly body: Record<string, string> }
  | { readonly ok: false; readonly error: string; readonly description: string };

export type AuthorizeOutcome =
  | { readonly ok: true; readonly code: string }
  /** `redirect`: the error goes back to the redirect URI; otherwise it is shown on Salesforce's page. */
  | { readonly ok: false; readonly redirect: boolean; readonly error: string; readonly description: string };

export type Session = { readonly userId: string; readonly scopes: readonly string[] };

interface IssuedCode {
  readonly redirectUri: string;
  readonly challenge: string | null;
  readonly scopes: readonly string[];
  readonly userId: string;
  readonly expiresAt: number;
}

interface AccessGrant extends Session {
  expiresAt: number;
  readonly refreshToken: string | null;
}

const CODE_SECONDS = 15 * 60;
const CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;

const fail = (error: string, description: string) => ({ ok: false, error, description }) as const;

/** The app's OAuth grants in one org: codes (with their PKCE challenges), refresh and access tokens. */
export function createOAuthGrants(options: OAuthGrantOptions) {
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, Session>();
  const accessTokens = new Map<string, AccessGrant>();
  const now = () => options.clock().getTime();
  const random = (bytes: number) => randomBytes(bytes).toString('base64url');

  const badClient = (clientId: string, clientSecret: string) => {
    if (clientId !== options.clientId) return fail('invalid_client_id', 'client identifier invalid');
    if (clientSecret !== options.clientSecret) return fail('invalid_client', 'invalid client credentials');
    return undefined;
  };
  const issue = (session: Session, refreshToken: string | null, baseUrl: string): Record<string, string> => {
    const accessToken = `${options.orgId.slice(0, 15)}!${random(72)}`;
    const issuedAt = now();
    accessTokens.set(accessToken, {
      ...session,
      expiresAt: issuedAt + options.sessionSeconds * 1000,
      refreshToken,
    });
    const id = `${baseUrl}/id/${options.orgId}/${session.userId}`;
    const signature = createHmac('sha256', options.clientSecret).update(`${id}${issuedAt}`).digest('base64');
    return {
      access_token: accessToken,
      signature,
      scope: session.scopes.join(' '),
      instance_url: baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: String(issuedAt),
    };
  };
  const mayRefresh = (scopes: readonly string[]) =>
    scopes.includes('refresh_token') || scopes.includes('offline_access');

  return {
    authorize(request: {
      readonly clientId: string;
      readonly redirectUri: string;
      readonly responseType: string;
      readonly codeChallenge: string | undefined;
      readonly codeChallengeMethod: string | undefined;
      readonly scope: string | undefined;
      readonly userId: string;
    }): AuthorizeOutcome {
      if (request.clientId !== options.clientId) {
        return { ...fail('invalid_client_id', 'client identifier invalid'), redirect: false };
      }
      const callbackOk = options.callbackUrls
        ? options.callbackUrls.includes(request.redirectUri)
        : URL.canParse(request.redirectUri) && /^https?:$/.test(new URL(request.redirectUri).protocol);
      if (!callbackOk) {
        return { ...fail('redirect_uri_mismatch', 'redirect_uri must match configuration'), redirect: false };
      }
      if (request.responseType !== 'code') {
        return { ...fail('unsupported_response_type', 'response type not supported'), redirect: true };
      }
      if (request.codeChallenge === undefined && options.requirePkce) {
        return { ...fail('invalid_request', 'missing required code challenge'), redirect: true };
      }
      if (request.codeChallengeMethod !== undefined && request.codeChallengeMethod !== 'S256') {
        return { ...fail('invalid_request', 'unsupported code challenge method'), redirect: true };
      }
      if (request.codeChallenge !== undefined && !CHALLENGE.test(request.codeChallenge)) {
        return { ...fail('invalid_request', 'invalid code challenge'), redirect: true };
      }
      const asked = (request.scope ?? '').split(/[\s+]+/).filter(Boolean);
      const unknown = asked.filter((scope) => !options.appScopes.includes(scope));
      if (unknown.length > 0) {
        return {
          ...fail('invalid_scope', `the requested scope is not allowed: ${unknown.join(' ')}`),
          redirect: true,
        };
      }
      const code = `aPrx${random(48)}`;
      codes.set(code, {
        redirectUri: request.redirectUri,
        challenge: request.codeChallenge ?? null,
        scopes: asked.length > 0 ? [...new Set(asked)] : [...options.appScopes],
        userId: request.userId,
        expiresAt: now() + CODE_SECONDS * 1000,
      });
      return { ok: true, code };
    },
    exchangeCode(form: {
      readonly code: string;
      readonly codeVerifier: string | undefined;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly redirectUri: string;
      readonly baseUrl: string;
    }): TokenOutcome {
      const refused = badClient(form.clientId, form.clientSecret);
      if (refused) return refused;
      const issued = codes.get(form.code);
      // A code is spent by its first exchange, whether or not that exchange succeeds.
      codes.delete(form.code);
      if (!issued || issued.expiresAt <= now()) return fail('invalid_grant', 'invalid authorization code');
      if (issued.redirectUri !== form.redirectUri) {
        return fail('redirect_uri_mismatch', 'redirect_uri must match configuration');
      }
      if (issued.challenge !== null || form.codeVerifier !== undefined) {
        const derived =
          form.codeVerifier === undefined
            ? null
            : createHash('sha256').update(form.codeVerifier).digest('base64url');
        if (derived !== issued.challenge) return fail('invalid_grant', 'invalid code verifier');
      }
      const session = { userId: issued.userId, scopes: issued.scopes };
      if (!mayRefresh(issued.scopes)) return { ok: true, body: issue(session, null, form.baseUrl) };
      const refreshToken = `5Aep861${random(60)}`;
      refreshTokens.set(refreshToken, session);
      return {
        ok: true,
        body: { ...issue(session, refreshToken, form.baseUrl), refresh_token: refreshToken },
      };
    },
    refresh(form: {
      readonly refreshToken: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly baseUrl: string;
    }): TokenOutcome {
      const refused = badClient(form.clientId, form.clientSecret);
      if (refused) return refused;
      const session = refreshTokens.get(form.refreshToken);
      if (!session) return fail('invalid_grant', 'expired access/refresh token');
      if (!options.rotateRefreshTokens)
        return { ok: true, body: issue(session, form.refreshToken, form.baseUrl) };
      refreshTokens.delete(form.refreshToken);
      const rotated = `5Aep861${random(60)}`;
      refreshTokens.set(rotated, session);
      return { ok: true, body: { ...issue(session, rotated, form.baseUrl), refresh_token: rotated } };
    },
    /** Revoking a refresh token revokes the access tokens issued from it too. False for an unknown token. */
    revoke(token: string): boolean {
      if (refreshTokens.delete(token)) {
        for (const [accessToken, grant] of accessTokens) {
          if (grant.refreshToken === token) accessTokens.delete(accessToken);
        }
        return true;
      }
      return accessTokens.delete(token);
    },
    authenticate(accessToken: string): Session | undefined {
      const grant = accessTokens.get(accessToken);
      if (!grant || grant.expiresAt <= now()) return undefined;
      return { userId: grant.userId, scopes: grant.scopes };
    },
    expireAccessTokens(): void {
      const expired = now() - 1;
      for (const grant of accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, expired);
    },
    /** The org's admin uninstalls the app (or blocks it): every code and token stops working. */
    revokeAll(): void {
      codes.clear();
      refreshTokens.clear();
      accessTokens.clear();
    },
    isInstalled: () => refreshTokens.size > 0,
  };
}

export type OAuthGrants = ReturnType<typeof createOAuthGrants>;
