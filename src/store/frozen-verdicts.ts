import { and, asc, eq, inArray } from 'drizzle-orm';
import type { QualificationResult } from '../core/qualification/qualification-result.ts';
import type { Instant } from '../core/time.ts';
import { inBatches } from './batches.ts';
import type { Db, Tx } from './database.ts';
import { frozenVerdicts, type JsonObject } from './schema.ts';

export interface FrozenVerdict {
  readonly recordId: string;
  /** The ledger event the verdict was frozen with. */
  readonly dedupeKey: string;
  readonly occasion: 'qualified' | 'handed_off';
  readonly occurredAt: Instant;
  readonly result: QualificationResult;
}

/** Stores verdicts frozen with ledger events; one already stored for its event is left as it is. */
export async function saveFrozenVerdicts(
  db: Db | Tx,
  tenantId: string,
  verdicts: readonly FrozenVerdict[],
): Promise<number> {
  let stored = 0;
  for (const batch of inBatches(verdicts, 500)) {
    const rows = await db
      .insert(frozenVerdicts)
      .values(
        batch.map((v) => ({
          tenantId,
          recordId: v.recordId,
          dedupeKey: v.dedupeKey,
          occasion: v.occasion,
          occurredAt: new Date(v.occurredAt),
          definitionKey: v.result.definitionKey,
          definitionVersion: v.result.definitionVersion,
          result: v.result as unknown as JsonObject,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: frozenVerdicts.dedupeKey });
    stored += rows.length;
  }
  return stored;
}

/** Every frozen verdict of these records, oldest first, in one query. */
export async function getFrozenVerdicts(
  db: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
): Promise<Map<string, FrozenVerdict[]>> {
  const byRecord = new Map<string, FrozenVerdict[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = await db
    .select()
    .from(frozenVerdicts)
    .where(
      and(eq(frozenVerdicts.tenantId, tenantId), inArray(frozenVerdicts.recordId, [...new Set(recordIds)])),
    )
    .orderBy(asc(frozenVerdicts.occurredAt));
  for (const row of rows) {
    const list = byRecord.get(row.recordId) ?? [];
    list.push({
      recordId: row.recordId,
      dedupeKey: row.dedupeKey,
      occasion: row.occasion,
      occurredAt: row.occurredAt.getTime(),
      result: row.result as unknown as QualificationResult,
    });
    byRecord.set(row.recordId, list);
  }
  return byRecord;
}
