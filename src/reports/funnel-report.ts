import { sql } from 'drizzle-orm';
import type { FunnelModel } from '../core/funnel/funnel-model.ts';
import type { HandoffEventType } from '../core/journey/ledger-entry.ts';
import { buildWaterfall, type Waterfall } from '../core/metrics/waterfall.ts';
import { type Db, queryRows } from '../store/database.ts';

/**
 * The tenant's waterfall straight from the ledger: each record's furthest stage (by the model's
 * order), how many records had each hand-off event, and why sales rejected. Acceptance and
 * rejection count only leads that were handed off: a lead sales found itself, or one Baton first
 * saw already in sales' hands, was never handed off and says nothing about the hand-off. Three
 * grouped scans over the ledger's report index; nothing is loaded per record.
 */
export async function loadFunnelWaterfall(db: Db, tenantId: string, model: FunnelModel): Promise<Waterfall> {
  const stageKeys = model.stages.map((s) => s.key);
  const stageArray = sql`array[${sql.join(
    stageKeys.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;
  const [furthest, events, reasons] = await Promise.all([
    queryRows<{ position: number; records: string | number }>(
      db,
      sql`select position, count(*) as records from (
            select record_id, max(array_position(${stageArray}, stage)) as position
            from ledger where tenant_id = ${tenantId} and kind = 'stage_entered'
            group by record_id) per_record
          where position is not null group by position`,
    ),
    queryRows<{ event: HandoffEventType; records: string | number }>(
      db,
      sql`select e.event, count(distinct e.record_id) as records from ledger e
          where e.tenant_id = ${tenantId} and e.kind = 'handoff_event'
            and (e.event not in ('accepted', 'rejected') or exists (
              select 1 from ledger h where h.tenant_id = e.tenant_id and h.record_id = e.record_id
                and h.kind = 'handoff_event' and h.event = 'handed_off'))
          group by e.event`,
    ),
    queryRows<{ reason_code: string; records: string | number }>(
      db,
      sql`select reason_code, count(distinct record_id) as records from ledger
          where tenant_id = ${tenantId} and kind = 'handoff_event' and event = 'rejected' and reason_code is not null
          group by reason_code`,
    ),
  ]);
  return buildWaterfall(
    model,
    furthest.map((r) => ({ stage: stageKeys[r.position - 1] ?? '', records: Number(r.records) })),
    Object.fromEntries(events.map((r) => [r.event, Number(r.records)])),
    reasons.map((r) => ({ reasonCode: r.reason_code, records: Number(r.records) })),
  );
}
