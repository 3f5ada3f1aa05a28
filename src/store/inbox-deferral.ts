import { sql } from 'drizzle-orm';
import type { Crm } from './crm-name.ts';
import { type Db, queryRows, type Tx } from './database.ts';

/**
 * When the tenant's waiting (or running) work of one kind is next due, null when it has none:
 * work that must follow it (a write-back after a schema bootstrap) waits at least that long.
 */
export async function nextDueOfKind(db: Db | Tx, tenantId: string, kind: string): Promise<Date | null> {
  // One branch per status, so each is answered from its partial index (pending by tenant and
  // kind, processing by lease), never by scanning the finished items the inbox keeps for days.
  const [row] = await queryRows<{ due: string | Date | null }>(
    db,
    sql`select min(due) as due from (
        select min(next_attempt_at) as due from inbox
        where tenant_id = ${tenantId} and kind = ${kind} and status = 'pending'
        union all
        select min(next_attempt_at) from inbox
        where tenant_id = ${tenantId} and kind = ${kind} and status = 'processing'
      ) as waiting`,
  );
  return row?.due ? new Date(row.due) : null;
}

/** Holds items just queued (due at once) back until `until`. */
export async function deferQueued(
  tx: Tx,
  item: { readonly tenantId: string; readonly crm: Crm; readonly kind: string },
  dedupeKeys: readonly string[],
  until: Date,
): Promise<number> {
  if (dedupeKeys.length === 0) return 0;
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`update inbox set next_attempt_at = ${until.toISOString()}::timestamptz
      where tenant_id = ${item.tenantId} and kind = ${item.kind} and status = 'pending'
        and crm = ${item.crm} and dedupe_key = any(${sql.param([...dedupeKeys])}::text[])
      returning id`,
  );
  return rows.length;
}

/**
 * Makes the tenant's held-back items of one kind whose payload carries `payloadField` due now,
 * once what they waited for is done.
 */
export async function releaseDeferred(
  tx: Tx,
  tenantId: string,
  kind: string,
  payloadField: string,
  now: Date,
): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`update inbox set next_attempt_at = ${at}
      where tenant_id = ${tenantId} and kind = ${kind} and status = 'pending'
        and next_attempt_at > ${at} and (payload -> ${payloadField}) is not null
      returning id`,
  );
  return rows.length;
}
