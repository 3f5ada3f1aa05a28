import { sql } from 'drizzle-orm';
import { runReport } from '../src/api/reports/run-report.ts';
import { REPORT_NAMES } from '../src/core/reports/report-catalog.ts';
import { HUBSPOT_DEFAULTS } from '../src/crm/hubspot/defaults/hubspot-defaults.ts';
import type { Database } from '../src/store/database.ts';
import { buildMissingLeadFacts } from '../src/store/lead-facts.ts';
import { createTenant, type Tenant } from '../src/store/tenants.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine } from './throw-away-database.ts';

const LEADS = 50_000;
/** Each lead's journey: 20 ledger entries (the rows of the seed's `values` list). */
const STEPS = 20;
const TRANSITIONS = (LEADS * STEPS).toLocaleString('en-US').replaceAll(',', ' ');
const RUNS = 5;
const T0 = '2026-01-01T00:00:00Z';

/**
 * The reports over 1 000 000 ledger transitions (50 000 leads × 20 entries: stages entered and
 * left, owners, the hand-off events with rejections, wins and losses, two touches, a CRM record
 * with team and value, a verdict). Times the report facts build from the ledger, then each
 * report end to end as the API runs it: load the tenant's facts, filter, compute.
 */
export async function benchReports(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  return onEachEngine(options, measureEngine);
}

export async function seedReportLeads(database: Database, tenant: Tenant): Promise<void> {
  const { db } = database;
  const id = tenant.id;
  // Journey steps by number; the variant columns pick accepted/rejected and won/lost per lead.
  await db.execute(sql`insert into ledger (tenant_id, record_id, kind, occurred_at, stage, event, owner_function,
      owner_person, reason_code, definition_key, definition_version, dedupe_key)
    select ${id}::uuid, 'r' || r, k.kind,
      ${T0}::timestamptz + (r % 300) * interval '1 day' + k.n * (1 + r % 13) * interval '1 hour',
      k.stage,
      case k.event when 'answer' then (case when r % 3 = 0 then 'rejected' else 'accepted' end)
                   when 'close' then (case when r % 2 = 0 then 'won' else 'lost' end) else k.event end,
      k.fn,
      case when k.kind = 'owner_person_changed' then 'owner-' || (r % 20) end,
      case when (k.event = 'answer' and r % 3 = 0) then 'no_budget' when (k.event = 'close' and r % 2 = 1) then 'competitor' end,
      case when k.event = 'qualified' then 'mql' end,
      case when k.event = 'qualified' then 1 + r % 3 end,
      k.kind || ':' || k.n
    from generate_series(1, ${LEADS}::int) r,
    lateral (values
      (1, 'handoff_event', null, 'created', null), (2, 'stage_entered', 'inquiry', null, null),
      (3, 'owner_function_changed', null, null, 'marketing'), (4, 'owner_person_changed', null, null, null),
      (5, 'stage_exited', 'inquiry', null, null), (6, 'stage_entered', 'mql', null, null),
      (7, 'handoff_event', null, 'qualified', null), (8, 'handoff_event', null, 'handed_off', null),
      (9, 'handoff_event', null, 'answer', null), (10, 'stage_exited', 'mql', null, null),
      (11, 'stage_entered', 'sal', null, null), (12, 'owner_function_changed', null, null, 'sales'),
      (13, 'owner_person_changed', null, null, null), (14, 'handoff_event', null, 'first_contact', null),
      (15, 'stage_exited', 'sal', null, null), (16, 'stage_entered', 'sql', null, null),
      (17, 'handoff_event', null, 'sales_qualified', null), (18, 'stage_exited', 'sql', null, null),
      (19, 'stage_entered', 'opportunity', null, null), (20, 'handoff_event', null, 'close', null)
    ) as k(n, kind, stage, event, fn)`);
  await db.execute(sql`insert into touches (tenant_id, record_id, touch_id, occurred_at, channel, content, origin)
    select ${id}::uuid, 'r' || r, 't' || t, ${T0}::timestamptz + (r % 300) * interval '1 day' + t * interval '1 minute',
      (array['organic_search', 'email', 'events', 'cold_call'])[1 + (r + t) % 4],
      case when t = 2 then 'pricing-guide' end,
      case when (r + t) % 4 = 3 then 'sales' else 'marketing' end
    from generate_series(1, ${LEADS}::int) r, generate_series(1, 2) t`);
  await db.execute(sql`insert into record_snapshots (tenant_id, object_type, crm_record_id, properties, observed_at, updated_at)
    select ${id}::uuid, 'contacts', 'r' || r,
      jsonb_build_object('hubspot_team_id', 'team-' || (r % 5), 'total_revenue', (r % 50) * 100),
      now(), now()
    from generate_series(1, ${LEADS}::int) r`);
  await db.execute(sql`insert into qualification_results (tenant_id, record_id, definition_key, definition_version,
      verdict, result, observed_at, evaluated_at)
    select ${id}::uuid, 'r' || r, 'mql', 1, 'qualified', jsonb_build_object('fitScore', r % 100), now(), now()
    from generate_series(1, ${LEADS}::int) r`);
  for (const table of ['ledger', 'touches', 'record_snapshots', 'qualification_results']) {
    await db.execute(sql.raw(`analyze ${table}`));
  }
}

async function measureEngine(label: string, database: Database): Promise<BenchRow[]> {
  try {
    const now = new Date('2026-12-01T00:00:00Z');
    const tenant = await createTenant(
      database.db,
      { crm: 'hubspot', externalId: 'bench', name: 'Bench', status: 'active' },
      now,
    );
    const seedStarted = performance.now();
    await seedReportLeads(database, tenant);
    process.stderr.write(
      `  ${label}: seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`,
    );
    const buildStarted = performance.now();
    const built = await buildMissingLeadFacts(database.db, now);
    const buildMs = performance.now() - buildStarted;
    await database.db.execute(sql`analyze lead_facts`);
    const rows: BenchRow[] = [
      {
        suite: `reports (${label})`,
        case: `report facts built from ${TRANSITIONS} ledger rows`,
        opsPerSec: (built / buildMs) * 1000,
        note: `${built} leads in ${(buildMs / 1000).toFixed(1)} s (leads/s)`,
      },
    ];
    for (const name of REPORT_NAMES) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        const answer = await runReport(database.db, tenant, HUBSPOT_DEFAULTS, name, {}, now);
        times.push(performance.now() - started);
        if (answer.leads !== LEADS) throw new Error(`${name} counted ${answer.leads} leads, not ${LEADS}`);
      }
      times.sort((a, b) => a - b);
      rows.push({
        suite: `reports (${label})`,
        case: `${name} over ${TRANSITIONS} transitions`,
        opsPerSec: 1000 / (times[Math.floor(RUNS / 2)] ?? 1),
        note: `median ${(times[Math.floor(RUNS / 2)] ?? 0).toFixed(0)} ms, slowest of ${RUNS} ${(times.at(-1) ?? 0).toFixed(0)} ms`,
      });
    }
    return rows;
  } finally {
    await database.close();
  }
}
