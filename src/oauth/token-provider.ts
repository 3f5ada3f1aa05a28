import { AuthRevokedError, UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  claimRefresh,
  loadCredentials,
  releaseRefresh,
  type StoredCredentials,
  saveCredentials,
} from '../store/credentials.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { getTenant } from '../store/tenants.ts';
import type { TokenCipher } from '../store/token-cipher.ts';

/** What a CRM's token endpoint grants. */
export interface TokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresInSeconds: number;
  readonly scopes?: readonly string[] | null;
  /** Salesforce: the org's API host. A refresh that names none keeps the stored one. */
  readonly instanceUrl?: string | null;
}

export interface TokenProvider {
  /** A token valid for at least the refresh margin; refreshed first when it is not. */
  getAccessToken(tenantId: string): Promise<string>;
  /**
   * A token other than `rejected`, the one the CRM answered 401 to (by default the one stored
   * now). When another caller has already replaced it, that token is returned without a refresh.
   */
  forceRefresh(tenantId: string, rejected?: string): Promise<string>;
}

/** What a CRM adds to the shared refresh: its name and its token endpoint. */
export interface TokenRefresher {
  readonly crm: Crm;
  /** The CRM's name and its word for an account, for messages: `HubSpot`, `portal`. */
  readonly crmName: string;
  readonly accountNoun: string;
  /** Trades the refresh token for a new grant at the CRM's token endpoint. */
  refresh(refreshToken: string): Promise<TokenGrant>;
  /** True when the CRM refused the refresh token for good: the account uninstalled Baton. */
  isRevoked(error: unknown): boolean;
  /** Marks the tenant uninstalled the CRM's way. */
  uninstall(tenantId: string): Promise<void>;
}

export interface TokenProviderOptions {
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly refresher: TokenRefresher;
  readonly clock: () => Date;
  readonly logger?: Logger;
  readonly refreshMarginMs?: number;
  /** How long one process may hold a portal's refresh before another may take over. */
  readonly leaseMs?: number;
  /** How often a process waiting on another's refresh re-reads the credentials. */
  readonly pollMs?: number;
}

/**
 * Access tokens for a CRM's tenants, refreshed before they run out. Only one refresh per account runs at a time across every process sharing the database (the
 * credentials row's refresh lease); in this process, callers needing the same refresh share it.
 * A dead refresh token means the portal uninstalled Baton: the tenant is marked uninstalled, its
 * credentials deleted, and every later call fails fast with AuthRevokedError.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { db, cipher, clock, refresher } = options;
  const { crmName, accountNoun } = refresher;
  const refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const refreshing = new Map<string, Promise<string>>();

  const usable = (credentials: StoredCredentials, rejected: string | null): boolean =>
    credentials.accessToken !== rejected &&
    credentials.expiresAt.getTime() - refreshMarginMs > clock().getTime();

  async function currentCredentials(tenantId: string): Promise<StoredCredentials> {
    const tenant = await getTenant(db, tenantId);
    if (tenant?.crm !== refresher.crm) {
      throw new AuthRevokedError(`tenant ${tenantId} is not a ${crmName} install known to Baton`);
    }
    const credentials = tenant.status === 'uninstalled' ? null : await loadCredentials(db, cipher, tenantId);
    if (!credentials) {
      throw new AuthRevokedError(
        `${crmName} ${accountNoun} ${tenant.externalId} has uninstalled Baton; it must be reinstalled before Baton can call it`,
      );
    }
    return credentials;
  }

  async function refreshWhileHolding(tenantId: string, rejected: string | null): Promise<string> {
    try {
      // Another process may have finished a refresh between our read and our claim.
      const current = await currentCredentials(tenantId);
      if (usable(current, rejected)) return current.accessToken;
      let grant: TokenGrant;
      try {
        grant = await refresher.refresh(current.refreshToken);
      } catch (error) {
        if (refresher.isRevoked(error)) {
          await refresher.uninstall(tenantId);
          options.logger?.warn(
            { tenant: tenantId },
            `${crmName} refused the refresh token; tenant marked uninstalled`,
          );
          throw new AuthRevokedError(
            `${crmName} no longer accepts the refresh token (the app was uninstalled or access revoked); the tenant is marked uninstalled`,
          );
        }
        throw error;
      }
      const now = clock();
      await saveCredentials(
        db,
        cipher,
        tenantId,
        {
          accessToken: grant.accessToken,
          refreshToken: grant.refreshToken,
          expiresAt: new Date(now.getTime() + grant.expiresInSeconds * 1000),
          scopes: grant.scopes ?? current.scopes,
          instanceUrl: grant.instanceUrl ?? current.instanceUrl,
        },
        now,
      );
      options.logger?.debug({ tenant: tenantId }, `refreshed ${crmName} access token`);
      return grant.accessToken;
    } finally {
      await releaseRefresh(db, tenantId);
    }
  }

  async function refreshOrWait(tenantId: string, rejected: string | null): Promise<string> {
    const maxPolls = Math.ceil(leaseMs / pollMs) + 1;
    for (let polls = 0; ; polls += 1) {
      const current = await currentCredentials(tenantId);
      if (usable(current, rejected)) return current.accessToken;
      if (await claimRefresh(db, tenantId, clock(), leaseMs)) return refreshWhileHolding(tenantId, rejected);
      if (polls >= maxPolls) {
        throw new UpstreamUnavailableError(
          `another Baton process held the ${crmName} token refresh of tenant ${tenantId} for over ${leaseMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  function shared(tenantId: string, rejected: string | null): Promise<string> {
    const inFlight = refreshing.get(tenantId);
    if (inFlight) return inFlight;
    const started = refreshOrWait(tenantId, rejected).finally(() => refreshing.delete(tenantId));
    refreshing.set(tenantId, started);
    return started;
  }

  return {
    async getAccessToken(tenantId) {
      const current = await currentCredentials(tenantId);
      return usable(current, null) ? current.accessToken : shared(tenantId, null);
    },
    async forceRefresh(tenantId, rejected) {
      const current = await currentCredentials(tenantId);
      return shared(tenantId, rejected ?? current.accessToken);
    },
  };
}
