import { sql } from 'drizzle-orm';
import type { FunnelModel } from '../core/funnel/funnel-model.ts';
import type { HandoffEventType } from '../core/journey/ledger-entry.ts';
import { buildWaterfall, type Waterfall } from '../core/metrics/waterfall.ts';
import { type Db, queryRows } from '../store/database.ts';

/**
 * The tenant's waterfall straight from the ledger: each record's furthest stage (by the model's
 * order), how many records had each hand-off event, and why sales rejected. Three grouped scans
 * over the ledger's report index; nothing is loaded per record.
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
      sql`select event, count(distinct record_id) as records from ledger
          where tenant_id = ${tenantId} and kind = 'handoff_event' group by event`,
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
