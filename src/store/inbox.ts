import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Crm } from '../core/funnel/funnel-model.ts';
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
  readonly payload: unknown;
}

export type FailureOutcome = { readonly retryAt: Date } | { readonly dead: true };

const MAX_ERROR_CHARS = 2000;

/**
 * Stores webhook events durably; a delivery already stored (same CRM and dedupe key) is counted
 * as a duplicate and left untouched. On the intake hot path, so the rows travel as one array per
 * column: the statement text and its parameter count stay constant whatever the batch size.
 */
export async function enqueue(
  db: Db | Tx,
  items: readonly InboxItem[],
  now: Date,
): Promise<{ readonly inserted: number; readonly duplicates: number }> {
  if (items.length === 0) return { inserted: 0, duplicates: 0 };
  const column = <T>(pick: (item: InboxItem) => T) => sql.param(items.map(pick));
  const inserted = await queryRows<{ id: unknown }>(
    db,
    sql`insert into inbox (tenant_id, crm, external_account_id, dedupe_key, payload, status, next_attempt_at, received_at)
      select tenant_id, crm, external_account_id, dedupe_key, payload::jsonb, 'pending', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from unnest(
        ${column((i) => i.tenantId ?? null)}::uuid[],
        ${column((i) => i.crm)}::text[],
        ${column((i) => i.externalAccountId)}::text[],
        ${column((i) => i.dedupeKey)}::text[],
        ${column((i) => JSON.stringify(i.payload))}::text[]
      ) as item(tenant_id, crm, external_account_id, dedupe_key, payload)
      on conflict (crm, dedupe_key) do nothing
      returning id`,
  );
  return { inserted: inserted.length, duplicates: items.length - inserted.length };
}

/**
 * Leases up to `limit` due items to one worker. An item whose lease ran out (its worker died
 * mid-batch) is due again. SKIP LOCKED lets concurrent workers pass over each other's rows
 * instead of waiting, and no row can be leased twice. Items of accounts without a finished
 * install wait until `attachTenant`.
 */
export async function claimBatch(
  db: Db | Tx,
  options: {
    readonly workerId: string;
    readonly limit: number;
    readonly leaseMs: number;
    readonly now: Date;
  },
): Promise<InboxRow[]> {
  const { workerId, limit, leaseMs, now } = options;
  const due = db
    .select({ id: inbox.id })
    .from(inbox)
    .where(
      or(
        and(eq(inbox.status, 'pending'), lte(inbox.nextAttemptAt, now), isNotNull(inbox.tenantId)),
        and(eq(inbox.status, 'processing'), lt(inbox.claimedUntil, now)),
      ),
    )
    .orderBy(asc(inbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(inbox)
    .set({
      status: 'processing',
      claimedBy: workerId,
      claimedUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${inbox.attempts} + 1`,
    })
    .where(inArray(inbox.id, due))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/** Marks items done; only those still leased to this worker count (a reclaimed item is not). */
export async function complete(
  db: Db | Tx,
  ids: readonly number[],
  workerId: string,
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const done = await db
    .update(inbox)
    .set({ status: 'done', processedAt: now, claimedUntil: null, lastError: null })
    .where(and(inArray(inbox.id, [...ids]), heldBy(workerId)))
    .returning({ id: inbox.id });
  return done.length;
}

/** Records a failed attempt: due again at `retryAt`, or dead-lettered. The caller's policy decides. */
export async function fail(
  db: Db | Tx,
  id: number,
  workerId: string,
  error: string,
  now: Date,
  outcome: FailureOutcome,
): Promise<boolean> {
  const lastError = error.length > MAX_ERROR_CHARS ? error.slice(0, MAX_ERROR_CHARS) : error;
  const changed = await db
    .update(inbox)
    .set(
      'dead' in outcome
        ? { status: 'dead', processedAt: now, claimedUntil: null, lastError }
        : {
            status: 'pending',
            nextAttemptAt: outcome.retryAt,
            claimedBy: null,
            claimedUntil: null,
            lastError,
          },
    )
    .where(and(eq(inbox.id, id), heldBy(workerId)))
    .returning({ id: inbox.id });
  return changed.length === 1;
}

export async function listDead(
  db: Db | Tx,
  options: { readonly tenantId?: string; readonly limit: number },
): Promise<InboxRow[]> {
  return db
    .select()
    .from(inbox)
    .where(
      and(
        eq(inbox.status, 'dead'),
        options.tenantId === undefined ? undefined : eq(inbox.tenantId, options.tenantId),
      ),
    )
    .orderBy(asc(inbox.id))
    .limit(options.limit);
}

/** Gives dead items a fresh run of attempts, due now. Scoped to one tenant when asked from its console. */
export async function retryDead(
  db: Db | Tx,
  ids: readonly number[],
  now: Date,
  scope: { readonly tenantId?: string } = {},
): Promise<number> {
  if (ids.length === 0) return 0;
  const revived = await db
    .update(inbox)
    .set({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimedBy: null,
      claimedUntil: null,
      processedAt: null,
    })
    .where(
      and(
        inArray(inbox.id, [...ids]),
        eq(inbox.status, 'dead'),
        scope.tenantId === undefined ? undefined : eq(inbox.tenantId, scope.tenantId),
      ),
    )
    .returning({ id: inbox.id });
  return revived.length;
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

/** Drops events of accounts whose install never finished within the window. */
export async function dropStale(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const dropped = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'pending'), isNull(inbox.tenantId), lt(inbox.receivedAt, options.olderThan)))
    .returning({ id: inbox.id });
  return dropped.length;
}

/**
 * Removes finished items. Their dedupe keys go with them, so the retention window is also how
 * long a repeated delivery is still recognised.
 */
export async function purgeDone(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const purged = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'done'), lt(inbox.processedAt, options.olderThan)))
    .returning({ id: inbox.id });
  return purged.length;
}

function heldBy(workerId: string) {
  return and(eq(inbox.status, 'processing'), eq(inbox.claimedBy, workerId));
}
