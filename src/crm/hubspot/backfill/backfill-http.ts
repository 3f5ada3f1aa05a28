import type { RollingLimit } from '../../../store/rate-limits.ts';
import { createHubSpotClient, type HubSpotClientDeps } from '../api/hubspot-client.ts';
import type { HubSpotHttp } from '../api/hubspot-http.ts';

/**
 * HubSpot allows 5 search requests per second per account, on top of the portal-wide limit;
 * 4 leaves headroom for clock skew between processes like the portal limit does.
 */
export const HUBSPOT_SEARCH_LIMIT: RollingLimit = { limit: 4, windowMs: 1_000, bucketMs: 250 };

export interface BackfillHttpDeps extends Omit<HubSpotClientDeps, 'extraLimits'> {
  readonly searchLimit?: RollingLimit;
}

/**
 * The client the backfill searches with: Baton's HubSpot client, so a backfill and the workers of
 * a running Baton together stay under the portal's limit, with every request also taking a permit
 * from the portal's search limit. Null without app credentials.
 */
export function createBackfillHttp(deps: BackfillHttpDeps): HubSpotHttp | null {
  const { searchLimit, ...client } = deps;
  return (
    createHubSpotClient({ ...client, extraLimits: { search: searchLimit ?? HUBSPOT_SEARCH_LIMIT } })?.http ??
    null
  );
}
