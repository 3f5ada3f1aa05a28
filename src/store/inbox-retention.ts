import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from './database.ts';
import { inbox, inboxReceipts } from './schema.ts';

/** Drops events of accounts whose install never finished within the window. */
export async function dropStale(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const dropped = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'pending'), isNull(inbox.tenantId), lt(inbox.receivedAt, options.olderThan)))
    .returning({ id: inbox.id });
  return dropped.length;
}

/**
 * Removes finished items, and the receipts of deliveries older than the window: the retention
 * window is also how long a repeated delivery is still recognised.
 */
export async function purgeDone(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const purged = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'done'), lt(inbox.processedAt, options.olderThan)))
    .returning({ id: inbox.id });
  await db.delete(inboxReceipts).where(lt(inboxReceipts.receivedAt, options.olderThan));
  return purged.length;
}

/**
 * Strips the fields a person's data could be in from every stored notification about these
 * records, whatever the item's status. Finished items stay until retention purges them; a
 * deleted person's values must not wait that long. The notifications stay valid, so items still
 * queued are worked as before. Items hold a record's notifications as `events` (see
 * `enqueueRecordEvents`), or one as `event` when stored before that.
 */
export async function redactRecordEvents(
  tx: Tx,
  tenantId: string,
  recordKeys: readonly string[],
  personalFields: readonly string[],
): Promise<number> {
  if (recordKeys.length === 0 || personalFields.length === 0) return 0;
  const fields = sql`${sql.param([...personalFields])}::text[]`;
  const rows = await queryRows<{ id: unknown }>(
    tx,
    sql`update inbox set payload = case
          when payload ? 'events' then jsonb_set(payload, '{events}',
            (select jsonb_agg(e - ${fields} order by i) from jsonb_array_elements(payload -> 'events') with ordinality as x(e, i)))
          else jsonb_set(payload, '{event}', (payload -> 'event') - ${fields})
        end
      where tenant_id = ${tenantId}::uuid
        and record_key = any(${sql.param([...recordKeys])}::text[])
        and (exists (select 1 from jsonb_array_elements(payload -> 'events') as e where e ?| ${fields})
          or coalesce(payload -> 'event' ?| ${fields}, false))
      returning id`,
  );
  return rows.length;
}
