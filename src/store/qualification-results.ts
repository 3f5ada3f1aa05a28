import { and, eq, inArray, lte, sql } from 'drizzle-orm';
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
  return (await saveQualificationResults(db, tenantId, [{ recordId, result, observedAt }], now)) === 1;
}

/** `saveQualificationResult` for many records (one verdict each) in one statement; returns how many were kept. */
export async function saveQualificationResults(
  db: Db | Tx,
  tenantId: string,
  verdicts: readonly {
    readonly recordId: string;
    readonly result: QualificationResult;
    readonly observedAt: Instant;
  }[],
  now: Date,
): Promise<number> {
  if (verdicts.length === 0) return 0;
  const latest = new Map<string, (typeof verdicts)[number]>();
  for (const v of verdicts) {
    const held = latest.get(v.recordId);
    if (!held || held.observedAt <= v.observedAt) latest.set(v.recordId, v);
  }
  const rows = [...latest.values()].map(({ recordId, result, observedAt }) => ({
    tenantId,
    recordId,
    definitionKey: result.definitionKey,
    definitionVersion: result.definitionVersion,
    verdict: result.verdict,
    result: result as unknown as JsonObject,
    observedAt: new Date(observedAt),
    evaluatedAt: now,
  }));
  const written = await db
    .insert(qualificationResults)
    .values(rows)
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
  return written.length;
}

export async function getQualificationResult(
  db: Db | Tx,
  tenantId: string,
  recordId: string,
): Promise<StoredQualification | null> {
  return (await getQualificationResults(db, tenantId, [recordId])).get(recordId) ?? null;
}

/** Several records' latest verdicts in one query; records never judged are absent. */
export async function getQualificationResults(
  db: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
): Promise<Map<string, StoredQualification>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(qualificationResults)
    .where(
      and(
        eq(qualificationResults.tenantId, tenantId),
        inArray(qualificationResults.recordId, [...new Set(recordIds)]),
      ),
    );
  return new Map(
    rows.map((row) => [
      row.recordId,
      {
        result: row.result as unknown as QualificationResult,
        observedAt: row.observedAt.getTime(),
        evaluatedAt: row.evaluatedAt.getTime(),
      },
    ]),
  );
}
