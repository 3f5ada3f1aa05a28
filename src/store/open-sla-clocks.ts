import { type SQL, sql } from 'drizzle-orm';
import type { Crm } from '../core/funnel/funnel-model.ts';
import { type Db, queryRows } from './database.ts';

export interface OpenSlaClock {
  readonly tenantId: string;
  readonly externalId: string;
  readonly objectType: string;
  readonly recordId: string;
  /** The due time as written, verbatim. */
  readonly dueAt: string | null;
}

const ISO_INSTANT_PREFIX = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T';

export interface OpenSlaQuery {
  readonly crm: Crm;
  readonly objectType: string;
  /** The snapshot properties holding the SLA state and due time Baton last wrote to the CRM. */
  readonly stateProperty: string;
  readonly dueAtProperty: string;
  /** States whose clock is still running. */
  readonly openStates: readonly string[];
  /** Only clocks due at or before this instant; all running clocks when absent. */
  readonly dueBy?: Date;
  readonly limit: number;
  /** Keyset paging: only clocks ordered after this one. */
  readonly after?: Pick<OpenSlaClock, 'tenantId' | 'recordId'>;
}

/**
 * Records of active tenants whose SLA clock, as last written to the CRM, is still running. A
 * clock turns at risk or breached with no CRM change at all, so these records are re-checked on
 * a schedule. A due time that is not an ISO instant (edited by hand in the CRM) never matches a
 * `dueBy` filter instead of failing the query.
 */
export async function findOpenSlaClocks(db: Db, query: OpenSlaQuery): Promise<OpenSlaClock[]> {
  return queryRows<OpenSlaClock>(db, openSlaClocksStatement(query));
}

/** The statement `findOpenSlaClocks` runs, apart so its plan can be checked. */
export function openSlaClocksStatement(query: OpenSlaQuery): SQL {
  const dueAt = sql`(s.properties ->> ${query.dueAtProperty})`;
  const dueFilter = query.dueBy
    ? sql`and case when ${dueAt} ~ ${ISO_INSTANT_PREFIX} then ${dueAt}::timestamptz end <= ${query.dueBy.toISOString()}::timestamptz`
    : sql``;
  const afterFilter = query.after
    ? sql`and (s.tenant_id, s.crm_record_id) > (${query.after.tenantId}::uuid, ${query.after.recordId})`
    : sql``;
  return sql`select s.tenant_id as "tenantId", t.external_id as "externalId", s.object_type as "objectType",
        s.crm_record_id as "recordId", ${dueAt} as "dueAt"
      from record_snapshots s join tenants t on t.id = s.tenant_id
      where t.status = 'active' and t.crm = ${query.crm} and s.object_type = ${query.objectType}
        and s.properties ->> ${query.stateProperty} = any(${sql.param([...query.openStates])}::text[])
        ${dueFilter} ${afterFilter}
      order by s.tenant_id, s.crm_record_id
      limit ${query.limit}`;
}
