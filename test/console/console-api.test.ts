import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleSignInLink } from '../../src/console/console-sessions.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { createTenant } from '../../src/store/tenants.ts';
import { ConsoleBrowser } from './console-client.ts';
import { type ConsoleDemo, signedInAs, startConsoleDemo } from './console-demo.ts';

let demo: ConsoleDemo;
let admin: ConsoleBrowser;

beforeAll(async () => {
  demo = await startConsoleDemo();
  admin = new ConsoleBrowser(demo.batonUrl);
  await admin.visit(demo.consoleUrl);
  await admin.api('/session');
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('console sessions', () => {
  it('signs the demo visitor in through the printed link, once', async () => {
    const session = await admin.api('/session');
    expect(session.status).toBe(200);
    expect(session.body.tenant).toMatchObject({ id: demo.tenantId, crm: 'hubspot' });
    expect(session.body.roles).toEqual(['admin', 'marketing', 'sales']);
    expect(session.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const again = new ConsoleBrowser(demo.batonUrl);
    const { visited } = await again.visit(demo.consoleUrl);
    expect(visited.at(-1)?.searchParams.get('signInError')).toMatch(/used already or has expired/);
    expect((await again.api('/session')).status).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, site-wide, with an expiry', async () => {
    const code = await createConsoleSignInLink(demo.db, {
      tenantId: demo.tenantId,
      user: { id: '9001', name: null, email: null, teamIds: [] },
      now: new Date(),
    });
    const response = await fetch(`${demo.batonUrl}/console/sign-in/link/${code}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const [cookie = ''] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^baton_console=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=28800/);
    // Served over plain HTTP here; `Secure` comes with an https PUBLIC_BASE_URL.
    expect(cookie).not.toMatch(/Secure/);
  });

  it('refuses a request without a session, and a forged or tampered cookie', async () => {
    const none = new ConsoleBrowser(demo.batonUrl);
    const refused = await none.api('/settings');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');

    const forged = new ConsoleBrowser(demo.batonUrl);
    const real = admin.cookie('baton_console') ?? '';
    const [token = ''] = real.split('.');
    forged.setCookie('baton_console', `${token}.${'A'.repeat(43)}`);
    expect((await forged.api('/session')).status).toBe(401);
    forged.setCookie('baton_console', token);
    expect((await forged.api('/session')).status).toBe(401);
  });

  it('signs out server-side: the same cookie opens nothing afterwards', async () => {
    const browser = await signedInAs(demo, demo.tenantId, '7001', ['sales']);
    const cookie = browser.cookie('baton_console') ?? '';
    expect((await browser.api('/sign-out', { method: 'POST' })).status).toBe(204);
    expect(browser.cookie('baton_console')).toBeUndefined();
    const replay = new ConsoleBrowser(demo.batonUrl);
    replay.setCookie('baton_console', cookie);
    expect((await replay.api('/session')).status).toBe(401);
  });
});

describe('CSRF and roles', () => {
  it('refuses a change without the CSRF token, or from another origin, and changes nothing', async () => {
    const before = await listAudit(demo.db, demo.tenantId, { limit: 500 });
    const body = { reasonCodes: [{ key: 'x', label: 'X', appliesTo: ['rejected'] }] };
    const noToken = await admin.api('/settings/tenant-settings', { method: 'PATCH', body, csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.message).toMatch(/CSRF/);
    const crossSite = await admin.api('/settings/tenant-settings', {
      method: 'PATCH',
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await listAudit(demo.db, demo.tenantId, { limit: 500 })).toEqual(before);
  });

  it('resolves roles from the role settings on every request, and refuses a wrong role with the reason', async () => {
    const rep = await signedInAs(demo, demo.tenantId, '7002', ['sales']);
    expect((await rep.api('/session')).body.roles).toEqual(['sales']);
    const settings = await rep.api('/settings');
    expect(settings.status).toBe(200);
    const refused = await rep.api('/settings/funnel-model', {
      method: 'PUT',
      body: settings.body.funnel.model,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/admin/);

    await signedInAs(demo, demo.tenantId, '7002', ['sales', 'admin']);
    expect((await rep.api('/session')).body.roles).toEqual(['admin', 'sales']);
  });
});

describe('the console API over the demo portal', () => {
  it('answers the settings page, the reports with CSV, the audit log and the assessments', async () => {
    const settings = await admin.api('/settings');
    expect(settings.body.definitions.some((d: { status: string }) => d.status === 'active')).toBe(true);

    const waterfall = await admin.api('/reports/waterfall');
    expect(waterfall.status).toBe(200);
    expect(waterfall.body.leads).toBeGreaterThan(0);
    const csv = await admin.api('/reports/waterfall?format=csv');
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?baton-waterfall-/,
    );
    expect(String(csv.body).split('\r\n')[0]).toBe(waterfall.body.tables[0].columns.join(','));

    const audit = await admin.api('/audit?limit=5');
    expect(audit.body.entries.length).toBeGreaterThan(0);
    expect(audit.body.entries[0]).toEqual(
      expect.objectContaining({
        actor: expect.any(String),
        action: expect.any(String),
        at: expect.any(String),
      }),
    );
    expect(audit.body.entries[0]).not.toHaveProperty('tenantId');
    expect((await admin.api('/audit?limit=0')).status).toBe(400);

    const assessments = await admin.api('/assessments');
    expect(assessments.status).toBe(200);
    expect(assessments.body.instruments.length).toBeGreaterThan(0);
  });

  it('answers a report again from its kept answer, and anew once the settings change', async () => {
    const first = await admin.api('/reports/waterfall');
    const again = await admin.api('/reports/waterfall');
    expect(again.body.generatedAt).toBe(first.body.generatedAt);
    const settings = await admin.api('/settings');
    const model = settings.body.funnel.model;
    const [stage] = model.stages;
    const renamed = {
      ...model,
      stages: [{ ...stage, label: `${stage.label} (renamed)` }, ...model.stages.slice(1)],
    };
    const saved = await admin.api('/settings/funnel-model', { method: 'PUT', body: renamed });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const after = await admin.api('/reports/waterfall');
    expect(after.body.generatedAt).not.toBe(first.body.generatedAt);
    expect(JSON.stringify(after.body.report)).toContain('(renamed)');
  });

  it('lists the leads to work through, each opening its card view', async () => {
    const leads = await admin.api('/leads');
    expect(Object.keys(leads.body).sort()).toEqual(['rejections', 'slaAtRisk', 'sleeping']);
    const rows = [...leads.body.sleeping, ...leads.body.slaAtRisk, ...leads.body.rejections];
    expect(rows.length).toBeGreaterThan(0);
    const [row] = rows;
    const card = await admin.api(`/leads/${row.recordId}/card`);
    expect(card.status).toBe(200);
    expect(card.body.recordId).toBe(row.recordId);
    expect(card.body.ladder.length).toBeGreaterThan(0);

    const csv = await admin.api('/leads?format=csv&list=rejections');
    expect(String(csv.body).split('\r\n')[0]).toBe('record_id,name,stage,owner,since,detail');
    expect((await admin.api('/leads?format=csv&list=secrets')).status).toBe(400);
    expect((await admin.api('/leads/..%2Fx/card')).status).toBe(400);
  });
});

describe('a backfill started from the console', () => {
  it('runs for admins only, shows its progress, and imports the portal’s contacts once', async () => {
    const rep = await signedInAs(demo, demo.tenantId, '7003', ['sales']);
    const refused = await rep.api('/backfill', { method: 'POST', body: {} });
    expect(refused.status).toBe(403);
    expect((await rep.api('/backfill')).body).toMatchObject({ running: false, runs: [] });

    const started = await admin.api('/backfill', { method: 'POST', body: { restart: false } });
    expect(started.status).toBe(202);
    expect(started.body.running).toBe(true);
    const twice = await admin.api('/backfill', { method: 'POST', body: {} });
    expect([202, 409]).toContain(twice.status);
    if (twice.status === 409) expect(twice.body.error.message).toMatch(/running already/);

    let status = started.body;
    for (let waited = 0; status.running && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await admin.api('/backfill')).body;
    }
    expect(status.running).toBe(false);
    expect(status.lastError, status.lastError).toBeNull();
    const contacts = status.runs.find((r: { objectType: string }) => r.objectType === 'contacts');
    expect(contacts.finishedAt).not.toBeNull();
    expect(contacts.imported).toBe(demo.standIn.contacts().length);
    expect((await admin.api('/backfill', { method: 'POST', body: { restart: 'yes' } })).status).toBe(400);
    const audit = await admin.api('/audit?subjectType=backfill');
    expect(audit.body.entries[0]).toMatchObject({ action: 'backfill.started', after: { restart: false } });
  }, 60_000);
});

describe('tenant isolation', () => {
  it('never shows or changes another tenant’s data, whatever the request names', async () => {
    const other = await createTenant(
      demo.db,
      { crm: 'hubspot', externalId: '99887766', name: 'Other portal', status: 'active' },
      new Date(),
    );
    const outsider = await signedInAs(demo, other.id, '555', ['admin', 'marketing', 'sales']);
    const made = await outsider.api('/settings/definitions', {
      method: 'POST',
      body: {
        key: 'other-secret',
        name: 'Other tenant definition',
        rules: { all: [{ property: 'email', operator: 'exists', label: 'Has an email address' }] },
      },
    });
    expect(made.body.error).toBeUndefined();
    expect(made.status).toBe(201);
    const opened = await outsider.api('/assessments', {
      method: 'POST',
      body: { instrument: 'maturity', invitations: [{ function: 'sales', count: 3 }] },
    });
    expect(opened.status).toBe(201);

    const mine = await admin.api('/settings');
    expect(mine.body.definitions.map((d: { key: string }) => d.key)).not.toContain('other-secret');
    expect(
      (await admin.api('/settings/definitions/other-secret/versions/1/propose', { method: 'POST' })).status,
    ).toBe(404);
    expect((await admin.api(`/assessments/${opened.body.round.id}`)).status).toBe(404);
    const [lead] = (await admin.api('/leads')).body.sleeping as { recordId: string }[];
    if (lead) expect((await outsider.api(`/leads/${lead.recordId}/card`)).status).toBe(404);
    // A tenant named in the query is a filter the reports do not know, not a way in.
    expect((await admin.api(`/reports/waterfall?tenantId=${other.id}`)).status).toBe(400);
    expect(
      (await outsider.api('/audit')).body.entries.every((e: { actor: string }) => e.actor !== 'demo'),
    ).toBe(true);
  });
});
