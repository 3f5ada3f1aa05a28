import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from './database.ts';
import type { InboxRow } from './inbox-intake.ts';
import { inbox } from './schema.ts';

export type FailureOutcome = { readonly retryAt: Date } | { readonly dead: true };

const MAX_ERROR_CHARS = 2000;

/** Work due for one tenant and one kind of payload, as the worker sizes its next claim. */
export interface DueGroup {
  readonly tenantId: string;
  /** The payload's `type`, `(untyped)` when it has none. */
  readonly kind: string;
  /** Distinct records among the due items (an item without a record key is a record of its own). */
  readonly records: number;
  /** When the longest-waiting item became due. */
  readonly oldestDueAt: Date;
}

/** How many records of one tenant and kind a claim may take. */
export interface ClaimBudget {
  readonly tenantId: string;
  readonly kind: string;
  readonly records: number;
}

/** Rows a claim scans per record it may take: events are stored one row per record and delivery. */
const ITEMS_PER_RECORD_SCANNED = 4;

/**
 * What is due, by tenant and kind, without claiming anything: the worker calls this between
 * claims to decide whether a group fills a CRM call yet or has waited long enough. Items leased
 * to a worker whose lease ran out (it died mid-batch) are due again.
 */
export async function findDueGroups(db: Db | Tx, now: Date): Promise<DueGroup[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<{
    tenant_id: string;
    kind: string;
    records: number | string;
    oldest: string | Date;
  }>(
    db,
    sql`select tenant_id, kind, count(distinct coalesce(record_key, 'item:' || id::text)) as records,
        min(next_attempt_at) as oldest
      from inbox
      where (status = 'pending' and next_attempt_at <= ${at} and tenant_id is not null)
         or (status = 'processing' and claimed_until < ${at})
      group by tenant_id, kind`,
  );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    kind: row.kind,
    records: Number(row.records),
    oldestDueAt: new Date(row.oldest),
  }));
}

/** One group's due items, oldest first, locked for the claim (SKIP LOCKED: others pass over them). */
function dueOfGroup(where: SQL, order: SQL) {
  return sql`select budget.records as budget, item.* from budget cross join lateral (
      select id, tenant_id, kind, next_attempt_at, coalesce(record_key, 'item:' || id::text) as record
      from inbox
      where tenant_id = budget.tenant_id and kind = budget.kind and ${where}
      ${order}
      limit budget.records * ${ITEMS_PER_RECORD_SCANNED}
      for update skip locked
    ) as item`;
}

/**
 * Leases due items to one worker, whole records at a time: for every tenant and kind in
 * `budgets` (every group with due work, `limit` records each, when none are given), every due
 * item of its longest-waiting records. Taking all of a record's items together means a record is
 * read and written once per claim, however many webhook events it got. Each group is scanned on
 * its own, oldest first, so a backlog of one kind never hides another; the rows scanned stay
 * locked until the claim commits, so the scan stays near what the budget can take, and no row is
 * ever leased twice. Items of accounts without a finished install wait until `attachTenant`.
 */
export async function claimBatch(
  db: Db | Tx,
  options: {
    readonly workerId: string;
    readonly limit: number;
    readonly leaseMs: number;
    readonly now: Date;
    readonly budgets?: readonly ClaimBudget[];
  },
): Promise<InboxRow[]> {
  const { workerId, limit, leaseMs, now } = options;
  const budgets =
    options.budgets ??
    (await findDueGroups(db, now)).map((g) => ({ tenantId: g.tenantId, kind: g.kind, records: limit }));
  if (budgets.length === 0) return [];
  const at = sql`${now.toISOString()}::timestamptz`;
  const chosen = sql`with budget as (
        select * from unnest(
          ${sql.param(budgets.map((b) => b.tenantId))}::uuid[],
          ${sql.param(budgets.map((b) => b.kind))}::text[],
          ${sql.param(budgets.map((b) => Math.min(b.records, limit)))}::int[]
        ) as budget(tenant_id, kind, records)
      ),
      due as (
        ${dueOfGroup(sql`status = 'pending' and next_attempt_at <= ${at}`, sql`order by next_attempt_at, id`)}
        union all
        ${dueOfGroup(sql`status = 'processing' and claimed_until < ${at}`, sql``)}
      ),
      ranked as (
        select tenant_id, kind, record, min(budget) as budget,
          row_number() over (partition by tenant_id, kind order by min(next_attempt_at), min(id)) as rank
        from due
        group by tenant_id, kind, record
      )
      select due.id from due
      join ranked using (tenant_id, kind, record)
      where ranked.rank <= ranked.budget`;
  const claimed = await db
    .update(inbox)
    .set({
      status: 'processing',
      claimedBy: workerId,
      claimedUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${inbox.attempts} + 1`,
    })
    .where(sql`${inbox.id} in (${chosen})`)
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

function heldBy(workerId: string) {
  return and(eq(inbox.status, 'processing'), eq(inbox.claimedBy, workerId));
}
