import type { Logger } from '../../../log.ts';
import { createTokenProvider, type TokenProvider } from '../../../oauth/token-provider.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import type { HubSpotAppCredentials } from './hubspot-oauth-config.ts';
import { HubSpotOAuthRejectedError, refreshAccessToken } from './hubspot-token-endpoint.ts';
import { uninstallHubSpotTenant } from './uninstall-hubspot-tenant.ts';

export type HubSpotTokenProvider = TokenProvider;

export interface HubSpotTokenProviderOptions {
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly config: HubSpotAppCredentials;
  readonly clock: () => Date;
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
  readonly refreshMarginMs?: number;
  /** How long one process may hold a portal's refresh before another may take over. */
  readonly leaseMs?: number;
  /** How often a process waiting on another's refresh re-reads the credentials. */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/**
 * HubSpot's access tokens (they live 30 minutes) through the shared refresh lease, refreshed at
 * HubSpot's token endpoint. A refused refresh token (`invalid_grant`) means the portal
 * uninstalled Baton.
 */
export function createHubSpotTokenProvider(options: HubSpotTokenProviderOptions): HubSpotTokenProvider {
  const { db, clock, config, fetch, timeoutMs, ...lease } = options;
  const leaseMs = lease.leaseMs ?? 30_000;
  const endpoint = {
    app: config,
    clock,
    timeoutMs: timeoutMs ?? Math.min(10_000, Math.floor(leaseMs / 2)),
    ...(fetch === undefined ? {} : { fetch }),
  };
  return createTokenProvider({
    ...lease,
    db,
    clock,
    leaseMs,
    refresher: {
      crm: 'hubspot',
      crmName: 'HubSpot',
      accountNoun: 'portal',
      refresh: (refreshToken) => refreshAccessToken(endpoint, refreshToken),
      isRevoked: (error) => error instanceof HubSpotOAuthRejectedError && error.invalidGrant,
      uninstall: async (tenantId) => {
        await uninstallHubSpotTenant(db, tenantId, {
          actor: 'baton',
          now: clock(),
          reason: 'refresh_token_revoked',
        });
      },
    },
  });
}
