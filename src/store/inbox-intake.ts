import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Crm } from './crm-name.ts';
import { type Db, queryRows, type Tx } from './database.ts';
import { inbox } from './schema.ts';

export type InboxRow = typeof inbox.$inferSelect;

export interface InboxItem {
  readonly crm: Crm;
  /** Portal or org id exactly as the webhook carried it. */
  readonly externalAccountId: string;
  /** Unknown while the account's install has not finished; see `attachTenant`. */
  readonly tenantId?: string | null;
  readonly dedupeKey: string;
  /** The CRM record the item is about; items of one record are claimed together. */
  readonly recordKey?: string | null;
  readonly payload: unknown;
}

/** The handler an item goes to (stored as `kind`): its payload's `type`, `(untyped)` when it has none. */
function payloadType(payload: unknown): string {
  return typeof payload === 'object' &&
    payload !== null &&
    'type' in payload &&
    typeof payload.type === 'string'
    ? payload.type
    : '(untyped)';
}

/**
 * Stores work durably, one inbox row per item; an item whose dedupe key was accepted before
 * (same CRM and key, within the retention window) is counted as a duplicate and left out.
 */
export async function enqueue(
  db: Db | Tx,
  items: readonly InboxItem[],
  now: Date,
): Promise<{ readonly inserted: number; readonly duplicates: number }> {
  return store(db, items, now, null);
}

/**
 * Stores webhook events durably with their dedupe as `enqueue` does, but the fresh events of one
 * record become one row, payload `{ type, events: [...] }` in the order given: a record's five
 * property changes are then claimed, worked and finished as one item instead of five.
 */
export async function enqueueRecordEvents(
  db: Db | Tx,
  type: string,
  items: readonly InboxItem[],
  now: Date,
): Promise<{ readonly inserted: number; readonly duplicates: number }> {
  const records = new Set(
    items.map((item) => `${item.tenantId}|${item.crm}|${item.externalAccountId}|${item.recordKey}`),
  );
  if (records.size < items.length) return store(db, items, now, type);
  // Every record has one event here (the common batch of distinct records): no grouping needed.
  return store(
    db,
    items.map((item) => ({ ...item, payload: { type, events: [item.payload] } })),
    now,
    null,
  );
}

/**
 * On the intake hot path, so the batch travels as one JSON parameter: the statement text stays
 * the same whatever the batch size, and the driver sends one string instead of escaping every
 * element of per-column arrays (measured ~6% of the statement on PGlite). Receipts and rows go in
 * one statement.
 */
async function store(
  db: Db | Tx,
  items: readonly InboxItem[],
  now: Date,
  groupedType: string | null,
): Promise<{ readonly inserted: number; readonly duplicates: number }> {
  if (items.length === 0) return { inserted: 0, duplicates: 0 };
  // A key repeated within the batch is a duplicate like any other; the first occurrence stays.
  const byKey = new Map<string, InboxItem>();
  for (const item of items) {
    const key = `${item.crm}:${item.dedupeKey}`;
    if (!byKey.has(key)) byKey.set(key, item);
  }
  const unique = [...byKey.values()];
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows =
    groupedType === null
      ? sql`select tenant_id, crm, external_account_id, dedupe_key, record_key, kind, payload, 'pending', ${at}, ${at}
          from item join fresh using (crm, dedupe_key)`
      : sql`select tenant_id, crm, external_account_id, (array_agg(dedupe_key order by n))[1], record_key,
            ${groupedType}::text,
            jsonb_build_object('type', ${groupedType}::text, 'events', jsonb_agg(payload order by n)),
            'pending', ${at}, ${at}
          from item join fresh using (crm, dedupe_key)
          group by tenant_id, crm, external_account_id, record_key`;
  const batch = JSON.stringify(
    unique.map((item) => ({
      tenant_id: item.tenantId ?? null,
      crm: item.crm,
      external_account_id: item.externalAccountId,
      dedupe_key: item.dedupeKey,
      record_key: item.recordKey ?? null,
      kind: payloadType(item.payload),
      payload: item.payload,
    })),
  );
  const [counts] = await queryRows<{ fresh: number | string }>(
    db,
    sql`with item as (
        select *
        from rows from (json_to_recordset(${batch}::json)
            as (tenant_id uuid, crm text, external_account_id text, dedupe_key text, record_key text, kind text, payload jsonb)
          ) with ordinality as item(tenant_id, crm, external_account_id, dedupe_key, record_key, kind, payload, n)
      ),
      fresh as (
        insert into inbox_receipts (crm, dedupe_key, received_at)
        select crm, dedupe_key, ${at} from item
        on conflict do nothing
        returning crm, dedupe_key
      ),
      stored as (
        insert into inbox (tenant_id, crm, external_account_id, dedupe_key, record_key, kind, payload, status, next_attempt_at, received_at)
        ${rows}
        returning id
      )
      select count(*) as fresh from fresh`,
  );
  const inserted = Number(counts?.fresh ?? 0);
  return { inserted, duplicates: items.length - inserted };
}

/** Once an install finishes, the events its account sent during the install become workable. */
export async function attachTenant(
  db: Db | Tx,
  crm: Crm,
  externalAccountId: string,
  tenantId: string,
): Promise<number> {
  const adopted = await db
    .update(inbox)
    .set({ tenantId })
    .where(and(eq(inbox.crm, crm), eq(inbox.externalAccountId, externalAccountId), isNull(inbox.tenantId)))
    .returning({ id: inbox.id });
  return adopted.length;
}
