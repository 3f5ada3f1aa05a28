import type { Db } from '../../src/store/database.ts';
import { findTenantByExternalId } from '../../src/store/tenants.ts';

/** Short, so an uninstalled org's messages are refused within seconds of the uninstall. */
export const ORG_CACHE_TTL_MS = 10_000;

/**
 * Resolves an Outbound Message's OrganizationId to the active tenant installed for it, or null.
 * Only active tenants are cached: they are nearly every delivery. Every other answer is read
 * fresh, so a finished install is accepted at once, and ids nobody installed (the body is
 * unsigned: anyone can send any) never fill the cache.
 */
export function createOrgTenantCache(
  db: Db,
  options: { readonly clock: () => Date; readonly ttlMs?: number },
): (organizationId: string) => Promise<string | null> {
  const ttlMs = options.ttlMs ?? ORG_CACHE_TTL_MS;
  const active = new Map<string, { readonly tenantId: string; readonly expiresAt: number }>();
  return async (organizationId) => {
    const now = options.clock().getTime();
    const cached = active.get(organizationId);
    if (cached && cached.expiresAt > now) return cached.tenantId;
    const tenant = await findTenantByExternalId(db, 'salesforce', organizationId);
    if (tenant?.status === 'active') {
      active.set(organizationId, { tenantId: tenant.id, expiresAt: now + ttlMs });
      return tenant.id;
    }
    active.delete(organizationId);
    return null;
  };
}
