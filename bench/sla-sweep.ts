import { sql } from 'drizzle-orm';
import { hubSpotObjectRecordKey } from '../src/crm/hubspot/hubspot-record-keys.ts';
import { HUBSPOT_WRITEBACK } from '../src/crm/hubspot/sync/hubspot-writeback-item.ts';
import type { Database } from '../src/store/database.ts';
import { createTenant } from '../src/store/tenants.ts';
import { sweepSlaClocks } from '../src/worker/sla-sweep.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine, percentile } from './throw-away-database.ts';

const CLOCKS = 100_000;
/** One in a hundred clocks turns in the swept minute; the rest run on, stopped or ran out. */
const DUE_EVERY = 100;
const PASSES = 20;
const SYNC = { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey };

/**
 * The minute SLA sweep over 100 000 contacts' clocks: a pass that finds and queues the 1 000 whose
 * turn has come, and the passes after it, which find the same turns already queued.
 */
export async function benchSlaSweep(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  return onEachEngine(options, measureEngine);
}

async function measureEngine(label: string, database: Database): Promise<BenchRow[]> {
  try {
    const now = new Date('2026-06-01T12:00:00Z');
    const tenant = await createTenant(
      database.db,
      { crm: 'hubspot', externalId: 'bench', name: 'Bench', status: 'active' },
      now,
    );
    // Due clocks turned within the last minute; the others turn hours from now, or never.
    await database.db.execute(sql`insert into sla_clocks
        (tenant_id, object_type, record_id, stage, state, due_at, at_risk_at, next_check_at, updated_at)
      select ${tenant.id}::uuid, 'contacts', i::text, 'mql',
        case when i % 3 = 0 then 'met' else 'on_track' end,
        ${now.toISOString()}::timestamptz + interval '1 day', ${now.toISOString()}::timestamptz,
        case when i % ${DUE_EVERY} = 0 then ${now.toISOString()}::timestamptz - (i % 60) * interval '1 second'
             when i % 3 = 0 then null
             else ${now.toISOString()}::timestamptz + (i % 600) * interval '1 minute' end,
        ${now.toISOString()}::timestamptz
      from generate_series(1, ${CLOCKS}) as i`);
    await database.db.execute(sql`analyze sla_clocks`);

    const first = performance.now();
    const queued = await sweepSlaClocks(database.db, 'hubspot', SYNC, now);
    const firstMs = performance.now() - first;
    if (queued.queued !== CLOCKS / DUE_EVERY)
      throw new Error(`expected ${CLOCKS / DUE_EVERY} queued, got ${queued.queued}`);

    const repeats: number[] = [];
    for (let i = 0; i < PASSES; i++) {
      const started = performance.now();
      await sweepSlaClocks(database.db, 'hubspot', SYNC, now);
      repeats.push(performance.now() - started);
    }
    const sorted = repeats.sort((a, b) => a - b);
    return [
      {
        suite: 'SLA sweep',
        case: `${label}, ${CLOCKS.toLocaleString('en-US')} clocks, ${queued.due} due`,
        opsPerSec: (queued.due * 1000) / firstMs,
        note: `first pass ${firstMs.toFixed(0)} ms (finds and queues); later passes p50 ${percentile(sorted, 0.5).toFixed(0)} ms`,
      },
    ];
  } finally {
    await database.close();
  }
}
