import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from './database.ts';
import { refreshLeadFacts } from './lead-facts.ts';
import { deleteRecordData } from './ledger.ts';
import { fieldNotes } from './schema.ts';

export interface RowsMoved {
  readonly moved: number;
  /** Rows of the merged-away record the survivor already had; they are removed. */
  readonly duplicates: number;
}

/** The tables a record's history lives in, each with the column that names one fact of it. */
const FACT_KEYS = { ledger: 'dedupe_key', touches: 'touch_id', frozen_verdicts: 'dedupe_key' } as const;

/**
 * After a CRM merge the surviving record inherits the merged-away record's rows of `table`. A
 * row whose fact the survivor already holds describes the same fact twice, so it is dropped.
 */
export async function moveRecordRows(
  db: Db | Tx,
  table: keyof typeof FACT_KEYS,
  tenantId: string,
  fromId: string,
  intoId: string,
): Promise<RowsMoved> {
  if (fromId === intoId) return { moved: 0, duplicates: 0 };
  const rows = sql.identifier(table);
  const fact = sql.identifier(FACT_KEYS[table]);
  return db.transaction(async (tx) => {
    const moved = await queryRows(
      tx,
      sql`update ${rows} as moving set record_id = ${intoId}
        where moving.tenant_id = ${tenantId}::uuid and moving.record_id = ${fromId}
          and not exists (select 1 from ${rows} as survivor
            where survivor.tenant_id = moving.tenant_id and survivor.record_id = ${intoId}
              and survivor.${fact} = moving.${fact})
        returning 1 as one`,
    );
    const duplicates = await queryRows(
      tx,
      sql`delete from ${rows} where tenant_id = ${tenantId}::uuid and record_id = ${fromId} returning 1 as one`,
    );
    return { moved: moved.length, duplicates: duplicates.length };
  });
}

/** Folds a merged-away record into its survivor: journey, touches, frozen verdicts and field notes move, the rest is deleted, and the survivor's report facts are rebuilt. */
export async function mergeRecordData(
  tx: Tx,
  tenantId: string,
  fromId: string,
  intoId: string,
  now: Date,
): Promise<void> {
  if (fromId === intoId) return;
  await moveRecordRows(tx, 'ledger', tenantId, fromId, intoId);
  await moveRecordRows(tx, 'touches', tenantId, fromId, intoId);
  await moveRecordRows(tx, 'frozen_verdicts', tenantId, fromId, intoId);
  // Notes carry no fact key: each is its own conversation, and the survivor keeps them all.
  await tx
    .update(fieldNotes)
    .set({ recordId: intoId })
    .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.recordId, fromId)));
  await deleteRecordData(tx, tenantId, fromId);
  await refreshLeadFacts(tx, tenantId, [intoId], now);
}
