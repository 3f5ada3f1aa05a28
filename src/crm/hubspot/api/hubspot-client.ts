import type { Environment } from '../../../config/environment.ts';
import type { Logger } from '../../../log.ts';
import type { Db } from '../../../store/database.ts';
import type { RollingLimit } from '../../../store/rate-limits.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { hubSpotAppCredentials, hubSpotOAuthConfig } from '../oauth/hubspot-oauth-config.ts';
import { createHubSpotTokenProvider, type HubSpotTokenProvider } from '../oauth/hubspot-token-provider.ts';
import { createHubSpotHttp, type HubSpotHttp } from './hubspot-http.ts';
import { createHubSpotSdk } from './hubspot-sdk.ts';
import {
  createPostgresRateLimitStore,
  createRateLimiter,
  HUBSPOT_PORTAL_LIMIT,
  type RateLimiter,
} from './rate-limiter.ts';

export interface HubSpotClientDeps {
  readonly env: Environment;
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The OAuth token calls' fetch (hand-written); the SDK sends CRM calls through global fetch. */
  readonly fetch?: typeof fetch;
  readonly portalLimit?: RollingLimit;
  /** Further limits every request also takes a permit from, kept per portal under `<portal>:<name>`. */
  readonly extraLimits?: Readonly<Record<string, RollingLimit>>;
}

export interface HubSpotClient {
  readonly http: HubSpotHttp;
  readonly tokens: HubSpotTokenProvider;
}

/**
 * Baton's HubSpot client, however it runs (server, worker, CLI): the shared token provider (one
 * refresh per portal across processes) and the portal's limit kept in PostgreSQL, so everything
 * Baton runs against one portal together stays under HubSpot's limit. Null without app credentials.
 */
export function createHubSpotClient(deps: HubSpotClientDeps): HubSpotClient | null {
  const { env, db, cipher, logger } = deps;
  const app = hubSpotAppCredentials(hubSpotOAuthConfig(env));
  if (!app) return null;
  const clock = deps.clock ?? (() => new Date());
  const withFetch = deps.fetch ? { fetch: deps.fetch } : {};
  const withSleep = deps.sleep ? { sleep: deps.sleep } : {};
  const store = createPostgresRateLimitStore(db);
  // Narrower limits first, so a request waiting on one holds no permit of the portal's limit.
  const limits = [
    ...Object.entries(deps.extraLimits ?? {}).map(([name, rule]) => ({ suffix: `:${name}`, rule })),
    { suffix: '', rule: deps.portalLimit ?? HUBSPOT_PORTAL_LIMIT },
  ].map(({ suffix, rule }) => ({ suffix, limiter: createRateLimiter({ store, clock, rule, ...withSleep }) }));
  const limiter: RateLimiter = {
    async acquire(key) {
      for (const limit of limits) await limit.limiter.acquire(`${key}${limit.suffix}`);
    },
  };
  const tokens = createHubSpotTokenProvider({ db, cipher, config: app, clock, logger, ...withFetch });
  const http = createHubSpotHttp({
    sdk: createHubSpotSdk(env.HUBSPOT_API_BASE_URL),
    tokens,
    limiter,
    logger,
    clock,
    ...withSleep,
  });
  return { http, tokens };
}
