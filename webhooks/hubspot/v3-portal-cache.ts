import type { Db } from '../../src/store/database.ts';
import { findSignatureFloors, raiseSignatureFloors } from '../../src/store/signature-floors.ts';
import { PORTAL_CACHE_TTL_MS } from './portal-tenant-cache.ts';

export interface V3PortalCache {
  /** Records that these portals' deliveries arrive v3-signed. */
  noteV3(portalIds: readonly string[], now: Date): Promise<void>;
  /** Whether a v1-signed delivery may still speak for every one of these portals. */
  allowsV1(portalIds: readonly string[], now: Date): Promise<boolean>;
}

/**
 * Once a portal's deliveries verify with v3, its v1 deliveries are refused: v1 signs neither
 * time nor URL, so the bytes of a v3 delivery replayed with the v3 headers stripped would pass.
 * "Is v3" never reverts, so it is cached for good and a v3 batch of a known portal costs no
 * query. "Not v3 yet" is cached for one TTL: another process may learn otherwise meanwhile, and
 * a replay inside that window is still a duplicate the inbox receipts (3 days) recognise.
 */
export function createV3PortalCache(db: Db, options: { readonly ttlMs?: number } = {}): V3PortalCache {
  const ttlMs = options.ttlMs ?? PORTAL_CACHE_TTL_MS;
  const v3 = new Set<string>();
  const notV3Until = new Map<string, number>();
  return {
    async noteV3(portalIds, now) {
      const fresh = [...new Set(portalIds)].filter((portal) => !v3.has(portal));
      if (fresh.length === 0) return;
      await raiseSignatureFloors(db, 'hubspot', 'v3', fresh, now);
      for (const portal of fresh) {
        v3.add(portal);
        notV3Until.delete(portal);
      }
    },
    async allowsV1(portalIds, now) {
      const portals = [...new Set(portalIds)];
      if (portals.some((portal) => v3.has(portal))) return false;
      const at = now.getTime();
      const unknown = portals.filter((portal) => (notV3Until.get(portal) ?? 0) <= at);
      if (unknown.length === 0) return true;
      const found = await findSignatureFloors(db, 'hubspot', 'v3', unknown);
      for (const portal of unknown) {
        if (found.has(portal)) {
          v3.add(portal);
          notV3Until.delete(portal);
        } else {
          notV3Until.set(portal, at + ttlMs);
        }
      }
      return found.size === 0;
    },
  };
}
