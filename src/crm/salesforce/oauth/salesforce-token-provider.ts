import type { Logger } from '../../../log.ts';
import {
  createTokenProvider,
  type TokenProvider,
  type TokenRefresher,
} from '../../../oauth/token-provider.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import type { SalesforceAppCredentials } from './salesforce-oauth-config.ts';
import { refreshSalesforceToken, SalesforceOAuthRejectedError } from './salesforce-token-endpoint.ts';
import { uninstallSalesforceTenant } from './uninstall-salesforce-tenant.ts';

export interface SalesforceTokenProviderOptions {
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly app: SalesforceAppCredentials;
  readonly clock: () => Date;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  /** Replaces the Salesforce token endpoint (a stand-in); the lease and storage stay Baton's. */
  readonly refresher?: TokenRefresher;
  readonly refreshMarginMs?: number;
  /** How long one process may hold an org's refresh before another may take over. */
  readonly leaseMs?: number;
  /** How often a process waiting on another's refresh re-reads the credentials. */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/**
 * Salesforce access tokens through the shared refresh lease: one refresh per org at a time across
 * every process, which matters because with refresh token rotation the token sent is spent by the
 * refresh (Salesforce help, "OAuth 2.0 Refresh Token Flow"), and the rotated one is what gets
 * stored. `invalid_grant` means the org revoked Baton: the tenant is marked uninstalled.
 */
export function createSalesforceTokenProvider(options: SalesforceTokenProviderOptions): TokenProvider {
  const { db, cipher, clock, app, fetch, timeoutMs, refresher, ...lease } = options;
  const leaseMs = lease.leaseMs ?? 30_000;
  const endpoint = {
    app,
    timeoutMs: timeoutMs ?? Math.min(10_000, Math.floor(leaseMs / 2)),
    ...(fetch === undefined ? {} : { fetch }),
  };
  return createTokenProvider({
    ...lease,
    db,
    cipher,
    clock,
    leaseMs,
    refresher: refresher ?? {
      crm: 'salesforce',
      crmName: 'Salesforce',
      accountNoun: 'org',
      refresh: (refreshToken) => refreshSalesforceToken(endpoint, refreshToken),
      isRevoked: (error) => error instanceof SalesforceOAuthRejectedError && error.invalidGrant,
      uninstall: async (tenantId) => {
        await uninstallSalesforceTenant(db, tenantId, {
          actor: 'baton',
          now: clock(),
          reason: 'refresh_token_revoked',
        });
      },
    },
  });
}
