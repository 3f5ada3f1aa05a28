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

/** A HubSpot user signed in to the portal: who approves an authorization and whom its tokens name. */
export interface HubSpotUser {
  readonly userId: number;
  /** Introspection's `user`; the portal's default user has none. */
  readonly email?: string;
}

/** Who authorizes until a test signs someone else in. */
export const INSTALLING_USER: HubSpotUser = { userId: 9_000_000 };

interface Grant {
  readonly scopes: readonly string[];
  readonly user: HubSpotUser;
}

interface AccessGrant extends Grant {
  expiresAt: number;
}

const INT32_MAX = 2_147_483_647;

/** HubSpot's user ids are positive int32s (the specs' `user_id` format); emails need an `@`. */
export function checkHubSpotUser(user: { readonly userId: number; readonly email: string }): HubSpotUser {
  if (!Number.isInteger(user.userId) || user.userId < 1 || user.userId > INT32_MAX) {
    throw new Error(`A HubSpot user id is a positive 32-bit integer, not ${user.userId}.`);
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(user.email)) {
    throw new Error(`HubSpot user ${user.userId} needs a valid email, not "${user.email}".`);
  }
  return { userId: user.userId, email: user.email };
}

/** One app's install in the portal: authorization codes, refresh tokens and access tokens. */
export function createOAuthInstall(options: OAuthInstallOptions) {
  const codes = new Map<string, Grant & { readonly redirectUri: string }>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessGrant>();
  const now = () => options.clock().getTime();
  let signedIn = INSTALLING_USER;
  // HubSpot's signed token names the user who installed the app besides the one it acts for.
  let installer: HubSpotUser | null = null;

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
  const grant = (refreshToken: string, { scopes, user }: Grant): TokenOutcome => {
    const accessToken = `CL${randomBytes(150).toString('base64url')}`;
    accessTokens.set(accessToken, { scopes, user, expiresAt: now() + ACCESS_TOKEN_SECONDS * 1000 });
    return {
      ok: true,
      body: {
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_in: ACCESS_TOKEN_SECONDS,
        token_type: 'bearer',
        token_use: 'access_token',
        hub_id: options.portalId,
        user_id: user.userId,
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
    /** Like a browser session logged in to HubSpot: the authorizations after this are this user's. */
    signInAs(user: HubSpotUser): void {
      signedIn = user;
    },
    issueCode(redirectUri: string, scopes: readonly string[]): string {
      const code = randomUUID();
      codes.set(code, { redirectUri, scopes, user: signedIn });
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
      const held = { scopes: issued.scopes, user: issued.user };
      installer ??= issued.user;
      refreshTokens.set(refreshToken, held);
      return grant(refreshToken, held);
    },
    refresh(input: { refreshToken: string; clientId: string; clientSecret: string }): TokenOutcome {
      const refused = badClient(input.clientId, input.clientSecret);
      if (refused) return refused;
      const held = refreshTokens.get(input.refreshToken);
      if (!held) {
        return {
          ok: false,
          status: 400,
          code: 'BAD_REFRESH_TOKEN',
          message: 'missing or unknown refresh token',
        };
      }
      return grant(input.refreshToken, held);
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
      const common = (user: HubSpotUser) => ({
        active: true,
        app_id: options.appId,
        client_id: options.clientId,
        hub_id: options.portalId,
        hub_domain: `portal-${options.portalId}.stand-in.hubspot.test`,
        user_id: user.userId,
        ...(user.email === undefined ? {} : { user: user.email }),
        token,
      });
      const refresh = refreshTokens.get(token);
      if (refresh) {
        return {
          ok: true,
          body: {
            ...common(refresh.user),
            scopes: [...refresh.scopes],
            token_type: 'refresh',
            token_use: 'refresh_token',
          },
        };
      }
      const access = accessTokens.get(token);
      const expiresIn = access ? Math.floor((access.expiresAt - now()) / 1000) : 0;
      if (!access || expiresIn <= 0) return { ok: true, body: { active: false } };
      return {
        ok: true,
        body: {
          ...common(access.user),
          scopes: [...access.scopes],
          expires_in: expiresIn,
          is_private_distribution: false,
          token_type: 'access',
          token_use: 'access_token',
          signed_access_token: signedAccessToken(options, access, installer ?? access.user),
        },
      };
    },
    /** The app is uninstalled from the portal: every token stops working. */
    uninstall(): void {
      codes.clear();
      refreshTokens.clear();
      accessTokens.clear();
      installer = null;
    },
    expireAccessTokens(): void {
      const expired = now() - 1;
      for (const held of accessTokens.values()) held.expiresAt = Math.min(held.expiresAt, expired);
    },
    isInstalled: () => refreshTokens.size > 0,
  };
}

export type OAuthInstall = ReturnType<typeof createOAuthInstall>;

function signedAccessToken(options: OAuthInstallOptions, access: AccessGrant, installer: HubSpotUser) {
  return {
    appId: options.appId,
    appInstallId: `${options.appId}-${options.portalId}`,
    audience: 'api.hubapi.com',
    expiresAt: access.expiresAt,
    hubId: options.portalId,
    hublet: 'na1',
    installingUserId: installer.userId,
    isPrivateDistribution: false,
    isServiceAccount: false,
    isUserLevel: false,
    newSignature: '',
    scopeToScopeGroupPks: '',
    scopes: access.scopes.join(' '),
    signature: '',
    trialScopeToScopeGroupPks: '',
    trialScopes: '',
    userId: access.user.userId,
  };
}
