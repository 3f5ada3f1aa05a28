import { and, eq, lte, sql } from 'drizzle-orm';
import type { QualificationResult } from '../core/qualification/qualification-result.ts';
import type { Instant } from '../core/time.ts';
import type { Db, Tx } from './database.ts';
import { type JsonObject, qualificationResults } from './schema.ts';

export interface StoredQualification {
  readonly result: QualificationResult;
  readonly observedAt: Instant;
  readonly evaluatedAt: Instant;
}

/**
 * Keeps the latest verdict per record. A result computed from an older snapshot than the stored
 * one is ignored, for the same out-of-order reason snapshots are latest-wins.
 */
export async function saveQualificationResult(
  db: Db | Tx,
  tenantId: string,
  recordId: string,
  result: QualificationResult,
  observedAt: Instant,
  now: Date,
): Promise<boolean> {
  const row = {
    tenantId,
    recordId,
    definitionKey: result.definitionKey,
    definitionVersion: result.definitionVersion,
    verdict: result.verdict,
    result: result as unknown as JsonObject,
    observedAt: new Date(observedAt),
    evaluatedAt: now,
  };
  const written = await db
    .insert(qualificationResults)
    .values(row)
    .onConflictDoUpdate({
      target: [qualificationResults.tenantId, qualificationResults.recordId],
      set: {
        definitionKey: sql`excluded.definition_key`,
        definitionVersion: sql`excluded.definition_version`,
        verdict: sql`excluded.verdict`,
        result: sql`excluded.result`,
        observedAt: sql`excluded.observed_at`,
        evaluatedAt: sql`excluded.evaluated_at`,
      },
      setWhere: lte(qualificationResults.observedAt, sql`excluded.observed_at`),
    })
    .returning({ recordId: qualificationResults.recordId });
  return written.length === 1;
}

export async function getQualificationResult(
  db: Db | Tx,
  tenantId: string,
  recordId: string,
): Promise<StoredQualification | null> {
  const [row] = await db
    .select()
    .from(qualificationResults)
    .where(and(eq(qualificationResults.tenantId, tenantId), eq(qualificationResults.recordId, recordId)));
  return row
    ? {
        result: row.result as unknown as QualificationResult,
        observedAt: row.observedAt.getTime(),
        evaluatedAt: row.evaluatedAt.getTime(),
      }
    : null;
}
