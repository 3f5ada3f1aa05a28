import type { HubSpotHttp } from '../api/hubspot-http.ts';
import { isHubSpotRejection } from '../api/hubspot-rejection.ts';

/** A HubSpot user as the card API needs them: the owner id leads are held by, and their teams. */
export interface HubSpotCardUser {
  readonly ownerId: string | null;
  readonly teamIds: readonly string[];
}

const TTL_MS = 5 * 60_000;

/**
 * HubSpot signs the caller's user id, but records name owners: the owners API maps one onto the
 * other (`GET /crm/v3/owners/{userId}?idProperty=userId`). Answers are kept five minutes per
 * process, so a rep clicking through cards costs one call; a user who is no owner holds no lead.
 */
export function createHubSpotCardUsers(http: HubSpotHttp, clock: () => Date = () => new Date()) {
  const cache = new Map<string, { readonly user: HubSpotCardUser; readonly until: number }>();
  return async function userOf(tenantId: string, userId: string): Promise<HubSpotCardUser> {
    const key = `${tenantId}:${userId}`;
    const now = clock().getTime();
    const held = cache.get(key);
    if (held && held.until > now) return held.user;
    let user: HubSpotCardUser;
    try {
      const owner = await http.call(tenantId, 'GET /crm/v3/owners/{ownerId}', (sdk, options) =>
        sdk.owners.ownersApi.getById(Number(userId), 'userId', false, options),
      );
      user = { ownerId: owner.id, teamIds: (owner.teams ?? []).map((t) => t.id) };
    } catch (error) {
      if (!isHubSpotRejection(error, 404)) throw error;
      user = { ownerId: null, teamIds: [] };
    }
    cache.set(key, { user, until: now + TTL_MS });
    return user;
  };
}

/**
 * The names of the owners who hold leads, for the card's "held by": one owners call per owner and
 * five minutes, and no name (the card shows the owner id) when HubSpot cannot say, since a card
 * must not fail for want of a name.
 */
export function createHubSpotOwnerNames(
  http: HubSpotHttp,
  logger: { warn(fields: object, message: string): void },
  clock: () => Date = () => new Date(),
) {
  const cache = new Map<string, { readonly name: string | null; readonly until: number }>();
  return async function ownerNameOf(tenantId: string, ownerId: string): Promise<string | null> {
    const key = `${tenantId}:${ownerId}`;
    const now = clock().getTime();
    const held = cache.get(key);
    if (held && held.until > now) return held.name;
    let name: string | null = null;
    try {
      const owner = await http.call(tenantId, 'GET /crm/v3/owners/{ownerId}', (sdk, options) =>
        sdk.owners.ownersApi.getById(Number(ownerId), 'id', false, options),
      );
      name = [owner.firstName, owner.lastName].filter((part) => part).join(' ') || owner.email || null;
    } catch (error) {
      if (!isHubSpotRejection(error, 404)) {
        logger.warn(
          { tenant: tenantId, err: error },
          'owner name lookup failed; the card shows the owner id',
        );
        return null;
      }
    }
    cache.set(key, { name, until: now + TTL_MS });
    return name;
  };
}
