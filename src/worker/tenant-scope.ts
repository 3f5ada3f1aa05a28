import { loadTenantConfig, type TenantConfig, type TenantDefaults } from '../pipeline/tenant-config.ts';
import type { Db, Tx } from '../store/database.ts';
import type { InboxRow } from '../store/inbox-intake.ts';
import { getTenant, type Tenant } from '../store/tenants.ts';

export interface TenantScope {
  readonly tenant: Tenant;
  readonly config: TenantConfig;
}

/** The tenant of a claimed group (the worker groups items by tenant), or null when it has none. */
export async function tenantOfItems(db: Db | Tx, items: readonly InboxRow[]): Promise<Tenant | null> {
  const tenantId = items[0]?.tenantId;
  return tenantId ? getTenant(db, tenantId) : null;
}

/**
 * The group's tenant with its configuration when it is active. Work of a tenant that is not
 * (uninstalled, or gone) is finished without effect: its CRM would refuse the calls anyway.
 */
export async function activeTenantScope(
  db: Db | Tx,
  items: readonly InboxRow[],
  defaults: TenantDefaults,
): Promise<TenantScope | null> {
  const tenant = await tenantOfItems(db, items);
  if (tenant?.status !== 'active') return null;
  return { tenant, config: await loadTenantConfig(db, tenant, defaults) };
}
