import { and, eq } from 'drizzle-orm';
import { type ConfigChange, writeAudit } from './audit-log.ts';
import type { Crm } from './crm-name.ts';
import type { Db, Tx } from './database.ts';
import { type JsonObject, type TenantStatus, tenants } from './schema.ts';

export type Tenant = typeof tenants.$inferSelect;

export interface NewTenant {
  readonly crm: Crm;
  /** HubSpot portal id or Salesforce org id. */
  readonly externalId: string;
  readonly name: string;
  readonly status?: TenantStatus;
  readonly settings?: JsonObject;
}

export async function createTenant(db: Db | Tx, tenant: NewTenant, now: Date): Promise<Tenant> {
  const [created] = await db
    .insert(tenants)
    .values({
      crm: tenant.crm,
      externalId: tenant.externalId,
      name: tenant.name,
      status: tenant.status ?? 'installing',
      installedAt: now,
      settings: tenant.settings ?? {},
    })
    .returning();
  if (!created) throw new Error(`Tenant ${tenant.crm}:${tenant.externalId} was not created`);
  return created;
}

export async function findTenantByExternalId(
  db: Db | Tx,
  crm: Crm,
  externalId: string,
): Promise<Tenant | null> {
  const [found] = await db
    .select()
    .from(tenants)
    .where(and(eq(tenants.crm, crm), eq(tenants.externalId, externalId)));
  return found ?? null;
}

export async function getTenant(db: Db | Tx, id: string): Promise<Tenant | null> {
  const [found] = await db.select().from(tenants).where(eq(tenants.id, id));
  return found ?? null;
}

/** A new install restarts the install clock; uninstalling stamps when calls had to stop. */
export async function setTenantStatus(
  db: Db | Tx,
  id: string,
  status: TenantStatus,
  now: Date,
): Promise<Tenant | null> {
  const [updated] = await db
    .update(tenants)
    .set({
      status,
      uninstalledAt: status === 'uninstalled' ? now : null,
      ...(status === 'installing' ? { installedAt: now } : {}),
    })
    .where(eq(tenants.id, id))
    .returning();
  return updated ?? null;
}

/**
 * Replaces a tenant's settings with what `change` makes of the current ones, under a row lock so
 * two saves take turns, with the audit row (before and after) in the same transaction.
 */
export async function updateTenantSettings(
  db: Db | Tx,
  tenantId: string,
  change: (current: JsonObject) => JsonObject,
  config: ConfigChange,
): Promise<JsonObject> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
    if (!current) throw new Error(`tenant ${tenantId} does not exist`);
    const settings = change(current.settings);
    await tx.update(tenants).set({ settings }).where(eq(tenants.id, tenantId));
    await writeAudit(tx, {
      tenantId,
      actor: config.actor,
      action: 'settings.saved',
      subjectType: 'tenant_settings',
      subjectKey: tenantId,
      before: current.settings,
      after: settings,
      at: config.now,
    });
    return settings;
  });
}

/** The CRM's tenants Baton works for now (periodic passes visit each). */
export async function listActiveTenants(db: Db | Tx, crm: Crm): Promise<Tenant[]> {
  return db
    .select()
    .from(tenants)
    .where(and(eq(tenants.crm, crm), eq(tenants.status, 'active')));
}
