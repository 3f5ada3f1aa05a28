import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../store/database.ts';

/**
 * A lead whose card tells the hand-off story: accepted by sales, with a qualification verdict,
 * preferably with a hand-off Baton saw happen (when changes arrive faster than the worker reads
 * them, the hand-off may only be inferred, or not recorded at all). The lowest record id wins, for
 * repeatable output.
 */
export async function pickHandedOffLead(db: Db, tenantId: string): Promise<string | null> {
  const [row] = await queryRows<{ record_id: string }>(
    db,
    sql`select l.record_id from ledger l
        join qualification_results q on q.tenant_id = l.tenant_id and q.record_id = l.record_id
        where l.tenant_id = ${tenantId} and l.kind = 'handoff_event' and l.event in ('handed_off', 'accepted')
        group by l.record_id
        having bool_or(l.event = 'accepted')
        order by count(distinct l.event) desc,
          bool_or(l.event = 'handed_off' and l.actor is distinct from 'inferred') desc,
          length(l.record_id), l.record_id
        limit 1`,
  );
  return row?.record_id ?? null;
}
