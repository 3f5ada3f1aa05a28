import { randomBytes, randomUUID } from 'node:crypto';

export interface OAuthInstallOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId: number;
  readonly portalId: number;
  readonly hasLeadObject: boolean;
  readonly clock: () => Date;
}

export type Authentication =
  | { readonly kind: 'valid'; readonly scopes: ReadonlySet<string> }
  | { readonly kind: 'expired'; readonly expiredSeconds: number }
  | { readonly kind: 'invalid' };

export type TokenOutcome =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export const ACCESS_TOKEN_SECONDS = 1800;
const INSTALLING_USER_ID = 9_000_000;

interface AccessGrant {
  readonly scopes: readonly string[];
  expiresAt: number;
}

/** One app's install in the portal: authorization codes, refresh tokens and access tokens. */
export function createOAuthInstall(options: OAuthInstallOptions) {
  const codes = new Map<string, { readonly redirectUri: string; readonly scopes: readonly string[] }>();
  const refreshTokens = new Map<string, readonly string[]>();
  const accessTokens = new Map<string, AccessGrant>();
  const now = () => options.clock().getTime();

  const isAvailable = (scope: string) =>
    options.hasLeadObject || !/^crm\.(objects|schemas)\.leads\./.test(scope);
  const badClient = (clientId: string, clientSecret: string): TokenOutcome | undefined => {
    if (clientId !== options.clientId) {
      return { ok: false, status: 400, code: 'BAD_CLIENT_ID', message: 'missing or unknown client id' };
    }
    if (clientSecret !== options.clientSecret) {
      return {
        ok: false,
        status: 400,
        code: 'BAD_CLIENT_SECRET',
        message: 'missing or invalid client secret',
      };
    }
    return undefined;
  };
  const grant = (refreshToken: string, scopes: readonly string[]): TokenOutcome => {
    const accessToken = `CL${randomBytes(150).toString('base64url')}`;
    accessTokens.set(accessToken, { scopes, expiresAt: now() + ACCESS_TOKEN_SECONDS * 1000 });
    return {
      ok: true,
      body: {
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_in: ACCESS_TOKEN_SECONDS,
        token_type: 'bearer',
        token_use: 'access_token',
        hub_id: options.portalId,
        user_id: INSTALLING_USER_ID,
        scopes: [...scopes],
      },
    };
  };

  return {
    /** Scopes the portal grants, or the required ones it cannot (the Lead object needs Sales Hub Pro). */
    decideScopes(required: readonly string[], optional: readonly string[]) {
      const unavailable = required.filter((scope) => !isAvailable(scope));
      const granted = [...new Set([...required, ...optional.filter(isAvailable)])];
      return { granted, unavailable };
    },
    issueCode(redirectUri: string, scopes: readonly string[]): string {
      const code = randomUUID();
      codes.set(code, { redirectUri, scopes });
      return code;
    },
    exchangeCode(input: {
      code: string;
      redirectUri: string;
      clientId: string;
      clientSecret: string;
    }): TokenOutcome {
      const refused = badClient(input.clientId, input.clientSecret);
      if (refused) return refused;
      const issued = codes.get(input.code);
      // Codes are single use: a second exchange is refused like an unknown code.
      codes.delete(input.code);
      if (!issued || issued.redirectUri !== input.redirectUri) {
        return { ok: false, status: 400, code: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' };
      }
      const refreshToken = `na1-${randomUUID()}`;
      refreshTokens.set(refreshToken, issued.scopes);
      return grant(refreshToken, issued.scopes);
    },
    refresh(input: { refreshToken: string; clientId: string; clientSecret: string }): TokenOutcome {
      const refused = badClient(input.clientId, input.clientSecret);
      if (refused) return refused;
      const scopes = refreshTokens.get(input.refreshToken);
      if (!scopes) {
        return {
          ok: false,
          status: 400,
          code: 'BAD_REFRESH_TOKEN',
          message: 'missing or unknown refresh token',
        };
      }
      return grant(input.refreshToken, scopes);
    },
    authenticate(accessToken: string): Authentication {
      const held = accessTokens.get(accessToken);
      if (!held) return { kind: 'invalid' };
      const overdueMs = now() - held.expiresAt;
      if (overdueMs >= 0) return { kind: 'expired', expiredSeconds: Math.floor(overdueMs / 1000) };
      return { kind: 'valid', scopes: new Set(held.scopes) };
    },
    /** RFC 7662 style: `{ active: false }` for anything unknown, expired or revoked. */
    introspect(token: string, clientId: string, clientSecret: string): TokenOutcome {
      const refused = badClient(clientId, clientSecret);
      if (refused) return refused;
      const common = {
        active: true,
        app_id: options.appId,
        client_id: options.clientId,
        hub_id: options.portalId,
        hub_domain: `portal-${options.portalId}.stand-in.hubspot.test`,
        user_id: INSTALLING_USER_ID,
        token,
      };
      const refreshScopes = refreshTokens.get(token);
      if (refreshScopes) {
        return {
          ok: true,
          body: { ...common, scopes: [...refreshScopes], token_type: 'refresh', token_use: 'refresh_token' },
        };
      }
      const access = accessTokens.get(token);
      const expiresIn = access ? Math.floor((access.expiresAt - now()) / 1000) : 0;
      if (!access || expiresIn <= 0) return { ok: true, body: { active: false } };
      return {
        ok: true,
        body: {
          ...common,
          scopes: [...access.scopes],
          expires_in: expiresIn,
          is_private_distribution: false,
          token_type: 'access',
          token_use: 'access_token',
          signed_access_token: signedAccessToken(options, access),
        },
      };
    },
    /** The app is uninstalled from the portal: every token stops working. */
    uninstall(): void {
      codes.clear();
      refreshTokens.clear();
      accessTokens.clear();
    },
    expireAccessTokens(): void {
      const expired = now() - 1;
      for (const held of accessTokens.values()) held.expiresAt = Math.min(held.expiresAt, expired);
    },
    isInstalled: () => refreshTokens.size > 0,
  };
}

export type OAuthInstall = ReturnType<typeof createOAuthInstall>;

function signedAccessToken(options: OAuthInstallOptions, access: AccessGrant) {
  return {
    appId: options.appId,
    appInstallId: `${options.appId}-${options.portalId}`,
    audience: 'api.hubapi.com',
    expiresAt: access.expiresAt,
    hubId: options.portalId,
    hublet: 'na1',
    installingUserId: INSTALLING_USER_ID,
    isPrivateDistribution: false,
    isServiceAccount: false,
    isUserLevel: false,
    newSignature: '',
    scopeToScopeGroupPks: '',
    scopes: access.scopes.join(' '),
    signature: '',
    trialScopeToScopeGroupPks: '',
    trialScopes: '',
    userId: INSTALLING_USER_ID,
  };
}
