import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SlaState } from '../core/sla/sla-policy.ts';
import type { Instant } from '../core/time.ts';
import { inBatches } from './batches.ts';
import type { Crm } from './crm-name.ts';
import { type Db, queryRows, type Tx } from './database.ts';
import { slaClocks } from './schema.ts';

/** A record's clock as the card computed it; null when its stage has no running SLA. */
export interface SlaClockWrite {
  readonly recordId: string;
  readonly clock: {
    readonly stage: string;
    readonly state: SlaState;
    readonly dueAt: Instant;
    readonly atRiskAt: Instant;
  } | null;
}

/** The instant a clock changes state by itself next, or null when it no longer will. */
export function nextCheckOf(clock: NonNullable<SlaClockWrite['clock']>): Instant | null {
  if (clock.state === 'on_track') return clock.atRiskAt;
  if (clock.state === 'at_risk') return clock.dueAt;
  return null;
}

const BATCH = 1000;

/** Stores each record's clock, and forgets the clocks of records whose stage has none. */
export async function saveSlaClocks(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  clocks: readonly SlaClockWrite[],
  now: Date,
): Promise<void> {
  const running = clocks.flatMap((c) => (c.clock ? [{ recordId: c.recordId, clock: c.clock }] : []));
  const none = clocks.filter((c) => c.clock === null).map((c) => c.recordId);
  for (const batch of inBatches(running, BATCH)) {
    await db
      .insert(slaClocks)
      .values(
        batch.map(({ recordId, clock }) => {
          const next = nextCheckOf(clock);
          return {
            tenantId,
            objectType,
            recordId,
            stage: clock.stage,
            state: clock.state,
            dueAt: new Date(clock.dueAt),
            atRiskAt: new Date(clock.atRiskAt),
            nextCheckAt: next === null ? null : new Date(next),
            updatedAt: now,
          };
        }),
      )
      .onConflictDoUpdate({
        target: [slaClocks.tenantId, slaClocks.objectType, slaClocks.recordId],
        set: {
          stage: sql`excluded.stage`,
          state: sql`excluded.state`,
          dueAt: sql`excluded.due_at`,
          atRiskAt: sql`excluded.at_risk_at`,
          nextCheckAt: sql`excluded.next_check_at`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  for (const batch of inBatches(none, BATCH)) {
    await db
      .delete(slaClocks)
      .where(
        and(
          eq(slaClocks.tenantId, tenantId),
          eq(slaClocks.objectType, objectType),
          inArray(slaClocks.recordId, batch),
        ),
      );
  }
}

/** Deletes the clocks of records whose data is gone (purged, or merged into another record). */
export async function deleteSlaClocks(
  db: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
): Promise<number> {
  if (recordIds.length === 0) return 0;
  const rows = await db
    .delete(slaClocks)
    .where(and(eq(slaClocks.tenantId, tenantId), inArray(slaClocks.recordId, [...recordIds])))
    .returning({ id: slaClocks.recordId });
  return rows.length;
}

export interface DueSlaClock {
  readonly tenantId: string;
  readonly externalId: string;
  readonly objectType: string;
  readonly recordId: string;
  readonly nextCheckAt: Date;
}

export interface DueSlaQuery {
  readonly crm: Crm;
  readonly dueBy: Date;
  readonly limit: number;
  /** Keyset paging: only clocks ordered after this one. */
  readonly after?: Pick<DueSlaClock, 'nextCheckAt' | 'tenantId' | 'objectType' | 'recordId'>;
}

/** Clocks of active tenants of one CRM whose next turn has come, oldest turn first. */
export async function findDueSlaClocks(db: Db, query: DueSlaQuery): Promise<DueSlaClock[]> {
  const rows = await queryRows<Omit<DueSlaClock, 'nextCheckAt'> & { nextCheckAt: string | Date }>(
    db,
    dueSlaClocksStatement(query),
  );
  return rows.map((row) => ({ ...row, nextCheckAt: new Date(row.nextCheckAt) }));
}

/** The statement `findDueSlaClocks` runs, apart so its plan can be checked. */
export function dueSlaClocksStatement(query: DueSlaQuery): SQL {
  const after = query.after
    ? sql`and (c.next_check_at, c.tenant_id, c.object_type, c.record_id) >
          (${query.after.nextCheckAt.toISOString()}::timestamptz, ${query.after.tenantId}::uuid,
           ${query.after.objectType}, ${query.after.recordId})`
    : sql``;
  return sql`select c.tenant_id as "tenantId", t.external_id as "externalId", c.object_type as "objectType",
        c.record_id as "recordId", c.next_check_at as "nextCheckAt"
      from sla_clocks c join tenants t on t.id = c.tenant_id
      where c.next_check_at is not null and c.next_check_at <= ${query.dueBy.toISOString()}::timestamptz
        and t.status = 'active' and t.crm = ${query.crm} ${after}
      order by c.next_check_at, c.tenant_id, c.object_type, c.record_id
      limit ${query.limit}`;
}
