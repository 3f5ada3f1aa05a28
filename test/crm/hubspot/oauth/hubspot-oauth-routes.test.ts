import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXTERNAL_INSTALL_PATH } from '../../../../src/crm/hubspot/oauth/disconnect-hubspot-tenant.ts';
import {
  HUBSPOT_OPTIONAL_SCOPES,
  HUBSPOT_SCOPES,
  type HubSpotOAuthConfig,
} from '../../../../src/crm/hubspot/oauth/hubspot-oauth-config.ts';
import {
  type HubSpotOAuthDependencies,
  hubspotOAuthRouter,
} from '../../../../src/crm/hubspot/oauth/hubspot-oauth-routes.ts';
import { INTROSPECT_PATH, TOKEN_PATH } from '../../../../src/crm/hubspot/oauth/hubspot-token-endpoint.ts';
import { INSTALL_COOKIE } from '../../../../src/crm/hubspot/oauth/install-cookie.ts';
import {
  createBrowserSecret,
  createOAuthState,
  deriveOAuthStateKey,
  verifyOAuthState,
} from '../../../../src/crm/hubspot/oauth/oauth-state.ts';
import { uninstallHubSpotTenant } from '../../../../src/crm/hubspot/oauth/uninstall-hubspot-tenant.ts';
import { createLogger } from '../../../../src/log.ts';
import { createApp } from '../../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../../src/server/http-server.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import { loadCredentials, saveCredentials } from '../../../../src/store/credentials.ts';
import { listDefinitions } from '../../../../src/store/definitions.ts';
import { getActiveFunnelModel } from '../../../../src/store/funnel-models.ts';
import { enqueue } from '../../../../src/store/inbox-intake.ts';
import { credentials, funnelModels, inbox, tenants, usedOAuthStates } from '../../../../src/store/schema.ts';
import { findTenantByExternalId, getTenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  API_BASE_URL,
  blockRealNetwork,
  createHubSpotOAuthStandIn,
  grantBody,
  type HubSpotOAuthStandIn,
  hubSpotToken,
  resetHubSpot,
  specProblems,
} from './hubspot-oauth-stand-in.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const PUBLIC_BASE_URL = 'https://baton.example.com';
const AUTHORIZE_URL = 'https://app.hubspot.test/oauth/authorize';
const CLIENT_SECRET = 'hubspot-client-secret-77c1';
const ADMIN_TOKEN = 'admin-token-0d9e4b1c';
const CODE = 'auth-code-na1-5c0f6a4e-1b2c-4d8e-9f00-aa11bb22cc33';
const HUB_ID = 62_515;

const CONFIG: HubSpotOAuthConfig = {
  clientId: 'baton-client-id',
  clientSecret: CLIENT_SECRET,
  publicBaseUrl: `${PUBLIC_BASE_URL}/`,
  apiBaseUrl: API_BASE_URL,
  authorizeUrl: AUTHORIZE_URL,
  scopes: HUBSPOT_SCOPES,
  optionalScopes: HUBSPOT_OPTIONAL_SCOPES,
};

const encryptionKey = generateEncryptionKey();
const cipher = createTokenCipher(encryptionKey);
const stateKey = deriveOAuthStateKey(Buffer.from(encryptionKey, 'base64'));

describe('HubSpot OAuth routes', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let base: string;
  let hubspot: HubSpotOAuthStandIn;
  let now: number;
  let logLines: string[];
  let secretsToKeepOutOfLogs: string[];

  const clock = () => new Date(now);

  async function serve(overrides: Partial<HubSpotOAuthDependencies> = {}): Promise<void> {
    await server?.close();
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write: (chunk, _encoding, done) => {
          logLines.push(String(chunk));
          done();
        },
      }),
    });
    const router = hubspotOAuthRouter({
      db: store.db,
      cipher,
      stateKey,
      config: CONFIG,
      clock,
      logger,
      adminToken: ADMIN_TOKEN,
      ...overrides,
    });
    const app = createApp({
      logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [router],
    });
    server = await startHttpServer(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  }

  /** The install cookie of the browser these tests install from. */
  const BROWSER = createBrowserSecret();

  const state = (overrides: { now?: number; key?: Buffer; returnTo?: string } = {}) =>
    createOAuthState({
      key: overrides.key ?? stateKey,
      now: new Date(overrides.now ?? now),
      browserSecret: BROWSER,
      ...(overrides.returnTo ? { returnTo: overrides.returnTo } : {}),
    });

  const callback = (query: Record<string, string>, accept = 'text/html', browser: string | null = BROWSER) =>
    fetch(`${base}/oauth/hubspot/callback?${new URLSearchParams(query)}`, {
      headers: {
        accept,
        ...(browser === null ? {} : { cookie: `theme=dark; ${INSTALL_COOKIE}=${browser}` }),
      },
    });

  const disconnect = (body: unknown, token: string | null = ADMIN_TOKEN) =>
    fetch(`${base}/oauth/hubspot/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  function issuedTokens(): { accessToken: string; refreshToken: string } {
    const issued = { accessToken: hubSpotToken('access'), refreshToken: hubSpotToken('refresh') };
    secretsToKeepOutOfLogs.push(issued.accessToken, issued.refreshToken);
    return issued;
  }

  /** Runs a complete install of HUB_ID and answers with the tokens HubSpot issued. */
  async function install(): Promise<{ accessToken: string; refreshToken: string }> {
    const issued = issuedTokens();
    hubspot.token({ status: 200, body: grantBody({ ...issued, hubId: HUB_ID }) });
    const response = await callback({ code: CODE, state: state() });
    expect(response.status).toBe(200);
    return issued;
  }

  const countRows = async () => ({
    tenants: (await store.db.select().from(tenants)).length,
    credentials: (await store.db.select().from(credentials)).length,
  });

  beforeAll(async () => {
    store = await openTestStore();
    blockRealNetwork();
  });
  afterAll(async () => {
    await server?.close();
    await store.close();
  });

  beforeEach(async () => {
    resetHubSpot();
    hubspot = createHubSpotOAuthStandIn();
    now = T0;
    logLines = [];
    secretsToKeepOutOfLogs = [CLIENT_SECRET, CODE, ADMIN_TOKEN];
    await store.db.delete(inbox);
    await store.db.delete(tenants);
    await store.db.delete(usedOAuthStates);
    await serve();
  });

  afterEach(async () => {
    expect(await specProblems(hubspot.sent)).toEqual([]);
    const logs = logLines.join('\n');
    for (const secret of secretsToKeepOutOfLogs) expect(logs).not.toContain(secret);
  });

  describe('GET /oauth/hubspot/install', () => {
    it('redirects to HubSpot with the app, the callback, the scopes and a signed state', async () => {
      const response = await fetch(`${base}/oauth/hubspot/install`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = response.headers.get('location') ?? '';
      expect(location).toContain('scope=oauth%20crm.objects.contacts.read%20');
      const url = new URL(location);
      expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZE_URL);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'baton-client-id',
        redirect_uri: `${PUBLIC_BASE_URL}/oauth/hubspot/callback`,
        scope:
          'oauth crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read crm.schemas.contacts.write crm.objects.owners.read',
        optional_scope: 'crm.objects.leads.read crm.objects.leads.write',
        state: expect.any(String),
      });
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(
        new RegExp(
          `^${INSTALL_COOKIE}=[A-Za-z0-9_-]{43}; Max-Age=600; Path=/oauth/hubspot/callback; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$`,
        ),
      );
      const browserSecret = cookie.slice(INSTALL_COOKIE.length + 1, cookie.indexOf(';'));
      const sentState = url.searchParams.get('state') ?? '';
      const verdict = verifyOAuthState(sentState, { key: stateKey, now: clock(), browserSecret });
      expect(verdict).toMatchObject({ ok: true, payload: { expiresAt: T0 + 10 * 60_000 } });
      expect(verifyOAuthState(sentState, { key: stateKey, now: clock(), browserSecret: BROWSER })).toEqual({
        ok: false,
        reason: 'other_browser',
      });
      expect(hubspot.sent).toEqual([]);
    });

    it('sets the install cookie without Secure when Baton is served over plain HTTP (local demo)', async () => {
      await serve({ config: { ...CONFIG, publicBaseUrl: 'http://localhost:3000' } });
      const response = await fetch(`${base}/oauth/hubspot/install`, { redirect: 'manual' });
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toContain('HttpOnly');
      expect(cookie).not.toContain('Secure');
    });

    it.each([
      ['/console/settings', '/console/settings'],
      ['https://evil.example/phish', undefined],
      ['//evil.example', undefined],
    ])('keeps only a local return path (%s)', async (returnTo, kept) => {
      const response = await fetch(`${base}/oauth/hubspot/install?returnTo=${encodeURIComponent(returnTo)}`, {
        redirect: 'manual',
      });
      const sentState = new URL(response.headers.get('location') ?? '').searchParams.get('state') ?? '';
      const cookie = response.headers.get('set-cookie') ?? '';
      const browserSecret = cookie.slice(INSTALL_COOKIE.length + 1, cookie.indexOf(';'));
      const verdict = verifyOAuthState(sentState, { key: stateKey, now: clock(), browserSecret });
      expect(verdict.ok ? verdict.payload.returnTo : 'refused').toBe(kept);
    });

    it.each(['/oauth/hubspot/install', '/oauth/hubspot/callback?code=x&state=y'])(
      'tells the administrator what to configure when the HubSpot app is not set up (%s)',
      async (path) => {
        await serve({ config: { ...CONFIG, clientId: undefined, clientSecret: undefined } });
        const response = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect(response.status).toBe(503);
        const page = await response.text();
        expect(page).toContain('HUBSPOT_CLIENT_ID');
        expect(page).toContain('HUBSPOT_CLIENT_SECRET');
      },
    );
  });

  describe('GET /oauth/hubspot/callback', () => {
    it('installs the portal: tenant, encrypted tokens, starter configuration, audit, early events adopted', async () => {
      const early = [1, 2].map((n) => ({
        crm: 'hubspot' as const,
        externalAccountId: String(HUB_ID),
        dedupeKey: `${HUB_ID}:sub:${n}:${T0}`,
        payload: { type: 'hubspot_event', n },
      }));
      await enqueue(store.db, early, clock());
      const issued = { accessToken: hubSpotToken('access'), refreshToken: hubSpotToken('refresh') };
      secretsToKeepOutOfLogs.push(issued.accessToken, issued.refreshToken);
      hubspot.token({ status: 200, body: grantBody({ ...issued, hubId: HUB_ID }) });

      const response = await callback({ code: CODE, state: state({ returnTo: '/console' }) });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = await response.text();
      expect(page).toContain('Baton is connected');
      expect(page).toContain(String(HUB_ID));
      expect(page).toContain('href="/console"');
      for (const secret of [issued.accessToken, issued.refreshToken, CODE])
        expect(page).not.toContain(secret);

      expect(hubspot.sentTo(TOKEN_PATH).map((r) => r.form)).toEqual([
        {
          grant_type: 'authorization_code',
          client_id: 'baton-client-id',
          client_secret: CLIENT_SECRET,
          redirect_uri: `${PUBLIC_BASE_URL}/oauth/hubspot/callback`,
          code: CODE,
        },
      ]);
      expect(hubspot.sentTo(INTROSPECT_PATH)).toEqual([]);

      const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
      expect(tenant).toMatchObject({
        status: 'active',
        name: `HubSpot portal ${HUB_ID}`,
        installedAt: clock(),
      });
      if (!tenant) throw new Error('no tenant');

      const [row] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
      const rowText = JSON.stringify(row);
      expect(rowText).not.toContain(issued.accessToken);
      expect(rowText).not.toContain(issued.refreshToken);
      expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
        ...issued,
        expiresAt: new Date(T0 + 1800 * 1000),
        scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
      });

      expect(await getActiveFunnelModel(store.db, tenant.id)).toMatchObject({
        version: 1,
        model: { key: 'demand_waterfall', preset: 'demand_waterfall' },
      });
      expect(await listDefinitions(store.db, tenant.id)).toEqual([
        expect.objectContaining({ key: 'mql', version: 1, status: 'draft', salesApprovedBy: null }),
      ]);
      const audit = await listAudit(store.db, tenant.id);
      expect(audit.map((entry) => entry.action).sort()).toEqual([
        'definition.created',
        'funnel_model.saved',
        'settings.saved',
        'tenant.installed',
      ]);
      // The installing user is the first admin, so someone can open the settings page.
      expect(tenant.settings).toEqual({ roles: { admin: { users: ['7001234'] } } });
      expect(audit.every((entry) => entry.actor === 'hubspot-user:7001234')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(issued.accessToken);

      const queued = await store.db.select().from(inbox).orderBy(asc(inbox.id));
      const adopted = queued.filter((item) => item.kind === 'hubspot_event');
      expect(adopted.map((item) => item.tenantId)).toEqual([tenant.id, tenant.id]);
      // The property bootstrap was queued with the install, for the worker to run and retry.
      expect(queued.filter((item) => item.kind === 'hubspot_bootstrap')).toEqual([
        expect.objectContaining({ tenantId: tenant.id, status: 'pending', attempts: 0 }),
      ]);
    });

    it('asks HubSpot which account the token belongs to when the token response has no hub_id', async () => {
      const issued = { accessToken: hubSpotToken('access'), refreshToken: hubSpotToken('refresh') };
      secretsToKeepOutOfLogs.push(issued.accessToken, issued.refreshToken);
      hubspot.token({ status: 200, body: grantBody({ ...issued, hubId: null }) });
      hubspot.introspect({
        status: 200,
        body: {
          active: true,
          token: issued.accessToken,
          token_use: 'access_token',
          hub_id: 90_210,
          hub_domain: 'northwind.example',
          app_id: 1_160_452,
        },
      });

      const response = await callback({ code: CODE, state: state() });

      expect(response.status).toBe(200);
      expect(hubspot.sentTo(INTROSPECT_PATH).map((r) => r.form)).toEqual([
        {
          client_id: 'baton-client-id',
          client_secret: CLIENT_SECRET,
          token: issued.accessToken,
          token_type_hint: 'access_token',
        },
      ]);
      expect(await findTenantByExternalId(store.db, 'hubspot', '90210')).toMatchObject({
        name: 'northwind.example',
        status: 'active',
      });
    });

    it('reactivates an uninstalled tenant on reinstall, keeping its configuration', async () => {
      const first = await install();
      const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
      if (!tenant) throw new Error('no tenant');
      now += 86_400_000;
      await uninstallHubSpotTenant(store.db, tenant.id, {
        actor: 'baton',
        now: clock(),
        reason: 'refresh_token_revoked',
      });
      now += 86_400_000;

      const second = await install();

      expect(second.accessToken).not.toBe(first.accessToken);
      expect(await getTenant(store.db, tenant.id)).toMatchObject({ status: 'active', uninstalledAt: null });
      expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject(second);
      expect((await store.db.select().from(funnelModels)).length).toBe(1);
      expect(await listDefinitions(store.db, tenant.id)).toHaveLength(1);
      expect((await listAudit(store.db, tenant.id, { subjectType: 'tenant_settings' })).length).toBe(1);
      expect((await listAudit(store.db, tenant.id, { subjectType: 'tenant' })).map((e) => e.action)).toEqual([
        'tenant.reinstalled',
        'tenant.uninstalled',
        'tenant.installed',
      ]);
      expect(await countRows()).toEqual({ tenants: 1, credentials: 1 });
    });

    it('refreshes the tokens of an active tenant that authorizes again', async () => {
      await install();
      const again = await install();
      const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
      expect(await loadCredentials(store.db, cipher, tenant?.id ?? '')).toMatchObject(again);
      expect((await listAudit(store.db, tenant?.id ?? '', { subjectType: 'tenant' }))[0]?.action).toBe(
        'tenant.reauthorized',
      );
    });

    it.each([
      [
        'whose state was signed with another key',
        () => ({ code: CODE, state: state({ key: deriveOAuthStateKey(randomBytes(32)) }) }),
        'state_bad_signature',
        'not issued by this Baton',
      ],
      [
        'whose state expired',
        () => ({ code: CODE, state: state({ now: T0 - 11 * 60_000 }) }),
        'state_expired',
        'expired',
      ],
      [
        'whose state is malformed',
        () => ({ code: CODE, state: 'not-a-state' }),
        'state_malformed',
        'damaged',
      ],
      ['without a state', () => ({ code: CODE }), 'callback_incomplete', 'code and state'],
      ['without a code', () => ({ state: state() }), 'callback_incomplete', 'code and state'],
      [
        'where the user declined access',
        () => ({ error: 'access_denied', state: state() }),
        'install_declined',
        'not granted',
      ],
    ])('refuses a callback %s with 400 and stores nothing', async (_what, query, code, explanation) => {
      const html = await callback(query());
      expect(html.status).toBe(400);
      expect(await html.text()).toContain(explanation);
      const json = await callback(query(), 'application/json');
      expect(json.status).toBe(400);
      expect(await json.json()).toEqual({
        error: { code, message: expect.stringContaining('Nothing was installed') },
      });
      expect(hubspot.sent).toEqual([]);
      expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });
    });

    it('completes one install per state: the same state again is refused, and the cookie is cleared', async () => {
      hubspot.token({ status: 200, body: grantBody({ ...issuedTokens(), hubId: HUB_ID }) });
      const used = state();
      const first = await callback({ code: CODE, state: used });
      expect(first.status).toBe(200);
      expect(first.headers.get('set-cookie')).toMatch(
        new RegExp(`^${INSTALL_COOKIE}=; Path=/oauth/hubspot/callback; Expires=Thu, 01 Jan 1970`),
      );
      const sentBefore = hubspot.sent.length;

      const again = await callback({ code: 'another-code', state: used }, 'application/json');

      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({
        error: { code: 'state_used', message: expect.stringContaining('Start the install again') },
      });
      expect(hubspot.sent).toHaveLength(sentBefore);
      const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
      const installs = await listAudit(store.db, tenant?.id ?? '', { subjectType: 'tenant' });
      expect(installs.map((entry) => entry.action)).toEqual(['tenant.installed']);
    });

    it.each([
      ['without the install cookie', null],
      ['from another browser', createBrowserSecret()],
    ])(
      'refuses a callback %s with 400, exchanging nothing and keeping the state usable',
      async (_what, browser) => {
        const started = state();
        const response = await callback({ code: CODE, state: started }, 'text/html', browser);
        expect(response.status).toBe(400);
        const page = await response.text();
        expect(page).toContain('not started in this browser');
        expect(page).toContain('Start the install again');
        expect(hubspot.sent).toEqual([]);
        expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });

        // The browser that started the install can still finish it.
        hubspot.token({ status: 200, body: grantBody({ ...issuedTokens(), hubId: HUB_ID }) });
        expect((await callback({ code: CODE, state: started })).status).toBe(200);
      },
    );

    it('installs once when two callbacks race with one state', async () => {
      hubspot.token({ status: 200, body: grantBody({ ...issuedTokens(), hubId: HUB_ID }) });
      hubspot.token({ status: 200, body: grantBody({ ...issuedTokens(), hubId: HUB_ID }) });
      const raced = state();
      const statuses = await Promise.all(
        [1, 2].map(() => callback({ code: CODE, state: raced }).then((r) => r.status)),
      );
      expect(statuses.sort()).toEqual([200, 400]);
      expect(hubspot.sent.filter((call) => call.path.startsWith(TOKEN_PATH))).toHaveLength(1);
    });

    it('forgets used states once they would have expired anyway', async () => {
      await install();
      expect(await store.db.select().from(usedOAuthStates)).toHaveLength(1);
      now += 10 * 60_000 + 1;
      await install();
      expect(await store.db.select().from(usedOAuthStates)).toHaveLength(1);
    });

    it.each([
      [
        'refuses the code',
        {
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: `code ${CODE} is expired`,
            status: 'BAD_AUTH_CODE',
            message: 'expired',
          },
        },
        502,
        'hubspot_oauth_rejected',
        'HubSpot refused the authorization code exchange (400 invalid_grant): code [redacted] is expired',
      ],
      [
        'fails',
        { status: 500, body: { message: 'internal error' } },
        503,
        'upstream_unavailable',
        'HubSpot answered 500',
      ],
      [
        'answers without a refresh token',
        {
          status: 200,
          body: {
            access_token: 'x'.repeat(300),
            expires_in: 1800,
            token_type: 'bearer',
            token_use: 'access_token',
          },
        },
        503,
        'upstream_unavailable',
        'without valid refresh_token',
      ],
    ])(
      'explains that HubSpot did not complete the install when its token endpoint %s, and stores nothing',
      async (_what, answer, status, code, message) => {
        hubspot.token(answer);
        const response = await callback({ code: CODE, state: state() }, 'application/json');
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(code);
        expect(body.error.message).toContain(message);
        expect(body.error.message).not.toContain(CODE);
        expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });
      },
    );
  });

  describe('POST /oauth/hubspot/disconnect', () => {
    async function installedTenantId(): Promise<{ tenantId: string; accessToken: string }> {
      const issued = await install();
      const tenant = await findTenantByExternalId(store.db, 'hubspot', String(HUB_ID));
      if (!tenant) throw new Error('no tenant');
      return { tenantId: tenant.id, accessToken: issued.accessToken };
    }

    it('uninstalls the app at HubSpot with the tenant token, then stops calling the portal', async () => {
      const { tenantId, accessToken } = await installedTenantId();
      hubspot.uninstall({ status: 204 });

      const response = await disconnect({ tenantId });

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tenantId, status: 'uninstalled' });
      const [deleteCall] = hubspot.sentTo(EXTERNAL_INSTALL_PATH);
      expect(deleteCall).toMatchObject({
        method: 'DELETE',
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(await getTenant(store.db, tenantId)).toMatchObject({
        status: 'uninstalled',
        uninstalledAt: clock(),
      });
      expect(await loadCredentials(store.db, cipher, tenantId)).toBeNull();
      expect((await listAudit(store.db, tenantId, { subjectType: 'tenant' }))[0]).toMatchObject({
        action: 'tenant.uninstalled',
        actor: 'admin',
        after: { reason: 'disconnected_by_admin' },
      });

      const sentBefore = hubspot.sent.length;
      expect((await disconnect({ tenantId })).status).toBe(200);
      expect(hubspot.sent.length).toBe(sentBefore);
    });

    it('retries once with a refreshed token when HubSpot answers 401', async () => {
      const { tenantId } = await installedTenantId();
      const refreshed = hubSpotToken('access');
      secretsToKeepOutOfLogs.push(refreshed);
      hubspot.uninstall({ status: 401, body: { category: 'EXPIRED_AUTHENTICATION', message: 'expired' } });
      hubspot.token({
        status: 200,
        body: grantBody({ accessToken: refreshed, refreshToken: hubSpotToken('refresh') }),
      });
      hubspot.uninstall({ status: 204 });

      expect((await disconnect({ tenantId })).status).toBe(200);
      expect(hubspot.sentTo(EXTERNAL_INSTALL_PATH)[1]?.headers.authorization).toBe(`Bearer ${refreshed}`);
      expect(await getTenant(store.db, tenantId)).toMatchObject({ status: 'uninstalled' });
    });

    it('keeps the tenant connected when HubSpot is down, so the admin can retry', async () => {
      const { tenantId } = await installedTenantId();
      hubspot.uninstall({ status: 503, body: { message: 'unavailable' } });
      const response = await disconnect({ tenantId });
      expect(response.status).toBe(503);
      expect(await getTenant(store.db, tenantId)).toMatchObject({ status: 'active' });
      expect(await loadCredentials(store.db, cipher, tenantId)).not.toBeNull();
    });

    it('records the uninstall when HubSpot already dropped the install (refresh token refused)', async () => {
      const { tenantId } = await installedTenantId();
      await saveCredentials(
        store.db,
        cipher,
        tenantId,
        { accessToken: 'expired-token', refreshToken: 'dead-refresh-token', expiresAt: clock(), scopes: [] },
        clock(),
      );
      hubspot.token({ status: 400, body: { error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN' } });
      expect((await disconnect({ tenantId })).status).toBe(200);
      expect(hubspot.sentTo(EXTERNAL_INSTALL_PATH)).toEqual([]);
      expect(await getTenant(store.db, tenantId)).toMatchObject({ status: 'uninstalled' });
    });

    it.each([
      ['without the admin token', { tenantId: '00000000-0000-4000-8000-000000000000' }, null, 401],
      [
        'with a wrong admin token',
        { tenantId: '00000000-0000-4000-8000-000000000000' },
        'admin-token-0d9e4b1X',
        401,
      ],
      ['without a tenant id', {}, ADMIN_TOKEN, 400],
      ['for an unknown tenant', { tenantId: '00000000-0000-4000-8000-000000000000' }, ADMIN_TOKEN, 404],
    ])('refuses a disconnect %s', async (_what, body, token, status) => {
      const response = await disconnect(body, token);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error: expect.objectContaining({ message: expect.any(String) }),
      });
      expect(hubspot.sent).toEqual([]);
    });

    it('is disabled until an admin token is configured', async () => {
      await serve({ adminToken: undefined });
      const response = await disconnect({ tenantId: '00000000-0000-4000-8000-000000000000' });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: 'disconnect_disabled', message: expect.stringContaining('admin token') },
      });
    });
  });
});
