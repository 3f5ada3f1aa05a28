import { sql } from 'drizzle-orm';
import type { Crm } from './crm-name.ts';
import { type Db, queryRows, type Tx } from './database.ts';
import { crmSchemaVersions } from './schema.ts';

/** Records that the tenant's CRM now holds Baton's properties as of `version`. */
export async function recordCrmSchemaVersion(
  db: Db | Tx,
  tenantId: string,
  version: string,
  now: Date,
): Promise<void> {
  await db
    .insert(crmSchemaVersions)
    .values({ tenantId, version, bootstrappedAt: now })
    .onConflictDoUpdate({ target: crmSchemaVersions.tenantId, set: { version, bootstrappedAt: now } });
}

export interface TenantBehindSchema {
  readonly id: string;
  readonly externalId: string;
}

/**
 * Active tenants of one CRM whose recorded property set is not `version` (or was never recorded),
 * leaving out those with a bootstrap (`kind`) already waiting or running in the inbox (one check
 * per status, each answered from that status's partial index).
 */
export async function findTenantsBehindSchema(
  db: Db | Tx,
  crm: Crm,
  version: string,
  kind: string,
): Promise<TenantBehindSchema[]> {
  const rows = await queryRows<{ id: string; external_id: string }>(
    db,
    sql`select t.id, t.external_id
      from tenants t
      left join crm_schema_versions v on v.tenant_id = t.id
      where t.crm = ${crm} and t.status = 'active' and v.version is distinct from ${version}
        and not exists (
          select 1 from inbox i where i.tenant_id = t.id and i.kind = ${kind} and i.status = 'pending'
        )
        and not exists (
          select 1 from inbox i where i.tenant_id = t.id and i.kind = ${kind} and i.status = 'processing'
        )
      order by t.id`,
  );
  return rows.map((row) => ({ id: row.id, externalId: row.external_id }));
}
