import { Connection, type HttpRequest, type OAuth2 } from 'jsforce';
import './jsforce-timeout.ts';
import type { Environment } from '../../../config/environment.ts';
import { AuthRevokedError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { TokenProvider, TokenRefresher } from '../../../oauth/token-provider.ts';
import { loadCredentials } from '../../../store/credentials.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { salesforceAppCredentials, salesforceOAuthConfig } from '../oauth/salesforce-oauth-config.ts';
import { createSalesforceTokenProvider } from '../oauth/salesforce-token-provider.ts';
import { SALESFORCE_API_VERSION, SALESFORCE_CLIENT_NAME } from './salesforce-api-version.ts';
import { type RenewAccessToken, TenantSessionRefresh } from './salesforce-session-refresh.ts';

export type SalesforceRequest = HttpRequest;

export interface SalesforceConnectionsDeps {
  readonly env: Pick<
    Environment,
    'SALESFORCE_CLIENT_ID' | 'SALESFORCE_CLIENT_SECRET' | 'SALESFORCE_LOGIN_URL' | 'PUBLIC_BASE_URL'
  >;
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The token endpoint's fetch; jsforce sends the API calls itself (undici). */
  readonly fetch?: typeof fetch;
  /** Replaces the Salesforce token endpoint (a stand-in); lease and storage stay Baton's. */
  readonly refresher?: TokenRefresher;
  /** How long one process may hold an org's refresh before another may take over. */
  readonly leaseMs?: number;
  /** How often a process waiting on another's refresh re-reads the credentials. */
  readonly pollMs?: number;
}

export interface SalesforceConnections {
  /** Shared with the install routes, so one process refreshes each org once. */
  readonly tokens: TokenProvider;
  /**
   * A jsforce connection to the org: API version 66.0, the stored instance URL, a token valid for
   * the refresh margin, `Sforce-Call-Options: client=Baton`, and a 401 answered by one refresh
   * (through the shared lease) and one replay. An uninstalled or revoked tenant fails with
   * AuthRevokedError before anything is sent, here and on a connection already handed out.
   */
  connectionFor(tenantId: string): Promise<Connection>;
  /** One REST call (`conn.request`) on the tenant's connection, with the same semantics. */
  request<R = unknown>(tenantId: string, request: SalesforceRequest): Promise<R>;
}

/**
 * Baton's Salesforce connections however it runs (server, worker, CLI). Null without the
 * external client app's credentials: nothing can refresh a token then.
 */
export function createSalesforceConnections(deps: SalesforceConnectionsDeps): SalesforceConnections | null {
  const app = salesforceAppCredentials(salesforceOAuthConfig(deps.env));
  if (!app) return null;
  const { db, cipher } = deps;
  const tokens = createSalesforceTokenProvider({
    db,
    cipher,
    app,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.refresher === undefined ? {} : { refresher: deps.refresher }),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
    ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
  });

  async function connectionFor(tenantId: string): Promise<Connection> {
    const accessToken = await tokens.getAccessToken(tenantId);
    const stored = await loadCredentials(db, cipher, tenantId);
    if (!stored?.instanceUrl) {
      throw new AuthRevokedError(
        `Salesforce tenant ${tenantId} has no stored instance URL; it must be reinstalled before Baton can call it`,
      );
    }
    return newSalesforceConnection({
      instanceUrl: stored.instanceUrl,
      accessToken,
      renew: (rejected) => tokens.forceRefresh(tenantId, rejected),
    });
  }

  return {
    tokens,
    connectionFor,
    async request<R>(tenantId: string, request: SalesforceRequest): Promise<R> {
      const conn = await connectionFor(tenantId);
      return conn.request<R>(request);
    },
  };
}

/**
 * Every jsforce connection Baton makes: the API version pinned (jsforce defaults to 50.0) and
 * Baton named in `Sforce-Call-Options` (REST API guide, "Call Options Header": the `client`
 * string appears in the org's logs), so Baton's own writes are recognisable. `renew` makes a 401
 * refresh through Baton's token provider; `oauth2` is the install's code exchange.
 */
export function newSalesforceConnection(options: {
  readonly instanceUrl?: string;
  readonly accessToken?: string;
  readonly renew?: RenewAccessToken;
  readonly oauth2?: OAuth2;
}): Connection {
  const conn = new Connection({
    version: SALESFORCE_API_VERSION,
    callOptions: { client: SALESFORCE_CLIENT_NAME },
    ...(options.instanceUrl === undefined ? {} : { instanceUrl: options.instanceUrl }),
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    ...(options.oauth2 === undefined ? {} : { oauth2: options.oauth2 }),
  });
  if (options.renew) conn._refreshDelegate = new TenantSessionRefresh(conn, options.renew);
  return conn;
}
