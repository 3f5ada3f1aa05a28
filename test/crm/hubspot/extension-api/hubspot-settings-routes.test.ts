import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubspotSettingsRouter } from '../../../../src/crm/hubspot/extension-api/hubspot-settings-routes.ts';
import type { RunningServer } from '../../../../src/server/http-server.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import { getActiveFunnelModel } from '../../../../src/store/funnel-models.ts';
import { loadQualificationDefinitions } from '../../../../src/store/qualification-definitions.ts';
import { upsertSnapshots } from '../../../../src/store/snapshots.ts';
import { findTenantByExternalId, type Tenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { at, installTenant, T0 } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { serveRouters, silent } from './serve-routers.ts';
import { type SignedCall, signedCall } from './signed-call.ts';

const SECRET = 'settings-secret';
const PUBLIC = 'https://baton.example.com';
const BASE = '/api/hubspot/settings';
/** HubSpot users: 11 is marketing, 22 sales by team, 33 admin, 44 a rep with no role. */
const TEAMS: Readonly<Record<string, string[]>> = { '22': ['team-sales'] };
const MIA = '11';
const SAM = '22';
const ADA = '33';
const REP = '44';

const draft = {
  key: 'mql',
  name: 'Mid-market MQL',
  rules: {
    all: [
      { property: 'numberofemployees', operator: 'between', value: { min: 50, max: 1000 } },
      { property: 'favourite_colour', operator: 'exists' },
    ],
  },
};

let store: TestStore;
let server: RunningServer;
let tenant: Tenant;
let other: Tenant;
let now = at(60);

beforeAll(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  other = await installTenant(store.db, 'Globex');
  await updateTenantSettings(
    store.db,
    tenant.id,
    () => ({
      roles: { marketing: { users: [MIA] }, sales: { teams: ['team-sales'] }, admin: { users: [ADA] } },
    }),
    { actor: 'test', now: at(0) },
  );
  await upsertSnapshots(
    store.db,
    tenant.id,
    [{ objectType: 'contacts', recordId: '501', properties: { numberofemployees: '120' }, observedAt: T0 }],
    at(0),
  );
  server = await serveRouters(store, [
    hubspotSettingsRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
      userOf: async (_tenantId, userId) => ({ ownerId: null, teamIds: TEAMS[userId] ?? [] }),
      clock: () => now,
      logger: silent,
    }),
  ]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});
beforeEach(() => {
  now = at(60);
});

type Call = Omit<SignedCall, 'portal' | 'user' | 'secret' | 'timestamp' | 'path'> &
  Partial<SignedCall> & { readonly route: string };

const call = ({ route, ...request }: Call) =>
  // biome-ignore lint/suspicious/noExplicitAny: each test checks the fields of the answer it reads
  signedCall<any>(server, PUBLIC, {
    path: `${BASE}${route}`,
    portal: tenant.externalId,
    user: MIA,
    secret: SECRET,
    timestamp: now.getTime(),
    ...request,
  });

const definitions = () => loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' });

describe('the HubSpot settings API', () => {
  it('refuses unsigned, forged and stale requests with 401, and portals Baton is not installed in', async () => {
    const forged = await call({ route: '/', secret: 'not-the-secret' });
    const stale = await call({ route: '/', timestamp: now.getTime() - 6 * 60_000 });
    const unknown = await call({ route: '/', portal: '99999' });
    const unsigned = await fetch(
      `http://127.0.0.1:${server.port}${BASE}/?portalId=${tenant.externalId}&userId=11`,
    );
    expect([forged.status, stale.status, unknown.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    expect(forged.body.error?.code).toBe('signature_invalid');
  });

  it('answers the settings page: the caller and their roles, the model in force, the settings and presets', async () => {
    const { status, body } = await call({ route: '/', user: SAM });
    expect(status).toBe(200);
    expect(body.caller).toEqual({ id: SAM, roles: ['sales'] });
    expect(body.funnel).toMatchObject({ version: null, model: { preset: 'demand_waterfall' } });
    expect(body.funnel.presets.map((p: { key: string }) => p.key)).toContain('three_owner_journey');
    expect(body.settings.reasonCodes.length).toBeGreaterThan(0);
    expect(body.settings.roles).toMatchObject({ admin: { users: [ADA] } });
    expect(body.ownSections).toEqual(['roles']);
  });

  it('takes a definition from draft to active over HTTP: marketing drafts, one approver of each side, diff and warnings', async () => {
    const created = await call({ method: 'POST', route: '/definitions', body: draft });
    expect(created.status).toBe(201);
    expect(created.body.definition).toMatchObject({
      key: 'mql',
      version: 1,
      status: 'draft',
      createdBy: MIA,
    });
    // HubSpot does not notify Baton of changes to a property the app does not subscribe to.
    expect(created.body.definition.unwatchedProperties).toEqual(['favourite_colour']);

    const v1 = '/definitions/mql/versions/1';
    expect((await call({ method: 'POST', route: `${v1}/propose` })).status).toBe(200);
    const rep = await call({ method: 'POST', route: `${v1}/approve`, user: REP, body: { side: 'sales' } });
    expect(rep.status).toBe(403);
    expect(rep.body.error?.message).toContain('sales role');
    expect((await call({ method: 'POST', route: `${v1}/approve`, body: { side: 'marketing' } })).status).toBe(
      200,
    );
    const sales = await call({ method: 'POST', route: `${v1}/approve`, user: SAM, body: { side: 'sales' } });
    expect(sales.body.definition.approvals).toMatchObject({ marketing: { by: MIA }, sales: { by: SAM } });
    const active = await call({ method: 'POST', route: `${v1}/activate` });
    expect(active.body.definition.status).toBe('active');

    const revised = await call({
      method: 'POST',
      route: `${v1}/revise`,
      body: { name: 'Mid-market MQL, any size', changeNote: 'drop the colour' },
    });
    expect(revised.status).toBe(201);
    expect(revised.body.definition).toMatchObject({ version: 2, status: 'draft' });
    const edited = await call({
      method: 'PATCH',
      route: '/definitions/mql/versions/2',
      body: {
        rules: {
          all: [{ property: 'numberofemployees', operator: 'between', value: { min: 10, max: 5000 } }],
        },
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.definition.unwatchedProperties).toEqual([]);
    const diff = await call({ route: '/definitions/mql/diff?from=1&to=2' });
    expect(diff.status).toBe(200);
    expect(diff.body.changes.map((c: { path: string }) => c.path)).toEqual(expect.arrayContaining(['name']));

    const listed = await call({ route: '/definitions', user: REP });
    expect(
      listed.body.definitions.map((d: { version: number; status: string }) => [d.version, d.status]),
    ).toEqual([
      [2, 'draft'],
      [1, 'active'],
    ]);
    const audit = await listAudit(store.db, tenant.id);
    expect(audit.filter((a) => a.action.startsWith('definition.')).map((a) => a.actor)).toEqual(
      expect.arrayContaining([MIA, SAM]),
    );
  });

  it('dry-runs any version against a real contact without storing anything', async () => {
    const before = await definitions();
    const { status, body } = await call({
      method: 'POST',
      route: '/definitions/mql/versions/1/dry-run',
      body: { recordId: '501' },
    });
    expect(status).toBe(200);
    expect(body.result.verdict).toBe('not_qualified');
    expect(body.unknownProperties).toEqual(['favourite_colour']);
    expect(body.unwatchedProperties).toEqual(['favourite_colour']);
    const missing = await call({
      method: 'POST',
      route: '/definitions/mql/versions/1/dry-run',
      body: { recordId: '999' },
    });
    expect(missing.status).toBe(404);
    expect(await definitions()).toEqual(before);
  });

  it('refuses malformed bodies with 400 naming the field, storing nothing', async () => {
    const before = await definitions();
    const rules = await call({
      method: 'POST',
      route: '/definitions',
      body: { ...draft, key: 'sal', rules: 'x' },
    });
    expect(rules.status).toBe(400);
    expect(rules.body.error?.issues?.map((i: { path: string }) => i.path)).toContain('rules');
    const side = await call({
      method: 'POST',
      route: '/definitions/mql/versions/2/approve',
      body: { side: 'ops' },
    });
    expect(side.status).toBe(400);
    expect(side.body.error?.issues?.[0]?.path).toBe('side');
    const version = await call({ method: 'POST', route: '/definitions/mql/versions/two/propose' });
    expect(version.status).toBe(400);
    expect(version.body.error?.issues?.[0]?.path).toBe('version');
    const notJson = await fetchSigned('{"rules":');
    expect(notJson).toBe(400);
    expect(await definitions()).toEqual(before);
    expect(await loadQualificationDefinitions(store.db, tenant.id, { key: 'sal' })).toEqual([]);
  });

  it('lets only admins change the model and settings, validating each save and auditing it', async () => {
    const preset = await call({ route: '/funnel-model/presets/three_owner_journey', user: ADA });
    expect(preset.status).toBe(200);
    expect(preset.body.model.preset).toBe('three_owner_journey');

    const refused = await call({ method: 'PUT', route: '/funnel-model', body: preset.body.model });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toContain('admin role');
    expect(await getActiveFunnelModel(store.db, tenant.id)).toBeNull();

    const bad = await call({
      method: 'PUT',
      route: '/funnel-model',
      user: ADA,
      body: { ...preset.body.model, stages: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.[0]?.path).toContain('stages');
    const saved = await call({ method: 'PUT', route: '/funnel-model', user: ADA, body: preset.body.model });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);

    const codes = [{ code: 'no_budget', label: 'No budget', direction: 'rejected' }];
    const wrongSection = await call({
      method: 'PATCH',
      route: '/tenant-settings',
      user: ADA,
      body: { reasonCodes: codes, colour: 'blue' },
    });
    expect(wrongSection.status).toBe(400);
    expect(wrongSection.body.error?.issues?.[0]).toEqual({
      path: 'colour',
      message: 'is not a settings section',
    });
    const stored = await findTenantByExternalId(store.db, 'hubspot', tenant.externalId);
    expect(stored?.settings).not.toHaveProperty('reasonCodes');

    const roles = await call({
      method: 'PATCH',
      route: '/tenant-settings',
      body: { roles: { admin: { users: [MIA] } } },
    });
    expect(roles.status).toBe(403);
    const audit = await listAudit(store.db, tenant.id);
    expect(audit.some((a) => a.actor === ADA && a.action.startsWith('funnel_model'))).toBe(true);
  });

  it('shows open field notes to marketing only', async () => {
    expect((await call({ route: '/field-notes', user: REP })).status).toBe(403);
    const listed = await call({ route: '/field-notes' });
    expect(listed.status).toBe(200);
    expect(listed.body.notes).toEqual([]);
    const unknown = await call({
      method: 'POST',
      route: '/field-notes/00000000-0000-4000-8000-000000000000/answer',
      body: { status: 'declined', answer: 'no' },
    });
    expect(unknown.status).toBe(404);
  });

  it('never shows or changes another portal’s definitions', async () => {
    await updateTenantSettings(store.db, other.id, () => ({ roles: { marketing: { users: [MIA] } } }), {
      actor: 'test',
      now: at(0),
    });
    const listed = await call({ route: '/definitions', portal: other.externalId });
    expect(listed.body.definitions).toEqual([]);
    const propose = await call({
      method: 'POST',
      route: '/definitions/mql/versions/2/propose',
      portal: other.externalId,
    });
    expect(propose.status).toBe(404);
    expect((await definitions()).find((d) => d.version === 2)?.status).toBe('draft');
  });
});

/** A signed POST whose body is not JSON. */
async function fetchSigned(raw: string): Promise<number> {
  const { createHmac } = await import('node:crypto');
  const path = `${BASE}/definitions?portalId=${tenant.externalId}&userId=${MIA}`;
  const timestamp = now.getTime();
  const signature = createHmac('sha256', SECRET)
    .update(`POST${PUBLIC}${path}${raw}${timestamp}`)
    .digest('base64');
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) },
    body: raw,
  });
  return response.status;
}
