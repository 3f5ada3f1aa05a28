import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Touch, TouchOrigin } from '../core/attribution/touch.ts';
import { groupByRecord, inBatches } from './batches.ts';
import type { Db, Tx } from './database.ts';
import { touches } from './schema.ts';

/** A touch of one record; its `id` is stable per record, so the same touch delivered twice is stored once. */
export type RecordTouch = Touch & { readonly recordId: string };

const BATCH = 1000;

/** Inserts new touches and refreshes known ones (details often arrive enriched later). */
export async function upsertTouches(
  db: Db | Tx,
  tenantId: string,
  list: readonly RecordTouch[],
): Promise<number> {
  let written = 0;
  for (const batch of inBatches(lastPerTouch(list), BATCH)) {
    const rows = await db
      .insert(touches)
      .values(
        batch.map((t) => ({
          tenantId,
          recordId: t.recordId,
          touchId: t.id,
          occurredAt: new Date(t.occurredAt),
          channel: t.channel,
          sourceDetail: t.sourceDetail ?? null,
          campaign: t.campaign ?? null,
          content: t.content ?? null,
          origin: t.origin,
        })),
      )
      .onConflictDoUpdate({
        target: [touches.tenantId, touches.recordId, touches.touchId],
        set: {
          occurredAt: sql`excluded.occurred_at`,
          channel: sql`excluded.channel`,
          sourceDetail: sql`excluded.source_detail`,
          campaign: sql`excluded.campaign`,
          content: sql`excluded.content`,
          origin: sql`excluded.origin`,
        },
      })
      .returning({ touchId: touches.touchId });
    written += rows.length;
  }
  return written;
}

/** The record's touches, oldest first. */
export async function listTouches(db: Db | Tx, tenantId: string, recordId: string): Promise<Touch[]> {
  return (await listTouchesOf(db, tenantId, [recordId])).get(recordId) ?? [];
}

/** Several records' touches in one query, each in time order; records without touches are absent. */
export async function listTouchesOf(
  db: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
): Promise<Map<string, Touch[]>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(touches)
    .where(and(eq(touches.tenantId, tenantId), inArray(touches.recordId, [...new Set(recordIds)])))
    .orderBy(asc(touches.occurredAt), asc(touches.touchId));
  return groupByRecord(
    rows,
    (row): Touch => ({
      id: row.touchId,
      occurredAt: row.occurredAt.getTime(),
      channel: row.channel,
      origin: row.origin as TouchOrigin,
      ...(row.sourceDetail !== null ? { sourceDetail: row.sourceDetail } : {}),
      ...(row.campaign !== null ? { campaign: row.campaign } : {}),
      ...(row.content !== null ? { content: row.content } : {}),
    }),
  );
}

function lastPerTouch(list: readonly RecordTouch[]): RecordTouch[] {
  return [...new Map(list.map((t) => [`${t.recordId}\u0000${t.id}`, t])).values()];
}
