import { and, eq, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { PropertyBag } from '../core/record.ts';
import type { Instant } from '../core/time.ts';
import { inBatches } from './batches.ts';
import { type Db, queryRows, type Tx } from './database.ts';
import { recordSnapshots } from './schema.ts';

export interface SnapshotWrite {
  /** CRM object type, e.g. `contacts` or `Lead`. */
  readonly objectType: string;
  readonly recordId: string;
  readonly properties: PropertyBag;
  readonly observedAt: Instant;
}

export interface StoredSnapshot extends SnapshotWrite {
  readonly updatedAt: Date;
}

const BATCH = 1000;

/**
 * Keeps, per record, the snapshot with the latest `observedAt`: deliveries arrive out of order,
 * and an older view arriving late must not overwrite a newer one. Returns how many were applied.
 */
export async function upsertSnapshots(
  db: Db | Tx,
  tenantId: string,
  snapshots: readonly SnapshotWrite[],
  now: Date,
): Promise<number> {
  let applied = 0;
  for (const batch of inBatches(latestPerRecord(snapshots), BATCH)) {
    const rows = await db
      .insert(recordSnapshots)
      .values(
        batch.map((s) => ({
          tenantId,
          objectType: s.objectType,
          crmRecordId: s.recordId,
          properties: s.properties,
          observedAt: new Date(s.observedAt),
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [recordSnapshots.tenantId, recordSnapshots.objectType, recordSnapshots.crmRecordId],
        set: {
          properties: sql`excluded.properties`,
          observedAt: sql`excluded.observed_at`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: lte(recordSnapshots.observedAt, sql`excluded.observed_at`),
      })
      .returning({ recordId: recordSnapshots.crmRecordId });
    applied += rows.length;
  }
  return applied;
}

export async function upsertSnapshot(
  db: Db | Tx,
  tenantId: string,
  snapshot: SnapshotWrite,
  now: Date,
): Promise<boolean> {
  return (await upsertSnapshots(db, tenantId, [snapshot], now)) === 1;
}

export async function getSnapshot(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  recordId: string,
): Promise<StoredSnapshot | null> {
  const [found] = await getSnapshots(db, tenantId, objectType, [recordId]);
  return found ?? null;
}

/**
 * Records property values Baton itself wrote to the CRM, so the next write-back compares against
 * what the CRM now holds. The snapshot's observation time is left alone: these values are ours,
 * not a newer view of the record.
 */
export async function mergeSnapshotProperties(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  updates: readonly { readonly recordId: string; readonly properties: Readonly<Record<string, string>> }[],
  now: Date,
): Promise<number> {
  if (updates.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update record_snapshots s
      set properties = s.properties || u.written::jsonb, updated_at = ${now.toISOString()}::timestamptz
      from unnest(${sql.param(updates.map((u) => u.recordId))}::text[],
                  ${sql.param(updates.map((u) => JSON.stringify(u.properties)))}::text[]) as u(record_id, written)
      where s.tenant_id = ${tenantId}::uuid and s.object_type = ${objectType} and s.crm_record_id = u.record_id
      returning s.crm_record_id as id`,
  );
  return rows.length;
}

export async function getSnapshots(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  recordIds: readonly string[],
): Promise<StoredSnapshot[]> {
  if (recordIds.length === 0) return [];
  return selectSnapshots(db, tenantId, objectType, inArray(recordSnapshots.crmRecordId, [...recordIds]));
}

function toStoredSnapshot(row: typeof recordSnapshots.$inferSelect): StoredSnapshot {
  return {
    objectType: row.objectType,
    recordId: row.crmRecordId,
    properties: row.properties,
    observedAt: row.observedAt.getTime(),
    updatedAt: row.updatedAt,
  };
}

/** The snapshots whose property `property` holds one of `values`, e.g. contacts carrying a Lead. */
/**
 * The snapshot property where an adapter that folds another record onto this one (a CRM's Lead
 * object onto its contact) names that record, so this one is found again when the other changes.
 * `$` appears in no CRM's field names, so it never collides with one.
 */
export const LINKED_RECORD_PROPERTY = '$linked_record';

/** The snapshots that name one of these records as their linked record (see `LINKED_RECORD_PROPERTY`). */
export async function findSnapshotsLinkedTo(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  linkedIds: readonly string[],
): Promise<StoredSnapshot[]> {
  if (linkedIds.length === 0) return [];
  return selectSnapshots(
    db,
    tenantId,
    objectType,
    inArray(sql<string>`(${recordSnapshots.properties} ->> ${sql.raw(`'${LINKED_RECORD_PROPERTY}'`)})`, [
      ...linkedIds,
    ]),
  );
}

async function selectSnapshots(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  condition: SQL,
): Promise<StoredSnapshot[]> {
  const rows = await db
    .select()
    .from(recordSnapshots)
    .where(
      and(eq(recordSnapshots.tenantId, tenantId), eq(recordSnapshots.objectType, objectType), condition),
    );
  return rows.map(toStoredSnapshot);
}

/** One statement cannot update the same row twice, so duplicates within a call are settled here. */
function latestPerRecord(snapshots: readonly SnapshotWrite[]): SnapshotWrite[] {
  const latest = new Map<string, SnapshotWrite>();
  for (const s of snapshots) {
    const id = `${s.objectType}\u0000${s.recordId}`;
    const current = latest.get(id);
    if (!current || current.observedAt <= s.observedAt) latest.set(id, s);
  }
  return [...latest.values()];
}
