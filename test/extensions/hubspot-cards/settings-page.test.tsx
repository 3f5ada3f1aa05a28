import {
  Alert,
  BarChart,
  Button,
  ErrorState,
  Input,
  LoadingSpinner,
  NumberInput,
  Select,
  StatusTag,
  TextArea,
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settingsApi } from '../../../extensions/hubspot/src/app/settings/settings-api.ts';
import { SettingsPage } from '../../../extensions/hubspot/src/app/settings/settings-page.tsx';
import { hubspotAssessmentsRouter } from '../../../src/crm/hubspot/extension-api/hubspot-assessment-routes.ts';
import { hubspotReportsRouter } from '../../../src/crm/hubspot/extension-api/hubspot-report-routes.ts';
import { hubspotSettingsRouter } from '../../../src/crm/hubspot/extension-api/hubspot-settings-routes.ts';
import type { RunningServer } from '../../../src/server/http-server.ts';
import { submitAnswers } from '../../../src/store/assessments.ts';
import { addFieldNote, listFieldNotes } from '../../../src/store/field-notes.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../../../src/store/funnel-models.ts';
import { refreshLeadFacts } from '../../../src/store/lead-facts.ts';
import { appendLedgerEntries } from '../../../src/store/ledger.ts';
import { loadQualificationDefinitions } from '../../../src/store/qualification-definitions.ts';
import { upsertSnapshots } from '../../../src/store/snapshots.ts';
import { findTenantByExternalId, type Tenant, updateTenantSettings } from '../../../src/store/tenants.ts';
import { ledgerOf } from '../../core/reports/report-fixtures.ts';
import { serveRouters, silent } from '../../crm/hubspot/extension-api/serve-routers.ts';
import { hubspotModel } from '../../fixtures/hubspot-defaults.ts';
import { installTenant } from '../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';
import { hubspotProxy } from './hubspot-proxy.ts';
import { renderedText } from './rendered-text.ts';

const PUBLIC = 'https://baton.example.com';
const SECRET = 'settings-page-secret';
const MIA = '11';
const SAM = '22';
const ADA = '33';
const REP = '44';

let store: TestStore;
let server: RunningServer;
let tenant: Tenant;
let user = MIA;

beforeAll(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  await updateTenantSettings(
    store.db,
    tenant.id,
    () => ({ roles: { marketing: { users: [MIA] }, sales: { users: [SAM] }, admin: { users: [ADA] } } }),
    { actor: 'test', now: new Date() },
  );
  await upsertSnapshots(
    store.db,
    tenant.id,
    [
      {
        objectType: 'contacts',
        recordId: '501',
        properties: { numberofemployees: '120' },
        observedAt: Date.now(),
      },
    ],
    new Date(),
  );
  const mqlAt = Date.parse('2026-03-02T09:00:00Z');
  await appendLedgerEntries(store.db, tenant.id, [
    ...ledgerOf('601', [
      { stage: 'mql', at: mqlAt },
      { event: 'qualified', at: mqlAt },
    ]),
    ...ledgerOf('602', [
      { stage: 'mql', at: mqlAt },
      { event: 'qualified', at: mqlAt },
      { stage: 'sal', at: mqlAt + 60_000 },
      { event: 'accepted', at: mqlAt + 60_000 },
    ]),
  ]);
  await refreshLeadFacts(store.db, tenant.id, ['601', '602'], new Date());
  const extension = {
    db: store.db,
    config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
    userOf: async () => ({ ownerId: null, teamIds: [] }),
    clock: () => new Date(),
    logger: silent,
  };
  server = await serveRouters(store, [
    hubspotSettingsRouter(extension),
    hubspotReportsRouter(extension),
    hubspotAssessmentsRouter(extension),
  ]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});
beforeEach(() => {
  user = MIA;
});

/** The settings page as `user` sees it, talking to the real settings API through a signing proxy. */
async function open(as: string) {
  user = as;
  const fetcher = hubspotProxy({
    server,
    publicBaseUrl: PUBLIC,
    secret: SECRET,
    portal: tenant.externalId,
    user: () => user,
  });
  const page = createRenderer('settings');
  page.render(<SettingsPage api={settingsApi(fetcher)} host={{ addAlert: page.mocks.actions.addAlert }} />);
  await page.waitFor(() => expect(page.maybeFind(LoadingSpinner)).toBeNull(), { timeoutInMs: 5000 });
  const button = (label: string) => page.find(Button, (b) => b.text === label);
  const input = (name: string) => page.find(Input, { name });
  const text = () => renderedText(page.getRootNode());
  /** Clicks, then waits for Baton's answer to show: the given text, or an alert. */
  async function click(label: string, until: () => void) {
    button(label).trigger('onClick');
    await page.waitFor(until, { timeoutInMs: 5000 });
  }
  return { ...page, button, input, text, click };
}

const tileOf = (page: Awaited<ReturnType<typeof open>>, version: number) =>
  page.find(Tile, (t) => renderedText(t).includes(`v${version}`));

describe('the settings page', () => {
  it('shows a spinner while Baton answers, and Baton’s refusal with a retry when it cannot load', async () => {
    const fetcher = hubspotProxy({
      server,
      publicBaseUrl: PUBLIC,
      secret: 'not-the-secret',
      portal: tenant.externalId,
      user: () => MIA,
    });
    const page = createRenderer('settings');
    page.render(<SettingsPage api={settingsApi(fetcher)} host={{ addAlert: page.mocks.actions.addAlert }} />);
    expect(page.find(LoadingSpinner).props.label).toBe('Loading Baton settings…');
    await page.waitFor(() => expect(page.maybeFind(ErrorState)).not.toBeNull(), { timeoutInMs: 5000 });
    expect(renderedText(page.find(ErrorState))).toContain('HubSpot signature check failed');
    expect(page.find(Button, (b) => b.text === 'Try again')).toBeTruthy();
  });

  it('shows who is signed in, with their roles, and lets a user with no role read only', async () => {
    const rep = await open(REP);
    expect(rep.text()).toContain('Signed in as HubSpot user 44 · no Baton role: you can read, not change');
    expect(rep.maybeFind(Button, (b) => b.text === 'New definition')).toBeNull();
    expect(rep.maybeFind(Button, (b) => b.text === 'Save model')).toBeNull();
  });

  it('lets marketing draft a definition row by row, naming the field Baton refused, and warns of unwatched properties', async () => {
    const page = await open(MIA);
    page.button('New definition').trigger('onClick');
    page.input('key').trigger('onChange', 'mql' as never);
    page.input('name').trigger('onChange', 'Mid-market MQL' as never);
    await page.click('Save draft', () =>
      expect(page.maybeFind(Alert, { title: 'Not saved' })).not.toBeNull(),
    );
    expect(page.text()).toContain('rules.all[0].property');
    expect(page.input('property-0').props.error).toBe(true);
    expect(await loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' })).toEqual([]);

    page.input('property-0').trigger('onChange', 'numberofemployees' as never);
    page.find(Select, { name: 'operator-0' }).trigger('onChange', 'between' as never);
    page.input('value-0').trigger('onChange', '50..1000' as never);
    page.button('Add criterion').trigger('onClick');
    page.input('property-1').trigger('onChange', 'favourite_colour' as never);
    await page.click('Save draft', () => expect(page.maybeFind(Tile)).not.toBeNull());
    expect(page.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({
      type: 'success',
      message: 'Draft saved',
    });
    const [saved] = await loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' });
    expect(saved).toMatchObject({
      status: 'draft',
      createdBy: MIA,
      rules: {
        all: [
          { property: 'numberofemployees', operator: 'between', value: { min: 50, max: 1000 } },
          { property: 'favourite_colour', operator: 'exists' },
        ],
      },
    });
    expect(renderedText(tileOf(page, 1))).toContain(
      'HubSpot does not notify Baton of changes to favourite_colour',
    );
  });

  it('tests a draft against a real contact without storing anything', async () => {
    const page = await open(MIA);
    page.input('dry-run-mql-1').trigger('onChange', '501' as never);
    await page.click('Test', () => expect(page.text()).toContain('✓ '));
    expect(page.text()).toContain('Baton holds no value yet of: favourite_colour.');
  });

  it('takes the draft to active: marketing proposes and approves, sales approves, marketing activates', async () => {
    const mia = await open(MIA);
    await mia.click('Propose', () => expect(mia.find(StatusTag).text).toBe('proposed'));
    // One person cannot approve for both sides: Mia, marketing only, is offered marketing's approval.
    expect(mia.maybeFind(Button, (b) => b.text === 'Approve for sales')).toBeNull();
    await mia.click('Approve for marketing', () =>
      expect(mia.text()).toContain('marketing approved by 11 · sales not yet approved'),
    );
    const sam = await open(SAM);
    await sam.click('Approve for sales', () => expect(sam.find(StatusTag).text).toBe('approved'));
    const again = await open(MIA);
    await again.click('Activate', () => expect(again.find(StatusTag).text).toBe('active'));
    expect((await loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' }))[0]?.status).toBe(
      'active',
    );
  });

  it('shows a diff once the active version is revised', async () => {
    const page = await open(MIA);
    await page.click('Revise v1', () =>
      expect(page.maybeFind(Tile, (t) => renderedText(t).includes('v2'))).not.toBeNull(),
    );
    await page.click('Compare', () => expect(page.text()).toContain('The two versions are the same.'));
  });

  it('edits a draft’s scoring as JSON, refusing JSON that does not parse before Baton sees it', async () => {
    const page = await open(MIA);
    page.find(Button, (b) => b.text === 'Edit').trigger('onClick');
    const scoring = () => page.find(TextArea, { name: 'scoring' });
    scoring().trigger('onChange', '{ "fit": [' as never);
    page.button('Save draft').trigger('onClick');
    expect(scoring().props.validationMessage).toBe('The scoring are not valid JSON.');
    const fit = {
      fit: [{ criterion: { property: 'jobtitle', operator: 'exists' }, points: 40 }],
      fitThreshold: 30,
    };
    scoring().trigger('onChange', JSON.stringify(fit) as never);
    await page.click('Save draft', () => expect(page.maybeFind(TextArea, { name: 'scoring' })).toBeNull());
    const v2 = (await loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' })).find(
      (d) => d.version === 2,
    );
    expect(v2?.scoring).toMatchObject(fit);
    await page.click('Compare', () => expect(page.text()).toContain('scoring.fitThreshold'));
  });

  it('lets an admin start from a preset, refuses weights that do not sum to 100%, and saves the model', async () => {
    const ada = await open(ADA);
    ada.find(Select, { name: 'preset' }).trigger('onChange', 'three_owner_journey' as never);
    const share = (fn: string) => ada.find(NumberInput, { name: `share-discovery-${fn}` });
    await ada.click('Load preset', () =>
      expect(ada.maybeFind(NumberInput, { name: 'share-discovery-marketing' })).not.toBeNull(),
    );
    const salesShare = Number(share('sales').props.value);
    expect(Number(share('marketing').props.value) + salesShare).toBe(100);
    share('marketing').trigger('onChange', 50 as never);
    await ada.click('Save model', () => expect(ada.maybeFind(Alert, { title: 'Not saved' })).not.toBeNull());
    expect(ada.text()).toContain('they must sum to 1');
    expect(await getActiveFunnelModel(store.db, tenant.id)).toBeNull();
    share('marketing').trigger('onChange', (100 - salesShare) as never);
    expect(ada.input('supplies-discovery').props.value).toBe(
      'Shared lead and opportunity standards (prospecting and qualifying)',
    );
    ada.input('supplies-decision').trigger('onChange', 'Success stories; ROI calculator' as never);
    ada.find(NumberInput, { name: 'at-risk-engagement' }).trigger('onChange', 50 as never);
    await ada.click('Save model', () => expect(ada.text()).toContain('In force: version 1.'));
    const saved = (await getActiveFunnelModel(store.db, tenant.id))?.model;
    expect(saved?.preset).toBe('three_owner_journey');
    expect(saved?.stages.find((s) => s.key === 'engagement')?.sla?.atRiskShare).toBe(0.5);
    expect(saved?.stages.find((s) => s.key === 'decision')?.marketingSupplies).toEqual([
      'Success stories',
      'ROI calculator',
    ]);
  });

  it('lets an admin change reason codes and roles, and nobody else', async () => {
    const ada = await open(ADA);
    ada.button('Add reason').trigger('onClick');
    const last = ada.findAll(Input, (i) => String(i.props.name).startsWith('code-key-')).length - 1;
    ada.input(`code-key-${last}`).trigger('onChange', 'wrong_region' as never);
    ada.input(`code-label-${last}`).trigger('onChange', 'Wrong region' as never);
    await ada.click('Save reason codes', () =>
      expect(ada.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({
        type: 'success',
        message: 'Reason codes saved',
      }),
    );
    ada.input('sales-users').trigger('onChange', `${SAM}, 55` as never);
    await ada.click('Save roles', () =>
      expect(ada.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({
        type: 'success',
        message: 'Roles saved',
      }),
    );
    const settings = (await open(MIA)).text();
    expect(settings).not.toContain('Save roles');
    const stored = await findTenantByExternalId(store.db, 'hubspot', tenant.externalId);
    expect(stored?.settings).toMatchObject({
      roles: { sales: { users: [SAM, '55'] } },
      reasonCodes: expect.arrayContaining([
        { key: 'wrong_region', label: 'Wrong region', appliesTo: ['rejected'] },
      ]),
    });
  });

  it('lets an admin route SLA breaches: queues, managers and a fallback manager, refusing an empty queue', async () => {
    const ada = await open(ADA);
    ada.input('sla-queues').trigger('onChange', 'inside:' as never);
    await ada.click('Save breach routing', () =>
      expect(ada.text()).toContain('a queue needs at least one member'),
    );
    ada.input('sla-queues').trigger('onChange', 'inside: 501, 502; emea: 601' as never);
    ada.input('sla-managers').trigger('onChange', '501: 509' as never);
    ada.input('sla-default-manager').trigger('onChange', '509' as never);
    await ada.click('Save breach routing', () =>
      expect(ada.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({
        type: 'success',
        message: 'Breach routing saved',
      }),
    );
    const stored = await findTenantByExternalId(store.db, 'hubspot', tenant.externalId);
    expect(stored?.settings).toMatchObject({
      slaRouting: {
        queues: { inside: ['501', '502'], emea: ['601'] },
        managers: { '501': '509' },
        defaultManager: '509',
      },
    });
    const mia = await open(MIA);
    // Stored as JSONB, which keeps no key order.
    expect(String(mia.input('sla-queues').props.value).split('; ').sort()).toEqual([
      'emea: 601',
      'inside: 501, 502',
    ]);
    expect(mia.input('sla-queues').props.readOnly).toBe(true);
    expect(mia.maybeFind(Button, (b) => b.text === 'Save breach routing')).toBeNull();
  });

  it('lists the field intelligence marketing owes an answer to, and takes the answer', async () => {
    await addFieldNote(
      store.db,
      tenant.id,
      {
        objectType: 'contacts',
        recordId: '501',
        requestId: 'note-inbox-1',
        author: SAM,
        body: 'They use a rival’s CRM',
      },
      new Date(),
    );
    const rep = await open(REP);
    expect(rep.text()).not.toContain('They use a rival’s CRM');
    const mia = await open(MIA);
    await mia.waitFor(() => expect(mia.text()).toContain('They use a rival’s CRM'), { timeoutInMs: 5000 });
    expect(mia.text()).toContain('Contact 501, user 22');
    mia.find(Select, { name: 'answerStatus' }).trigger('onChange', 'declined' as never);
    mia.input('answer').trigger('onChange', 'Not a segment we target' as never);
    await mia.click('Answer', () => expect(mia.text()).toContain('Every note from sales has an answer.'));
    const [answered] = await listFieldNotes(store.db, tenant.id, 'contacts', '501');
    expect(answered).toMatchObject({
      status: 'declined',
      answer: 'Not a segment we target',
      answeredBy: MIA,
    });
  });

  it('lets an admin map a lead status to a hand-off event', async () => {
    const ada = await open(ADA);
    const rows = () => ada.findAll(Input, (i) => String(i.props.name).startsWith('status-value-')).length;
    const before = rows();
    ada.button('Add status').trigger('onClick');
    ada.input(`status-value-${before}`).trigger('onChange', 'NURTURE' as never);
    ada.find(Select, { name: `status-event-${before}` }).trigger('onChange', 'recycled' as never);
    ada.find(Select, { name: `status-reason-${before}` }).trigger('onChange', 'no_need_or_timing' as never);
    await ada.click('Save status mapping', () =>
      expect(ada.mocks.actions.addAlert.calls.at(-1)?.[0]).toEqual({
        type: 'success',
        message: 'Status mapping saved',
      }),
    );
    const stored = await findTenantByExternalId(store.db, 'hubspot', tenant.externalId);
    const settings = (stored?.settings ?? {}) as { journeyMapping?: { statusEvents: unknown[] } };
    const events = settings.journeyMapping?.statusEvents;
    expect(events).toHaveLength(before + 1);
    expect(events?.at(-1)).toEqual({
      property: 'hs_lead_status',
      value: 'NURTURE',
      event: 'recycled',
      reasonCode: 'no_need_or_timing',
    });
  });

  it('shows every report for a period, the waterfall as a chart, and Baton’s refusal of a bad date', async () => {
    // An earlier test saved another preset; the waterfall reads the model in force.
    await saveFunnelModel(store.db, tenant.id, hubspotModel('demand_waterfall'), {
      actor: 'test',
      now: new Date(),
    });
    const page = await open(REP);
    await page.waitFor(() => expect(page.maybeFind(BarChart)).not.toBeNull(), { timeoutInMs: 5000 });
    expect(page.find(BarChart).props.data).toEqual([
      { stage: 'Inquiry', reached: 2 },
      { stage: 'MQL', reached: 2 },
      { stage: 'SAL', reached: 1 },
      { stage: 'SQL', reached: 0 },
      { stage: 'Opportunity', reached: 0 },
      { stage: 'Customer', reached: 0 },
    ]);
    expect(page.text()).toContain('Funnel waterfall: 2 lead(s)');
    await page.waitFor(() => expect(page.find(Select, { name: 'report' }).props.options).toHaveLength(8), {
      timeoutInMs: 5000,
    });

    page.find(Select, { name: 'report' }).trigger('onChange', 'lead-quality' as never);
    await page.click('Show report', () => expect(page.text()).toContain('Lead quality: 2 lead(s)'));
    expect(page.text()).toMatch(/wastage_rate|wastage rate/);
    expect(page.text()).toContain('0.5');

    page.input('from').trigger('onChange', 'last week' as never);
    await page.click('Show report', () => expect(page.text()).toContain('from must be a date'));
  });

  it('lets an admin open an assessment round and copy its links, and shows its results to everyone', async () => {
    const rep = await open(REP);
    await rep.waitFor(() => expect(rep.text()).toContain('No assessment round yet.'), { timeoutInMs: 5000 });
    expect(rep.maybeFind(Button, (b) => b.text === 'Open round')).toBeNull();

    const admin = await open(ADA);
    await admin.waitFor(
      () => expect(admin.find(Select, { name: 'instrument' }).props.options.length).toBe(9),
      {
        timeoutInMs: 5000,
      },
    );
    admin.find(Select, { name: 'instrument' }).trigger('onChange', 'c3:trust' as never);
    admin.input('sales').trigger('onChange', '3' as never);
    admin.input('marketing').trigger('onChange', '2' as never);
    await admin.click('Open round', () => expect(admin.text()).toContain('Links for Trust and openness'));
    const links = [
      ...admin.text().matchAll(/https:\/\/baton\.example\.com\/assess\/([A-Za-z0-9_-]{43})/g),
    ].map((m) => m[1] ?? '');
    expect(links).toHaveLength(5);

    for (const token of links.slice(0, 3)) await submitAnswers(store.db, token, [6, 6, 6, 6, 6, 6, 6]);
    await submitAnswers(store.db, links[3] ?? '', [1, 1, 1, 1, 1, 1, 1]);
    const reader = await open(REP);
    await reader.waitFor(() => expect(reader.text()).toContain('4/5'), { timeoutInMs: 5000 });
    const name = /Results of (Trust and openness, \d{4}-\d{2}-\d{2})/.exec(reader.text())?.[1] ?? '';
    await reader.click(`Results of ${name}`, () => expect(reader.text()).toContain('4 of 5 answered.'));
    // Everyone: (3 × 6 + 1) / 4; the lone marketer is in the overall, never shown alone.
    expect(reader.text()).toContain('Overall 4.75, high');
    expect(reader.text()).toMatch(/sales\s*3\s*6 high/);
    expect(reader.text()).toMatch(/marketing\s*fewer than 3\s*not shown \(fewer than 3 answered\)/);
    expect(reader.maybeFind(Button, (b) => b.text === `Close ${name}`)).toBeNull();
  });
});
