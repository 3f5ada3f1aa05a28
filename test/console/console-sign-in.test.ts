import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { installThroughOAuth } from '../../src/simulate/demo/install-through-oauth.ts';
import { type DemoStack, startDemoStack } from '../../src/simulate/demo/start-demo-stack.ts';
import { setTenantStatus, type Tenant, updateTenantSettings } from '../../src/store/tenants.ts';
import { ConsoleBrowser } from './console-client.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let dataDir: string;
let stack: DemoStack;
let tenant: Tenant;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-console-sign-in-'));
  stack = await startDemoStack({ dataDir, logger: silent, openApiDirectory: null });
  tenant = await installThroughOAuth(stack.database.db, stack.batonUrl, stack.standIn);
  stack.standIn.addOwners([
    {
      firstName: 'Mia',
      lastName: 'Marketer',
      email: 'mia@example.com',
      team: 'Marketing',
      userId: 4242,
      teamId: 'team-mkt',
    },
  ]);
  await updateTenantSettings(
    stack.database.db,
    tenant.id,
    (settings) => ({
      ...settings,
      roles: { ...(settings.roles as object), marketing: { users: [], teams: ['team-mkt'] } },
    }),
    { actor: 'test', now: new Date() },
  );
}, 60_000);

afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('signing in to the console with HubSpot', () => {
  it('signs in the user HubSpot names, into the portal they authorised, with roles from their teams', async () => {
    stack.standIn.signInAs({ userId: 4242, email: 'mia@example.com' });
    const browser = new ConsoleBrowser(stack.batonUrl);
    const { visited } = await browser.visit('/console/sign-in/hubspot');
    expect(visited.map((u) => u.pathname)).toEqual([
      '/console/sign-in/hubspot',
      '/oauth/authorize',
      '/console/sign-in/hubspot/callback',
      '/',
    ]);
    const authorize = visited[1];
    expect(authorize?.searchParams.get('redirect_uri')).toBe(
      `${stack.batonUrl}/console/sign-in/hubspot/callback`,
    );
    const session = await browser.api('/session');
    expect(session.status).toBe(200);
    expect(session.body.user).toEqual({ id: '4242', name: null, email: 'mia@example.com' });
    expect(session.body.tenant.id).toBe(tenant.id);
    expect(session.body.roles).toEqual(['marketing']);
  });

  it('refuses a replayed callback, and a callback in a browser that did not start the sign-in', async () => {
    const start = await fetch(`${stack.batonUrl}/console/sign-in/hubspot`, { redirect: 'manual' });
    const [signInCookie = ''] = start.headers.getSetCookie();
    const cookie = signInCookie.split(';')[0] ?? '';
    expect(signInCookie).toMatch(/Path=\/console\/sign-in\/hubspot\/callback/);
    const approved = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = approved.headers.get('location') ?? '';
    const first = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    expect(first.headers.get('location')).toBe('/');
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    expect(
      new URL(replay.headers.get('location') ?? '', stack.batonUrl).searchParams.get('signInError'),
    ).toMatch(/completed already/);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('baton_console='))).toBe(false);

    const again = await fetch(`${stack.batonUrl}/console/sign-in/hubspot`, { redirect: 'manual' });
    const otherApproval = await fetch(again.headers.get('location') ?? '', { redirect: 'manual' });
    const stranger = new ConsoleBrowser(stack.batonUrl);
    const other = await stranger.visit(otherApproval.headers.get('location') ?? '');
    expect(other.visited.at(-1)?.searchParams.get('signInError')).toMatch(/could not be verified/);
    expect((await stranger.api('/session')).status).toBe(401);
  });

  it('explains a declined sign-in, and a portal Baton is not installed in', async () => {
    const declined = new ConsoleBrowser(stack.batonUrl);
    const answer = await declined.visit('/console/sign-in/hubspot/callback?error=access_denied');
    expect(answer.visited.at(-1)?.searchParams.get('signInError')).toMatch(
      /did not sign you in \(access_denied\)/,
    );

    await setTenantStatus(stack.database.db, tenant.id, 'uninstalled', new Date());
    try {
      const browser = new ConsoleBrowser(stack.batonUrl);
      const { visited } = await browser.visit('/console/sign-in/hubspot');
      expect(visited.at(-1)?.searchParams.get('signInError')).toMatch(
        /Baton is not installed in HubSpot portal \d+\. An admin installs it first at \/oauth\/hubspot\/install/,
      );
      expect(browser.cookie('baton_console')).toBeUndefined();
    } finally {
      await setTenantStatus(stack.database.db, tenant.id, 'active', new Date());
    }
  });
});
