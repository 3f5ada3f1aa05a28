import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { installSalesforceThroughOAuth } from '../../src/simulate/demo/salesforce/install-salesforce.ts';
import {
  type SalesforceStack,
  startSalesforceStack,
} from '../../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import { type Tenant, updateTenantSettings } from '../../src/store/tenants.ts';
import { launchChromium, seriousViolations, watchErrors } from './browser.ts';
import { ConsoleBrowser } from './console-client.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let dataDir: string;
let stack: SalesforceStack;
let tenant: Tenant;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-console-sf-'));
  stack = await startSalesforceStack({ dataDir, logger: silent });
  tenant = await installSalesforceThroughOAuth(stack.database.db, stack.batonUrl, stack.standIn.orgId);
  await updateTenantSettings(
    stack.database.db,
    tenant.id,
    (settings) => ({
      ...settings,
      roles: { ...(settings.roles as object), sales: { users: [], teams: ['baton__Baton_Sales_Rep'] } },
    }),
    { actor: 'test', now: new Date() },
  );
}, 60_000);

afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('signing in to the console with Salesforce', () => {
  it('signs in the user Salesforce names, with roles from their permission sets', async () => {
    const [rep] = stack.standIn.addUsers([
      { firstName: 'Sam', lastName: 'Seller', email: 'sam@example.com', department: 'Sales' },
    ]);
    const repId = String(rep?.Id);
    stack.standIn.assignPermissionSet(repId, 'Baton_Sales_Rep', 'baton');
    stack.standIn.signInAs(repId);
    const browser = new ConsoleBrowser(stack.batonUrl);
    const { visited } = await browser.visit('/console/sign-in/salesforce');
    expect(visited.map((u) => u.pathname)).toEqual([
      '/console/sign-in/salesforce',
      '/services/oauth2/authorize',
      '/console/sign-in/salesforce/callback',
      '/',
    ]);
    const authorize = visited[1];
    expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize?.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await browser.api('/session');
    expect(session.status).toBe(200);
    expect(session.body.user).toEqual({
      id: expect.stringMatching(/^005/),
      name: 'Sam Seller',
      email: 'sam@example.com',
    });
    expect(session.body.tenant).toMatchObject({ id: tenant.id, crm: 'salesforce' });
    expect(session.body.roles).toEqual(['sales']);

    const settings = await browser.api('/settings');
    expect(settings.status).toBe(200);
    expect(settings.body.settings.journeyMapping).toBeDefined();
    const leads = await browser.api('/leads');
    expect(leads.status).toBe(200);
    expect(Object.keys(leads.body).sort()).toEqual(['rejections', 'slaAtRisk', 'sleeping']);
    expect((await browser.api('/reports/waterfall')).status).toBe(200);
  });

  it('refuses a callback that did not start in this browser', async () => {
    const start = await fetch(`${stack.batonUrl}/console/sign-in/salesforce`, { redirect: 'manual' });
    const approved = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const stranger = new ConsoleBrowser(stack.batonUrl);
    const { visited } = await stranger.visit(approved.headers.get('location') ?? '');
    expect(visited.at(-1)?.searchParams.get('signInError')).toMatch(/could not be verified/);
    expect((await stranger.api('/session')).status).toBe(401);
  });

  it('signs in from the console’s sign-in screen in Chromium and shows the org’s pages', async () => {
    const [admin] = stack.standIn.addUsers([
      { firstName: 'Ada', lastName: 'Admin', email: 'ada@example.com' },
    ]);
    await updateTenantSettings(
      stack.database.db,
      tenant.id,
      (settings) => ({
        ...settings,
        roles: { ...(settings.roles as object), admin: { users: [String(admin?.Id)], teams: [] } },
      }),
      { actor: 'test', now: new Date() },
    );
    stack.standIn.signInAs(String(admin?.Id));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(stack.batonUrl);
      await page.getByRole('link', { name: 'Sign in with Salesforce' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await expect(page.getByText('Ada Admin').first().textContent()).resolves.toMatch(/Ada Admin/);
      await page.goto(`${stack.batonUrl}/funnel`);
      await page.getByRole('heading', { level: 1, name: 'Funnel and ownership' }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      expect(await page.getByRole('alert').allTextContents()).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
