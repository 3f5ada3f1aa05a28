import { sql } from 'drizzle-orm';
import { readRecordCard } from '../src/api/cards/record-card.ts';
import { dryRunDefinition } from '../src/api/definitions/definition-views.ts';
import type { Touch } from '../src/core/attribution/touch.ts';
import { deriveJourney, type JourneyObservation } from '../src/core/journey/derive-journey.ts';
import { emptyJourneyState } from '../src/core/journey/journey-state.ts';
import type { LedgerEntry } from '../src/core/journey/ledger-entry.ts';
import type { QualificationDefinition } from '../src/core/qualification/definition.ts';
import { evaluateDefinition } from '../src/core/qualification/evaluate-definition.ts';
import { validateDefinition } from '../src/core/qualification/validate-definition.ts';
import { unwrap } from '../src/core/validation.ts';
import { HUBSPOT_DEFAULTS } from '../src/crm/hubspot/defaults/hubspot-defaults.ts';
import { defaultFunnelModel, loadTenantConfig } from '../src/pipeline/tenant-config.ts';
import type { Database } from '../src/store/database.ts';
import { saveFrozenVerdicts } from '../src/store/frozen-verdicts.ts';
import { appendLedgerEntries } from '../src/store/ledger.ts';
import { saveQualificationDefinition } from '../src/store/qualification-definitions.ts';
import { saveQualificationResults } from '../src/store/qualification-results.ts';
import { upsertSnapshots } from '../src/store/snapshots.ts';
import { createTenant, getTenant } from '../src/store/tenants.ts';
import { upsertTouches } from '../src/store/touches.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine, percentile } from './throw-away-database.ts';

const CONTACTS = 100_000;
const CLONE_CHUNK = 5_000;
const REQUESTS = 400;
const DRY_RUNS = 200;
const TEMPLATE = 'template';
const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

/**
 * The card API's server time at 100 000 contacts with realistic histories (about 20 ledger
 * entries and 10 touches each, verdicts frozen at qualification and hand-off, today's verdict),
 * and the settings page's dry run of a 30-criterion definition on a real contact.
 */
export async function benchCardView(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  return onEachEngine(options, measureEngine);
}

function definitionOf(key: string, criteria: number, active: boolean): QualificationDefinition {
  const all = Array.from({ length: criteria }, (_, i) =>
    i % 3 === 0
      ? { property: i === 0 ? 'jobtitle' : `field_${i}`, operator: 'exists' }
      : i % 3 === 1
        ? { property: 'numberofemployees', operator: 'between', value: { min: i, max: 10_000 } }
        : { property: 'country', operator: 'in', value: ['US', 'CA', 'GB', 'DE'] },
  );
  return unwrap(
    'bench definition',
    validateDefinition({
      key,
      version: 1,
      name: active ? 'Mid-market MQL' : 'Thirty-criterion draft',
      status: active ? 'active' : 'draft',
      approvals: active ? { marketing: { by: 'm', at: T0 }, sales: { by: 's', at: T0 } } : {},
      rules: { all },
      disqualifiers: [],
      scoring: {
        fit: [{ criterion: { property: 'jobtitle', operator: 'exists' }, points: 40 }],
        fitThreshold: 30,
      },
      scope: {},
      createdAt: T0,
      ...(active ? { activatedAt: T0 } : {}),
    }),
  );
}

const PROPERTIES = {
  jobtitle: 'Head of Operations',
  numberofemployees: '120',
  country: 'US',
  ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field_${i}`, `value ${i}`])),
};

/** One contact's history through the real journey rules (21 entries): qualified, rejected, re-qualified, accepted, converted. */
function templateLedger(): LedgerEntry[] {
  const model = defaultFunnelModel(HUBSPOT_DEFAULTS);
  const mapping = HUBSPOT_DEFAULTS.journeyMapping;
  const steps: [number, Record<string, string>][] = [
    [2, { lifecyclestage: 'lead', hubspot_owner_id: '7' }],
    [30, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '42' }],
    [40, { lifecyclestage: 'lead', hubspot_owner_id: '7', hs_lead_status: 'BAD_TIMING' }],
    [400, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '43', hs_lead_status: 'NEW' }],
    [402, { lifecyclestage: 'salesqualifiedlead', hubspot_owner_id: '43', hs_lead_status: 'CONNECTED' }],
    [500, { lifecyclestage: 'opportunity', hubspot_owner_id: '43', hs_lead_status: 'OPEN_DEAL' }],
  ];
  let state = emptyJourneyState(TEMPLATE);
  const ledger: LedgerEntry[] = [];
  const observe = (o: JourneyObservation) => {
    const step = deriveJourney(state, o, { model, mapping });
    state = step.state;
    ledger.push(...step.entries);
  };
  for (const [hours, properties] of steps) {
    observe({
      kind: 'snapshot',
      snapshot: { recordId: TEMPLATE, observedAt: T0 + hours * HOUR, properties },
    });
    if (hours === 30) {
      observe({
        kind: 'event',
        event: 'rejected',
        occurredAt: T0 + 31 * HOUR,
        actor: '42',
        reasonCode: 'no_need_or_timing',
      });
    }
    if (hours === 400)
      observe({ kind: 'event', event: 'accepted', occurredAt: T0 + 401 * HOUR, actor: '43' });
  }
  return ledger;
}

const CHANNELS = ['organic_search', 'email', 'paid_search', 'premium_content', 'events', 'social'];
const templateTouches: Touch[] = Array.from({ length: 10 }, (_, i) => ({
  id: `t${i}`,
  occurredAt: T0 + i * 40 * HOUR,
  channel: CHANNELS[i % CHANNELS.length] ?? 'other_campaigns',
  sourceDetail: `source ${i}`,
  campaign: `campaign ${i % 3}`,
  origin: 'marketing',
}));

/** Every row of the template contact, copied onto contacts 1…n in chunks (one statement per table each). */
async function cloneTemplate(database: Database, tenantId: string): Promise<void> {
  for (let from = 1; from <= CONTACTS; from += CLONE_CHUNK) {
    const to = Math.min(CONTACTS, from + CLONE_CHUNK - 1);
    const ids = sql`generate_series(${from}::int, ${to}::int) as i`;
    await database.db.execute(sql`insert into ledger (tenant_id, record_id, kind, occurred_at, stage, event,
        owner_function, owner_person, reason_code, feedback, definition_key, definition_version, actor, dedupe_key, recorded_at)
      select tenant_id, i::text, kind, occurred_at, stage, event, owner_function, owner_person, reason_code, feedback,
        definition_key, definition_version, actor, dedupe_key, recorded_at
      from ledger cross join ${ids} where tenant_id = ${tenantId}::uuid and record_id = ${TEMPLATE}`);
    await database.db.execute(sql`insert into touches (tenant_id, record_id, touch_id, occurred_at, channel, source_detail, campaign, content, origin)
      select tenant_id, i::text, touch_id, occurred_at, channel, source_detail, campaign, content, origin
      from touches cross join ${ids} where tenant_id = ${tenantId}::uuid and record_id = ${TEMPLATE}`);
    await database.db.execute(sql`insert into record_snapshots (tenant_id, object_type, crm_record_id, properties, observed_at, updated_at)
      select tenant_id, object_type, i::text, properties, observed_at, updated_at
      from record_snapshots cross join ${ids} where tenant_id = ${tenantId}::uuid and crm_record_id = ${TEMPLATE}`);
    await database.db.execute(sql`insert into qualification_results (tenant_id, record_id, definition_key, definition_version, verdict, result, observed_at, evaluated_at)
      select tenant_id, i::text, definition_key, definition_version, verdict, result, observed_at, evaluated_at
      from qualification_results cross join ${ids} where tenant_id = ${tenantId}::uuid and record_id = ${TEMPLATE}`);
    await database.db.execute(sql`insert into frozen_verdicts (tenant_id, record_id, dedupe_key, occasion, occurred_at, definition_key, definition_version, result)
      select tenant_id, i::text, dedupe_key, occasion, occurred_at, definition_key, definition_version, result
      from frozen_verdicts cross join ${ids} where tenant_id = ${tenantId}::uuid and record_id = ${TEMPLATE}`);
  }
  for (const table of ['ledger', 'touches', 'record_snapshots', 'qualification_results', 'frozen_verdicts']) {
    await database.db.execute(sql.raw(`analyze ${table}`));
  }
}

async function measureEngine(label: string, database: Database): Promise<BenchRow[]> {
  try {
    const now = new Date(T0 + 600 * HOUR);
    const created = await createTenant(
      database.db,
      { crm: 'hubspot', externalId: 'bench', name: 'Bench', status: 'active' },
      now,
    );
    const active = definitionOf('mql', 12, true);
    const wide = definitionOf('wide', 30, false);
    const change = { actor: 'bench', now };
    await saveQualificationDefinition(database.db, created.id, active, change);
    await saveQualificationDefinition(database.db, created.id, wide, change);

    const ledger = templateLedger();
    await appendLedgerEntries(database.db, created.id, ledger);
    await upsertTouches(
      database.db,
      created.id,
      templateTouches.map((t) => ({ ...t, recordId: TEMPLATE })),
    );
    await upsertSnapshots(
      database.db,
      created.id,
      [{ objectType: 'contacts', recordId: TEMPLATE, properties: PROPERTIES, observedAt: T0 + 500 * HOUR }],
      now,
    );
    const verdict = evaluateDefinition(active, PROPERTIES, T0 + 30 * HOUR);
    await saveQualificationResults(
      database.db,
      created.id,
      [{ recordId: TEMPLATE, result: verdict, observedAt: T0 + 500 * HOUR }],
      now,
    );
    await saveFrozenVerdicts(
      database.db,
      created.id,
      ledger
        .filter((e) => e.kind === 'handoff_event' && (e.event === 'qualified' || e.event === 'handed_off'))
        .map((e) => ({
          recordId: TEMPLATE,
          dedupeKey: e.dedupeKey,
          occasion: e.event === 'qualified' ? ('qualified' as const) : ('handed_off' as const),
          occurredAt: e.occurredAt,
          result: verdict,
        })),
    );
    const seeding = performance.now();
    await cloneTemplate(database, created.id);
    const seededSeconds = (performance.now() - seeding) / 1000;

    const tenant = await getTenant(database.db, created.id);
    if (!tenant) throw new Error('the bench tenant vanished');
    const cardTimes: number[] = [];
    let entries = 0;
    for (let n = 0; n < REQUESTS; n++) {
      const recordId = String(1 + ((n * 7919) % CONTACTS));
      const started = performance.now();
      // What the route does per request once the signature is checked: the tenant's configuration, then the card.
      const config = await loadTenantConfig(database.db, tenant, HUBSPOT_DEFAULTS);
      const view = await readRecordCard(
        database.db,
        { tenant, config, objectType: 'contacts', recordId },
        now,
      );
      cardTimes.push(performance.now() - started);
      entries = view.timeline.length;
    }
    const dryRuns: number[] = [];
    for (let n = 0; n < DRY_RUNS; n++) {
      const recordId = String(1 + ((n * 104_729) % CONTACTS));
      const started = performance.now();
      const run = await dryRunDefinition(
        database.db,
        tenant.id,
        { key: 'wide', version: 1 },
        { objectType: 'contacts', recordId },
        now,
      );
      dryRuns.push(performance.now() - started);
      if (run.result.criteria.length !== 30) throw new Error('the dry run did not judge 30 criteria');
    }
    const cards = cardTimes.sort((a, b) => a - b);
    const dry = dryRuns.sort((a, b) => a - b);
    const contacts = CONTACTS.toLocaleString('en-US');
    return [
      {
        suite: 'card view model',
        case: `${label}, ${contacts} contacts × ${ledger.length} ledger entries, ${templateTouches.length} touches`,
        opsPerSec: (REQUESTS * 1000) / cards.reduce((s, t) => s + t, 0),
        note: `server time p50 ${percentile(cards, 0.5).toFixed(1)} ms, p95 ${percentile(cards, 0.95).toFixed(1)} ms (target < 30 ms); ${entries} timeline moves per card; seeded in ${seededSeconds.toFixed(0)} s`,
      },
      {
        suite: 'settings dry run',
        case: `${label}, 30 criteria on a real contact of ${contacts}`,
        opsPerSec: (DRY_RUNS * 1000) / dry.reduce((s, t) => s + t, 0),
        note: `p50 ${percentile(dry, 0.5).toFixed(1)} ms, p95 ${percentile(dry, 0.95).toFixed(1)} ms (target < 100 ms)`,
      },
    ];
  } finally {
    await database.close();
  }
}
