import { and, asc, desc, eq } from 'drizzle-orm';
import { type ConfigChange, writeAudit } from './audit-log.ts';
import type { Db, Tx } from './database.ts';
import { type DefinitionStatus, qualificationDefinitions } from './schema.ts';

/** One version of a qualification definition as stored; `body` and `scope` belong to the core. */
export type DefinitionVersion = Omit<typeof qualificationDefinitions.$inferSelect, 'tenantId'>;

/**
 * Creates a definition version or updates it in place (status moves, approvals). Its creation
 * stamp never changes. At most one version per key may be active, so a caller activating a new
 * version retires the old one first, in the same transaction. The audit row records the row as it
 * was and as it is now.
 */
export async function saveDefinitionVersion(
  db: Db | Tx,
  tenantId: string,
  definition: DefinitionVersion,
  change: ConfigChange,
): Promise<DefinitionVersion> {
  return db.transaction(async (tx) => {
    const [previous] = await tx
      .select()
      .from(qualificationDefinitions)
      .where(identifies(tenantId, definition.key, definition.version))
      .for('update');
    const { key, version, createdBy, createdAt, ...mutable } = definition;
    const [saved] = await tx
      .insert(qualificationDefinitions)
      .values({ tenantId, ...definition })
      .onConflictDoUpdate({
        target: [
          qualificationDefinitions.tenantId,
          qualificationDefinitions.key,
          qualificationDefinitions.version,
        ],
        set: mutable,
      })
      .returning();
    if (!saved) throw new Error(`Definition ${key}@${version} was not saved`);
    const stored = withoutTenant(saved);
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: previous ? `definition.${stored.status}` : 'definition.created',
      subjectType: 'qualification_definition',
      subjectKey: `${key}@${version}`,
      before: previous ? withoutTenant(previous) : null,
      after: stored,
      at: change.now,
    });
    return stored;
  });
}

export async function getDefinition(
  db: Db | Tx,
  tenantId: string,
  key: string,
  version: number,
): Promise<DefinitionVersion | null> {
  const [row] = await db
    .select()
    .from(qualificationDefinitions)
    .where(identifies(tenantId, key, version));
  return row ? withoutTenant(row) : null;
}

/** Definitions by key, newest version first. */
export async function listDefinitions(
  db: Db | Tx,
  tenantId: string,
  filter: { readonly key?: string; readonly status?: DefinitionStatus } = {},
): Promise<DefinitionVersion[]> {
  const rows = await db
    .select()
    .from(qualificationDefinitions)
    .where(
      and(
        eq(qualificationDefinitions.tenantId, tenantId),
        filter.key === undefined ? undefined : eq(qualificationDefinitions.key, filter.key),
        filter.status === undefined ? undefined : eq(qualificationDefinitions.status, filter.status),
      ),
    )
    .orderBy(asc(qualificationDefinitions.key), desc(qualificationDefinitions.version));
  return rows.map(withoutTenant);
}

function identifies(tenantId: string, key: string, version: number) {
  return and(
    eq(qualificationDefinitions.tenantId, tenantId),
    eq(qualificationDefinitions.key, key),
    eq(qualificationDefinitions.version, version),
  );
}

function withoutTenant(row: typeof qualificationDefinitions.$inferSelect): DefinitionVersion {
  const { tenantId: _tenantId, ...definition } = row;
  return definition;
}
