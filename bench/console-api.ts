import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { CONSOLE_API_PATH } from '../src/console/console-routes.ts';
import { createConsoleSignInLink } from '../src/console/console-sessions.ts';
import { CONSOLE_SIGN_IN_PATH } from '../src/console/console-sign-in.ts';
import type { QualificationDefinition } from '../src/core/qualification/definition.ts';
import { evaluateDefinition } from '../src/core/qualification/evaluate-definition.ts';
import { validateDefinition } from '../src/core/qualification/validate-definition.ts';
import { REPORT_NAMES } from '../src/core/reports/report-catalog.ts';
import { unwrap } from '../src/core/validation.ts';
import { createLogger } from '../src/log.ts';
import { type RunningBaton, startBaton } from '../src/simulate/demo/start-baton.ts';
import { closeRound, openRound, submitAnswers } from '../src/store/assessments.ts';
import { type Database, openDatabase } from '../src/store/database.ts';
import { buildMissingLeadFacts } from '../src/store/lead-facts.ts';
import { saveQualificationDefinition } from '../src/store/qualification-definitions.ts';
import { createTenant, updateTenantSettings } from '../src/store/tenants.ts';
import { generateEncryptionKey } from '../src/store/token-cipher.ts';
import { seedReportLeads } from './reports.ts';
import type { BenchRow } from './table.ts';
import { onThrowAwayDatabase, percentile } from './throw-away-database.ts';

/** `seedReportLeads` writes this many leads (r1…r50000); the bench copies them once more. */
const SEEDED_LEADS = 50_000;
const CONTACTS = 2 * SEEDED_LEADS;
const WARM_UPS = 3;
const RUNS = Number(process.env.BATON_BENCH_CONSOLE_RUNS ?? 30);
/**
 * A route that answers in seconds stops after this much timing, once it has `MIN_RUNS`: the
 * reports over every lead would otherwise keep the whole bench past half an hour.
 */
const ROUTE_BUDGET_MS = 40_000;
const MIN_RUNS = Math.min(RUNS, 10);
const TARGET_MS = 100;
const USER = 'bench-admin';
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const SEEDED_PROPERTIES = { jobtitle: 'Head of Operations', numberofemployees: '120', country: 'US' };

/**
 * The web console's API as a browser meets it: Baton started as `npm start` wires it (routes,
 * HubSpot integration with made-up app credentials, worker) over a tenant of 100 000 contacts
 * with 20-entry ledgers, touches, CRM records, verdicts and report facts, plus definitions, SLA
 * clocks, field notes, assessment rounds and an audit log. Each page's call is timed end to end
 * over loopback HTTP, signed in with a real console session cookie.
 */
export async function benchConsoleApi(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-bench-console-'));
  try {
    rows.push(...(await measureEngine('pglite', { dataDir })));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  if (options.databaseUrl) {
    rows.push(
      ...(await onThrowAwayDatabase(options.databaseUrl, (databaseUrl) =>
        measureEngine('postgres', { dataDir: 'unused', databaseUrl }),
      )),
    );
  }
  return rows;
}

interface Store {
  readonly dataDir: string;
  readonly databaseUrl?: string;
}

async function measureEngine(label: string, store: Store): Promise<BenchRow[]> {
  const seedStarted = performance.now();
  // Seeded through a store of its own, closed before Baton opens it: PGlite's data directory admits one process.
  const database = await openDatabase(store);
  let seeded: Seeded;
  try {
    seeded = await seedTenant(database);
  } finally {
    await database.close();
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  process.stderr.write(`  ${label}: ${CONTACTS} contacts seeded in ${seedSeconds.toFixed(1)} s\n`);

  const encryptionKey = generateEncryptionKey();
  const baton = await startBaton(
    {
      dataDir: store.dataDir,
      databaseUrl: store.databaseUrl,
      logger: createLogger({ level: 'warn' }),
      encryptionKey,
    },
    {
      // Nothing these routes do calls HubSpot; the credentials only make the HubSpot door exist.
      hubspot: {
        apiBaseUrl: 'http://127.0.0.1:9',
        authorizeUrl: 'http://127.0.0.1:9/oauth/authorize',
        clientId: 'bench-client',
        clientSecret: 'bench-secret',
        appId: 1,
      },
    },
  );
  try {
    const client = await signIn(baton, seeded.tenantId);
    const suite = `console API (${label}, ${CONTACTS.toLocaleString('en-US')} contacts)`;
    const rows: BenchRow[] = [
      {
        suite,
        case: 'seeding (leads, ledger, facts, pages’ data)',
        opsPerSec: CONTACTS / seedSeconds,
        note: `${seedSeconds.toFixed(0)} s (contacts/s), lead facts built in ${seeded.factsSeconds.toFixed(0)} s`,
      },
    ];
    for (const route of routesOf(seeded)) {
      rows.push(await timeRoute(client, suite, route));
    }
    return rows;
  } finally {
    await baton.close();
  }
}

interface Route {
  /** How the table names it: the path, with a placeholder where each request differs. */
  readonly name: string;
  readonly path: (n: number) => string;
}

function routesOf(seeded: Seeded): Route[] {
  const fixed = (path: string): Route => ({ name: path, path: () => path });
  return [
    fixed('/session'),
    fixed('/settings'),
    fixed('/settings/definitions'),
    fixed('/settings/field-notes'),
    ...REPORT_NAMES.map((name) => fixed(`/reports/${name}`)),
    fixed('/leads'),
    {
      name: '/leads/:recordId/card',
      // A different contact each time, spread over all of them, so no card is read twice in a row.
      path: (n) => `/leads/r${1 + ((n * 7919) % CONTACTS)}/card`,
    },
    fixed('/assessments'),
    { name: '/assessments/:roundId (latest)', path: () => `/assessments/${seeded.latestRoundId}` },
    fixed('/audit?limit=100'),
  ];
}

async function timeRoute(client: ConsoleClient, suite: string, route: Route): Promise<BenchRow> {
  let bytes = 0;
  for (let n = 0; n < WARM_UPS; n++) await client.get(route.path(n));
  const times: number[] = [];
  const timing = performance.now();
  for (let n = 0; n < RUNS; n++) {
    if (n >= MIN_RUNS && performance.now() - timing > ROUTE_BUDGET_MS) break;
    const started = performance.now();
    bytes = await client.get(route.path(WARM_UPS + n));
    times.push(performance.now() - started);
  }
  const sorted = times.sort((a, b) => a - b);
  const p95 = percentile(sorted, 0.95);
  const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
  return {
    suite,
    case: `GET ${CONSOLE_API_PATH}${route.name}`,
    opsPerSec: (sorted.length * 1000) / sorted.reduce((sum, t) => sum + t, 0),
    note: `p50 ${ms(percentile(sorted, 0.5))}, p95 ${ms(p95)}, max ${ms(sorted.at(-1) ?? Number.NaN)}; ${
      p95 < TARGET_MS ? 'meets' : 'MISSES'
    } < ${TARGET_MS} ms; ${(bytes / 1024).toFixed(0)} KiB; n=${sorted.length}${sorted.length < RUNS ? ` (of ${RUNS}: over ${ROUTE_BUDGET_MS / 1000} s)` : ''}`,
  };
}

/**
 * Just enough of a browser for the console's GET calls: the session cookie the sign-in link
 * sets, sent back on every call, and every answer read to its end as a page would.
 */
class ConsoleClient {
  private readonly batonUrl: string;
  private readonly cookie: string;

  constructor(batonUrl: string, cookie: string) {
    this.batonUrl = batonUrl;
    this.cookie = cookie;
  }

  /** The answer's size in bytes; anything but 200 is an error, so a refusal is never timed as an answer. */
  async get(path: string): Promise<number> {
    const response = await fetch(`${this.batonUrl}${CONSOLE_API_PATH}${path}`, {
      headers: { cookie: this.cookie, accept: 'application/json' },
    });
    const body = await response.arrayBuffer();
    if (response.status !== 200) {
      throw new Error(
        `GET ${path} answered ${response.status}: ${Buffer.from(body).toString().slice(0, 300)}`,
      );
    }
    return body.byteLength;
  }
}

/** Redeems a sign-in link as the demo's admin does, keeping the cookie it sets. */
async function signIn(baton: RunningBaton, tenantId: string): Promise<ConsoleClient> {
  const code = await createConsoleSignInLink(baton.database.db, {
    tenantId,
    user: { id: USER, name: 'Bench Admin', email: null, teamIds: [] },
    now: new Date(),
  });
  const response = await fetch(`${baton.batonUrl}${CONSOLE_SIGN_IN_PATH}/link/${code}`, {
    redirect: 'manual',
  });
  await response.body?.cancel();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('baton_console='));
  if (response.status !== 303 || !cookie) {
    throw new Error(`the sign-in link answered ${response.status} without a session cookie`);
  }
  return new ConsoleClient(baton.batonUrl, cookie);
}

export interface Seeded {
  readonly tenantId: string;
  readonly latestRoundId: string;
  readonly factsSeconds: number;
}

/**
 * One HubSpot tenant: the reports bench's 50 000 leads (20 ledger entries, 2 touches, a CRM
 * record and a verdict each) copied once onto 50 000 more, three days later, so there are 100 000
 * contacts; names on every CRM record; then each console page's own data, and the report facts
 * `npm start` builds for leads that have none.
 */
export async function seedTenant(database: Database): Promise<Seeded> {
  const { db } = database;
  const now = new Date();
  const tenant = await createTenant(
    db,
    { crm: 'hubspot', externalId: 'bench-console', name: 'Bench console', status: 'active' },
    now,
  );
  const id = tenant.id;
  await seedReportLeads(database, tenant);
  const copy = sql`'r' || (substr(record_id, 2)::int + ${SEEDED_LEADS}::int)`;
  await db.execute(sql`insert into ledger (tenant_id, record_id, kind, occurred_at, stage, event, owner_function,
      owner_person, reason_code, feedback, definition_key, definition_version, actor, dedupe_key, recorded_at)
    select tenant_id, ${copy}, kind, occurred_at + interval '3 days', stage, event, owner_function, owner_person,
      reason_code, feedback, definition_key, definition_version, actor, dedupe_key, recorded_at
    from ledger where tenant_id = ${id}::uuid`);
  await db.execute(sql`insert into touches (tenant_id, record_id, touch_id, occurred_at, channel, source_detail, campaign, content, origin)
    select tenant_id, ${copy}, touch_id, occurred_at + interval '3 days', channel, source_detail, campaign, content, origin
    from touches where tenant_id = ${id}::uuid`);
  await db.execute(sql`insert into record_snapshots (tenant_id, object_type, crm_record_id, properties, observed_at, updated_at)
    select tenant_id, object_type, 'r' || (substr(crm_record_id, 2)::int + ${SEEDED_LEADS}::int), properties, observed_at, updated_at
    from record_snapshots where tenant_id = ${id}::uuid`);
  await db.execute(sql`insert into qualification_results (tenant_id, record_id, definition_key, definition_version, verdict, result, observed_at, evaluated_at)
    select tenant_id, ${copy}, definition_key, definition_version, verdict, result, observed_at, evaluated_at
    from qualification_results where tenant_id = ${id}::uuid`);
  // The Leads page shows each record's name, which HubSpot keeps in these properties; the card
  // shows which of the definition's criteria they meet.
  await db.execute(sql`update record_snapshots set properties = properties || jsonb_build_object(
      'firstname', (array['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'])[1 + substr(crm_record_id, 2)::int % 5],
      'lastname', 'Contact ' || substr(crm_record_id, 2), 'email', crm_record_id || '@example.com')
      || ${JSON.stringify(SEEDED_PROPERTIES)}::jsonb
    where tenant_id = ${id}::uuid`);
  const definitions = mqlDefinitions();
  // The reports seed stores only a fit score; the card reads the whole verdict, so each lead gets
  // the real one for those properties under the version its ledger names, keeping its own score.
  const [first] = definitions;
  if (!first) throw new Error('the bench has no MQL definition');
  const verdict = evaluateDefinition(first, SEEDED_PROPERTIES, T0);
  await db.execute(sql`update qualification_results
    set result = ${JSON.stringify(verdict)}::jsonb || jsonb_build_object('fitScore', (result ->> 'fitScore')::int)
    where tenant_id = ${id}::uuid`);
  // Every 20th contact has a running SLA clock, a third of them at risk and a third breached.
  await db.execute(sql`insert into sla_clocks (tenant_id, object_type, record_id, stage, state, due_at, at_risk_at, next_check_at, updated_at)
    select ${id}::uuid, 'contacts', 'r' || i, (array['mql', 'sal'])[1 + i % 2],
      (array['on_track', 'at_risk', 'breached'])[1 + i % 3],
      now() + (i % 97 - 48) * interval '1 hour', now() + (i % 97 - 52) * interval '1 hour',
      case when i % 3 = 2 then null else now() + (i % 97 - 48) * interval '1 hour' end, now()
    from generate_series(20, ${CONTACTS}::int, 20) i`);
  // Sales' notes to marketing over the year, two thirds of them answered.
  await db.execute(sql`insert into field_notes (tenant_id, object_type, record_id, request_id, author, body, created_at,
      status, answered_by, answer, answered_at)
    select ${id}::uuid, 'contacts', 'r' || (i * 211 % ${CONTACTS}::int + 1), 'note-' || i, 'owner-' || (i % 20),
      'The lead asked about pricing for ' || (i % 40 + 5) || ' seats; nobody had told them about the trial.',
      ${new Date(T0).toISOString()}::timestamptz + i * interval '19 hours',
      (array['open', 'acted_on', 'declined'])[1 + i % 3],
      case when i % 3 > 0 then 'marketer-' || (i % 4) end,
      case when i % 3 > 0 then 'Thanks: the nurture email now links the trial.' end,
      case when i % 3 > 0 then ${new Date(T0).toISOString()}::timestamptz + i * interval '19 hours' + interval '2 days' end
    from generate_series(1, 450) i`);
  // A year of configuration changes, as admins leave them.
  await db.execute(sql`insert into audit_log (tenant_id, actor, action, subject_type, subject_key, before, after, at)
    select ${id}::uuid, 'admin-' || (i % 3), (array['settings.saved', 'definition.saved', 'funnel_model.saved'])[1 + i % 3],
      (array['tenant_settings', 'qualification_definition', 'funnel_model'])[1 + i % 3], 'subject-' || (i % 7),
      jsonb_build_object('version', i - 1, 'reasonCodes', jsonb_build_array('no_budget', 'competitor')),
      jsonb_build_object('version', i, 'reasonCodes', jsonb_build_array('no_budget', 'competitor', 'no_need_or_timing')),
      ${new Date(T0).toISOString()}::timestamptz + i * interval '3 hours'
    from generate_series(1, 2000) i`);
  const change = { actor: USER, now };
  for (const definition of definitions) {
    await saveQualificationDefinition(db, id, definition, change);
  }
  await updateTenantSettings(
    db,
    id,
    (settings) => ({
      ...settings,
      // The field notes page takes the marketing role, changes take admin: the bench user may see every page.
      roles: {
        admin: { users: [USER], teams: [] },
        marketing: { users: [USER], teams: [] },
        sales: { users: [USER], teams: [] },
      },
    }),
    change,
  );
  const latestRoundId = await seedAssessmentRounds(database, id);
  for (const table of ['ledger', 'touches', 'record_snapshots', 'qualification_results', 'sla_clocks']) {
    await db.execute(sql.raw(`analyze ${table}`));
  }
  const factsStarted = performance.now();
  const built = await buildMissingLeadFacts(db, now);
  const factsSeconds = (performance.now() - factsStarted) / 1000;
  if (built !== CONTACTS) throw new Error(`report facts were built for ${built} leads, not ${CONTACTS}`);
  await db.execute(sql`analyze lead_facts`);
  return { tenantId: id, latestRoundId, factsSeconds };
}

/** The MQL definition the seeded ledger names: versions 1 and 2 retired, 3 active, 4 a draft. */
function mqlDefinitions(): QualificationDefinition[] {
  const approvals = { marketing: { by: 'marketer-1', at: T0 }, sales: { by: 'owner-1', at: T0 } };
  return [1, 2, 3, 4].map((version) => {
    const activatedAt = T0 + (version - 1) * 90 * DAY;
    const status = version < 3 ? 'retired' : version === 3 ? 'active' : 'draft';
    return unwrap(
      `bench definition mql@${version}`,
      validateDefinition({
        key: 'mql',
        version,
        name: 'Mid-market MQL',
        status,
        approvals: status === 'draft' ? {} : approvals,
        rules: {
          all: [
            { property: 'jobtitle', operator: 'exists' },
            { property: 'numberofemployees', operator: 'between', value: { min: 20 * version, max: 5_000 } },
            { property: 'country', operator: 'in', value: ['US', 'CA', 'GB', 'DE'] },
          ],
        },
        disqualifiers: [{ property: 'email', operator: 'contains', value: '@competitor.example' }],
        scoring: {
          fit: [{ criterion: { property: 'jobtitle', operator: 'exists' }, points: 40 }],
          fitThreshold: 30,
        },
        scope: {},
        createdAt: activatedAt - DAY,
        ...(status === 'draft' ? {} : { activatedAt }),
        ...(status === 'retired' ? { retiredAt: activatedAt + 90 * DAY } : {}),
      }),
    );
  });
}

/**
 * Three maturity rounds, a quarter apart, each with 30 sales and marketing respondents of whom
 * most answered; the older two closed. Answers the latest round's id.
 */
async function seedAssessmentRounds(database: Database, tenantId: string): Promise<string> {
  let latest = '';
  for (const [index, opened] of ['2026-05-04', '2026-08-03', '2026-11-02'].entries()) {
    const change = { actor: USER, now: new Date(`${opened}T09:00:00Z`) };
    const { round, links } = await openRound(
      database.db,
      tenantId,
      {
        instrument: 'maturity',
        name: `Maturity, ${opened}`,
        invitations: [
          { function: 'sales', level: null, count: 20 },
          { function: 'marketing', level: 'manager', count: 10 },
        ],
      },
      change,
    );
    for (const [n, link] of links.entries()) {
      if (n % 6 === 5) continue;
      await submitAnswers(
        database.db,
        link.token,
        Array.from({ length: 20 }, (_, item) => 1 + ((n + item + index) % 5)),
      );
    }
    if (index < 2) await closeRound(database.db, tenantId, round.id, change);
    latest = round.id;
  }
  return latest;
}
