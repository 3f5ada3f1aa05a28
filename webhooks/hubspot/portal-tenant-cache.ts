import type { Db } from '../../src/store/database.ts';
import { findTenantByExternalId } from '../../src/store/tenants.ts';

/** What intake does with a portal's events. */
export type PortalDestination =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  /** Install not finished: stored unattached until `attachTenant` adopts them or they expire. */
  | { readonly kind: 'unattached' }
  /** Uninstalled: acknowledged and dropped. */
  | { readonly kind: 'ignored' };

export const PORTAL_CACHE_TTL_MS = 30_000;

/**
 * Resolves portals to tenants for the intake hot path. Only active tenants are cached: they are
 * nearly every delivery, and their id never changes. Every other answer is read fresh, because
 * caching "not installed yet" would store events unattached after `attachTenant` already ran
 * for the finished install, and caching "uninstalled" would drop the first events of a
 * reinstall. A cached tenant uninstalled meanwhile keeps receiving events for at most one TTL;
 * the worker already has to cope with tenants that uninstall mid-batch.
 */
export function createPortalTenantCache(
  db: Db,
  options: { readonly clock: () => Date; readonly ttlMs?: number },
): (portalId: string) => Promise<PortalDestination> {
  const ttlMs = options.ttlMs ?? PORTAL_CACHE_TTL_MS;
  const active = new Map<string, { readonly tenantId: string; readonly expiresAt: number }>();
  return async (portalId) => {
    const now = options.clock().getTime();
    const cached = active.get(portalId);
    if (cached && cached.expiresAt > now) return { kind: 'tenant', tenantId: cached.tenantId };
    const tenant = await findTenantByExternalId(db, 'hubspot', portalId);
    if (tenant?.status === 'active') {
      active.set(portalId, { tenantId: tenant.id, expiresAt: now + ttlMs });
      return { kind: 'tenant', tenantId: tenant.id };
    }
    active.delete(portalId);
    return tenant?.status === 'uninstalled' ? { kind: 'ignored' } : { kind: 'unattached' };
  };
}
