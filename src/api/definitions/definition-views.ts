import type { QualificationDefinition } from '../../core/qualification/definition.ts';
import { propertiesOfDefinition } from '../../core/qualification/definition-properties.ts';
import { type DefinitionChange, diffDefinitions } from '../../core/qualification/diff-definitions.ts';
import { evaluateDefinition } from '../../core/qualification/evaluate-definition.ts';
import type { QualificationResult } from '../../core/qualification/qualification-result.ts';
import { NotFoundError } from '../../errors.ts';
import type { Db } from '../../store/database.ts';
import { loadQualificationDefinitions } from '../../store/qualification-definitions.ts';
import { getSnapshot } from '../../store/snapshots.ts';
import type { VersionRef } from './definition-workflow.ts';

/** Every version of every definition of the tenant, by key, newest version first. */
export async function listDefinitionVersions(db: Db, tenantId: string): Promise<QualificationDefinition[]> {
  return loadQualificationDefinitions(db, tenantId);
}

async function version(db: Db, tenantId: string, ref: VersionRef): Promise<QualificationDefinition> {
  const [found] = (await loadQualificationDefinitions(db, tenantId, { key: ref.key })).filter(
    (v) => v.version === ref.version,
  );
  if (!found) throw new NotFoundError(`definition ${ref.key} has no version ${ref.version}`);
  return found;
}

/** What changed from one version of a definition to another. */
export async function diffDefinitionVersions(
  db: Db,
  tenantId: string,
  key: string,
  from: number,
  to: number,
): Promise<DefinitionChange[]> {
  const [before, after] = await Promise.all([
    version(db, tenantId, { key, version: from }),
    version(db, tenantId, { key, version: to }),
  ]);
  return diffDefinitions(before, after);
}

export interface DryRun {
  readonly result: QualificationResult;
  /** Properties the definition reads that Baton holds no value of for this record yet. */
  readonly unknownProperties: readonly string[];
  /** Properties the definition reads whose changes the CRM does not send: judged only on other changes. */
  readonly unwatchedProperties: readonly string[];
  /** When Baton last saw the record's values. */
  readonly observedAt: number;
}

/**
 * The properties a definition reads that the CRM's change notifications do not cover (null:
 * every change is seen); a record is then re-judged only on another change or on backfill.
 */
export function unwatchedProperties(
  definition: QualificationDefinition,
  watched: ReadonlySet<string> | null,
): string[] {
  return watched ? propertiesOfDefinition(definition).filter((p) => !watched.has(p)) : [];
}

/**
 * Judges one real record by any version, draft included, without storing anything: the verdict
 * it would get once active. It reads the record as Baton last saw it; properties the definition
 * reads that Baton has no value of (not read until a definition asks for them) are listed.
 */
export async function dryRunDefinition(
  db: Db,
  tenantId: string,
  ref: VersionRef,
  record: { readonly objectType: string; readonly recordId: string },
  now: Date,
  watched: ReadonlySet<string> | null = null,
): Promise<DryRun> {
  const [definition, snapshot] = await Promise.all([
    version(db, tenantId, ref),
    getSnapshot(db, tenantId, record.objectType, record.recordId),
  ]);
  if (!snapshot) throw new NotFoundError(`Baton holds no ${record.objectType} record ${record.recordId}`);
  return {
    result: evaluateDefinition(definition, snapshot.properties, now.getTime()),
    unknownProperties: propertiesOfDefinition(definition).filter((p) => !(p in snapshot.properties)),
    unwatchedProperties: unwatchedProperties(definition, watched),
    observedAt: snapshot.observedAt,
  };
}
