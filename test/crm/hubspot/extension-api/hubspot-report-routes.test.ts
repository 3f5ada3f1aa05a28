import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotReportsRouter } from '../../../../src/crm/hubspot/extension-api/hubspot-report-routes.ts';
import type { RunningServer } from '../../../../src/server/http-server.ts';
import { refreshLeadFacts } from '../../../../src/store/lead-facts.ts';
import { appendLedgerEntries } from '../../../../src/store/ledger.ts';
import { type Tenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { upsertTouches } from '../../../../src/store/touches.ts';
import { ledgerOf } from '../../../core/reports/report-fixtures.ts';
import { at, installTenant, T0 } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { serveRouters, silent } from './serve-routers.ts';
import { type SignedCall, signedCall, signedRequest } from './signed-call.ts';

const SECRET = 'reports-secret';
const PUBLIC = 'https://baton.example.com';
const BASE = '/api/hubspot/reports';
const HOUR = 3_600_000;

let store: TestStore;
let server: RunningServer;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  other = await installTenant(store.db, 'Globex');
  const t = (h: number) => T0 + h * HOUR;
  const journeys = {
    a: [
      { stage: 'mql', at: t(0) },
      { event: 'qualified', at: t(0) },
      { event: 'handed_off', at: t(0) },
      { event: 'accepted', at: t(1) },
    ],
    b: [
      { stage: 'mql', at: t(0) },
      { event: 'qualified', at: t(0) },
      { event: 'handed_off', at: t(0) },
      { event: 'rejected', at: t(2), reason: '=HYPERLINK("x")' },
    ],
    c: [
      { stage: 'mql', at: t(0) },
      { event: 'qualified', at: t(0) },
    ],
    d: [
      { stage: 'sal', at: t(24 * 40) },
      { event: 'accepted', at: t(24 * 40) },
    ],
  } as const;
  for (const [id, steps] of Object.entries(journeys))
    await appendLedgerEntries(store.db, tenant.id, ledgerOf(id, steps));
  await upsertTouches(store.db, tenant.id, [
    { recordId: 'd', id: 't', occurredAt: t(24 * 40), channel: 'cold_call', origin: 'sales' },
  ]);
  await refreshLeadFacts(store.db, tenant.id, Object.keys(journeys), at(0));
  await appendLedgerEntries(store.db, other.id, ledgerOf('z', journeys.a));
  await refreshLeadFacts(store.db, other.id, ['z'], at(0));
  server = await serveRouters(store, [
    hubspotReportsRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
      userOf: async () => ({ ownerId: null, teamIds: [] }),
      clock: () => at(60),
      logger: silent,
    }),
  ]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

const signed = (route: string, request: Partial<SignedCall>): SignedCall => ({
  path: `${BASE}${route}`,
  portal: tenant.externalId,
  user: '11',
  secret: SECRET,
  timestamp: at(60).getTime(),
  ...request,
});
const call = (route: string, request: Partial<SignedCall> = {}) =>
  // biome-ignore lint/suspicious/noExplicitAny: each test checks the fields of the answer it reads
  signedCall<any>(server, PUBLIC, signed(route, request));
const download = (route: string) => signedRequest(server, PUBLIC, signed(route, {}));

describe('the HubSpot reports API', () => {
  it('lists every report by its name', async () => {
    const { status, body } = await call('/');
    expect(status).toBe(200);
    expect(body.reports.map((r: { name: string }) => r.name)).toEqual([
      'waterfall',
      'lead-quality',
      'sla-compliance',
      'sleeping-pipeline',
      'lead-to-close',
      'sources',
      'quarter-review',
      'marketer-questions',
    ]);
  });

  it("answers a report over the signed portal's leads only, filtered by the query", async () => {
    const all = await call('/lead-quality');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ name: 'lead-quality', leads: 4 });
    expect(all.body.report).toMatchObject({ qualified: 3, handedOff: 2, accepted: 1, wastageRate: 0.6667 });
    const sales = await call('/lead-quality?origin=sales');
    expect(sales.body).toMatchObject({ leads: 1, filter: { origin: 'sales' } });
    const march = await call(`/waterfall?from=2026-03-01&to=2026-03-31`);
    expect(march.body.leads).toBe(3);
    expect((await call('/lead-quality', { portal: other.externalId })).body.leads).toBe(1);
  });

  it('exports each table as CSV that parses back to the same numbers, with formula-like text made inert', async () => {
    const json = await call('/lead-quality');
    const csv = await download('/lead-quality?format=csv&table=rejection_reasons');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('baton-lead-quality-rejection_reasons.csv');
    expect(parse(csv.text)).toEqual([
      ['reason_code', 'rejections'],
      ['\'=HYPERLINK("x")', '1'],
    ]);

    const summary = parse((await download('/lead-quality?format=csv')).text, { columns: true, cast: true });
    const table = json.body.tables.find((t: { name: string }) => t.name === 'summary');
    expect(summary).toEqual(
      table.rows.map(([measure, value]: [string, number | null]) => ({ measure, value: value ?? '' })),
    );
  });

  it("reads the tenant's own report settings: sleeping thresholds per stage", async () => {
    await updateTenantSettings(
      store.db,
      other.id,
      () => ({ reports: { sleepingAfterDays: 7, stageSleepingDays: { sal: 90 } } }),
      {
        actor: 'test',
        now: at(0),
      },
    );
    const { body } = await call('/sleeping-pipeline', { portal: other.externalId });
    const threshold = (stage: string) =>
      body.report.stages.find((s: { stage: string }) => s.stage === stage)?.thresholdDays;
    expect([threshold('mql'), threshold('sal')]).toEqual([7, 90]);
    expect((await call('/sleeping-pipeline')).body.report.stages[1].thresholdDays).toBe(30);
  });

  it('refuses an unknown report, table or filter by name, and unsigned callers', async () => {
    const unknown = await call('/pipeline-magic');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('waterfall');
    const table = await call('/waterfall?format=csv&table=nope');
    expect(table.status).toBe(404);
    const bad = await call('/waterfall?from=yesterday&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['colour', 'from']);
    const twice = await call('/waterfall?origin=sales&origin=marketing');
    expect(twice.status).toBe(400);
    expect((await call('/waterfall', { secret: 'forged' })).status).toBe(401);
    expect(
      (
        await fetch(
          `http://127.0.0.1:${server.port}${BASE}/waterfall?portalId=${tenant.externalId}&userId=11`,
        )
      ).status,
    ).toBe(401);
  });
});
