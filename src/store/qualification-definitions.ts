import type { QualificationDefinition } from '../core/qualification/definition.ts';
import { validateDefinition } from '../core/qualification/validate-definition.ts';
import { unwrap } from '../core/validation.ts';
import type { ConfigChange } from './audit-log.ts';
import type { Db, Tx } from './database.ts';
import { type DefinitionVersion, listDefinitions, saveDefinitionVersion } from './definitions.ts';

/**
 * Stores a core qualification definition: the whole definition is the body, and status, scope and
 * approvals are copied into columns so the console can list and filter without parsing bodies.
 */
export async function saveQualificationDefinition(
  db: Db | Tx,
  tenantId: string,
  definition: QualificationDefinition,
  change: ConfigChange,
): Promise<QualificationDefinition> {
  const valid = unwrap(
    `qualification definition ${definition.key}@${definition.version}`,
    validateDefinition(definition),
  );
  const at = (instant: number | undefined) => (instant === undefined ? null : new Date(instant));
  const row: DefinitionVersion = {
    key: valid.key,
    version: valid.version,
    status: valid.status,
    scope: { ...valid.scope },
    body: valid as unknown as DefinitionVersion['body'],
    marketingApprovedBy: valid.approvals.marketing?.by ?? null,
    marketingApprovedAt: at(valid.approvals.marketing?.at),
    salesApprovedBy: valid.approvals.sales?.by ?? null,
    salesApprovedAt: at(valid.approvals.sales?.at),
    createdBy: valid.createdBy ?? change.actor,
    createdAt: new Date(valid.createdAt),
    activatedAt: at(valid.activatedAt),
    retiredAt: at(valid.retiredAt),
  };
  await saveDefinitionVersion(db, tenantId, row, change);
  return valid;
}

/** Every stored version, parsed back into core definitions; a body that no longer validates is an error. */
export async function loadQualificationDefinitions(
  db: Db | Tx,
  tenantId: string,
  filter: Parameters<typeof listDefinitions>[2] = {},
): Promise<QualificationDefinition[]> {
  const rows = await listDefinitions(db, tenantId, filter);
  return rows.map((row) =>
    unwrap(`stored definition ${row.key}@${row.version}`, validateDefinition(row.body)),
  );
}
