import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { LedgerEntry } from '../core/journey/ledger-entry.ts';
import { groupByRecord } from './batches.ts';
import { type Db, queryRows, type Tx } from './database.ts';
import {
  fieldNotes,
  frozenVerdicts,
  leadFacts,
  ledger,
  qualificationResults,
  recordSnapshots,
  touches,
} from './schema.ts';
import { deleteSlaClocks } from './sla-clocks.ts';

/**
 * Appends entries; one already recorded (same record and dedupe key) is skipped, so replaying
 * the same input is a no-op. Returns how many were actually inserted.
 */
export async function appendLedgerEntries(
  db: Db | Tx,
  tenantId: string,
  entries: readonly LedgerEntry[],
): Promise<number> {
  return (await insertLedgerEntries(db, tenantId, entries)).length;
}

/**
 * Appends entries as `appendLedgerEntries` does and names the ones this call recorded: a fact
 * whose effects must happen once (an SLA breach's actions) happens for these only. The rows
 * travel as one array per column, which keeps the statement text and parameter count constant.
 */
export async function insertLedgerEntries(
  db: Db | Tx,
  tenantId: string,
  entries: readonly LedgerEntry[],
): Promise<{ readonly recordId: string; readonly dedupeKey: string }[]> {
  if (entries.length === 0) return [];
  const column = <T>(pick: (entry: LedgerEntry) => T) => sql.param(entries.map(pick));
  return queryRows<{ recordId: string; dedupeKey: string }>(
    db,
    sql`insert into ledger (tenant_id, record_id, kind, occurred_at, stage, event, owner_function, owner_person,
        reason_code, feedback, definition_key, definition_version, actor, sla_state, dedupe_key)
      select ${tenantId}::uuid, e.*
      from unnest(
        ${column((e) => e.recordId)}::text[],
        ${column((e) => e.kind)}::text[],
        ${column((e) => new Date(e.occurredAt).toISOString())}::timestamptz[],
        ${column((e) => e.stage ?? null)}::text[],
        ${column((e) => e.event ?? null)}::text[],
        ${column((e) => e.ownerFunction ?? null)}::text[],
        ${column((e) => e.ownerPerson ?? null)}::text[],
        ${column((e) => e.reasonCode ?? null)}::text[],
        ${column((e) => e.feedback ?? null)}::text[],
        ${column((e) => e.definitionKey ?? null)}::text[],
        ${column((e) => e.definitionVersion ?? null)}::integer[],
        ${column((e) => e.actor ?? null)}::text[],
        ${column((e) => e.slaState ?? null)}::text[],
        ${column((e) => e.dedupeKey)}::text[]
      ) as e
      on conflict (tenant_id, record_id, dedupe_key) do nothing
      returning record_id as "recordId", dedupe_key as "dedupeKey"`,
  );
}

/** The record's journey in event-time order; entries at the same instant keep recording order. */
export async function readLedger(db: Db | Tx, tenantId: string, recordId: string): Promise<LedgerEntry[]> {
  return (await readLedgers(db, tenantId, [recordId])).get(recordId) ?? [];
}

/** Several records' ledgers in one query, each in occurrence order; records without entries are absent. */
export async function readLedgers(
  db: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
): Promise<Map<string, LedgerEntry[]>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(ledger)
    .where(and(eq(ledger.tenantId, tenantId), inArray(ledger.recordId, [...new Set(recordIds)])))
    .orderBy(asc(ledger.occurredAt), asc(ledger.id));
  return groupByRecord(rows, toEntry);
}

export interface RecordDataDeleted {
  readonly ledger: number;
  readonly touches: number;
  readonly snapshots: number;
  readonly qualifications: number;
}

/** Privacy deletion: everything Baton holds about one person's record, all or nothing. */
export async function deleteRecordData(
  db: Db | Tx,
  tenantId: string,
  recordId: string,
): Promise<RecordDataDeleted> {
  return db.transaction(async (tx) => {
    const deletedLedger = await tx
      .delete(ledger)
      .where(and(eq(ledger.tenantId, tenantId), eq(ledger.recordId, recordId)))
      .returning({ id: ledger.id });
    const deletedTouches = await tx
      .delete(touches)
      .where(and(eq(touches.tenantId, tenantId), eq(touches.recordId, recordId)))
      .returning({ id: touches.touchId });
    const deletedSnapshots = await tx
      .delete(recordSnapshots)
      .where(and(eq(recordSnapshots.tenantId, tenantId), eq(recordSnapshots.crmRecordId, recordId)))
      .returning({ id: recordSnapshots.crmRecordId });
    const deletedQualifications = await tx
      .delete(qualificationResults)
      .where(and(eq(qualificationResults.tenantId, tenantId), eq(qualificationResults.recordId, recordId)))
      .returning({ id: qualificationResults.recordId });
    await deleteSlaClocks(tx, tenantId, [recordId]);
    await tx.delete(leadFacts).where(and(eq(leadFacts.tenantId, tenantId), eq(leadFacts.recordId, recordId)));
    await tx
      .delete(frozenVerdicts)
      .where(and(eq(frozenVerdicts.tenantId, tenantId), eq(frozenVerdicts.recordId, recordId)));
    // A rep's notes about the person go with the rest of their data.
    await tx
      .delete(fieldNotes)
      .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.recordId, recordId)));
    return {
      ledger: deletedLedger.length,
      touches: deletedTouches.length,
      snapshots: deletedSnapshots.length,
      qualifications: deletedQualifications.length,
    };
  });
}

/**
 * Owner fields come back as `null` when empty (the core reads a missing owner and `null` alike);
 * the other optional fields are left out when empty.
 */
function toEntry(row: typeof ledger.$inferSelect): LedgerEntry {
  return {
    kind: row.kind,
    recordId: row.recordId,
    occurredAt: row.occurredAt.getTime(),
    dedupeKey: row.dedupeKey,
    ownerFunction: row.ownerFunction,
    ownerPerson: row.ownerPerson,
    ...(row.stage === null ? {} : { stage: row.stage }),
    ...(row.event === null ? {} : { event: row.event }),
    ...(row.reasonCode === null ? {} : { reasonCode: row.reasonCode }),
    ...(row.feedback === null ? {} : { feedback: row.feedback }),
    ...(row.definitionKey === null ? {} : { definitionKey: row.definitionKey }),
    ...(row.definitionVersion === null ? {} : { definitionVersion: row.definitionVersion }),
    ...(row.actor === null ? {} : { actor: row.actor }),
    ...(row.slaState === null ? {} : { slaState: row.slaState }),
  };
}
