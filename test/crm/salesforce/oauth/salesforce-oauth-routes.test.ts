import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Connection } from 'jsforce';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createBrowserSecret,
  createOAuthState,
  deriveOAuthStateKey,
  verifyOAuthState,
} from '../../../../src/crm/hubspot/oauth/oauth-state.ts';
import { REVOKE_PATH } from '../../../../src/crm/salesforce/oauth/disconnect-salesforce-tenant.ts';
import type { SalesforceOAuthConfig } from '../../../../src/crm/salesforce/oauth/salesforce-oauth-config.ts';
import {
  SALESFORCE_INSTALL_COOKIE,
  type SalesforceOAuthDependencies,
  salesforceOAuthRouter,
} from '../../../../src/crm/salesforce/oauth/salesforce-oauth-routes.ts';
import { codeVerifierFor } from '../../../../src/crm/salesforce/oauth/salesforce-pkce.ts';
import { TOKEN_PATH } from '../../../../src/crm/salesforce/oauth/salesforce-token-endpoint.ts';
import { uninstallSalesforceTenant } from '../../../../src/crm/salesforce/oauth/uninstall-salesforce-tenant.ts';
import { createLogger } from '../../../../src/log.ts';
import { createApp } from '../../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../../src/server/http-server.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import {
  claimRefresh,
  loadCredentials,
  releaseRefresh,
  saveCredentials,
} from '../../../../src/store/credentials.ts';
import { listDefinitions } from '../../../../src/store/definitions.ts';
import { getActiveFunnelModel } from '../../../../src/store/funnel-models.ts';
import { credentials, funnelModels, tenants, usedOAuthStates } from '../../../../src/store/schema.ts';
import { createTenant, findTenantByExternalId, getTenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { HUBSPOT_DEFAULTS } from '../../../fixtures/hubspot-defaults.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  API_PATH,
  blockRealNetwork,
  createSalesforceStandIn,
  INSTANCE_URL,
  LOGIN_URL,
  ORG_ID_18,
  organizationAnswer,
  resetSalesforce,
  restoreJsforceDispatcher,
  type SalesforceStandIn,
  salesforceToken,
  tokenAnswer,
  USER_ID_18,
} from './salesforce-stand-in.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const PUBLIC_BASE_URL = 'https://baton.example.com';
const CLIENT_ID = '3MVG9baton.client.id';
const CLIENT_SECRET = 'salesforce-client-secret-5b2e';
const ADMIN_TOKEN = 'admin-token-7c4f2a9d';
const CODE = 'aPrxbaton-authorization-code-0f9e8d7c';
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

const CONFIG: SalesforceOAuthConfig = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  loginUrl: LOGIN_URL,
  publicBaseUrl: `${PUBLIC_BASE_URL}/`,
};

const encryptionKey = generateEncryptionKey();
const cipher = createTokenCipher(encryptionKey);
const stateKey = deriveOAuthStateKey(Buffer.from(encryptionKey, 'base64'));

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('Salesforce OAuth routes', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let base: string;
  let salesforce: SalesforceStandIn;
  let now: number;
  let logLines: string[];
  let secretsToKeepOutOfLogs: string[];
  let connectionsSeen: Connection[];

  const clock = () => new Date(now);

  async function serve(overrides: Partial<SalesforceOAuthDependencies> = {}): Promise<void> {
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
    const router = salesforceOAuthRouter({
      db: store.db,
      cipher,
      stateKey,
      config: CONFIG,
      clock,
      logger,
      adminToken: ADMIN_TOKEN,
      defaultsFor: async (conn) => {
        connectionsSeen.push(conn);
        return HUBSPOT_DEFAULTS;
      },
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

  const state = (overrides: { now?: number; key?: Buffer } = {}) =>
    createOAuthState({
      key: overrides.key ?? stateKey,
      now: new Date(overrides.now ?? now),
      browserSecret: BROWSER,
    });

  const callback = (query: Record<string, string>, accept = 'text/html', browser: string | null = BROWSER) =>
    fetch(`${base}/oauth/salesforce/callback?${new URLSearchParams(query)}`, {
      headers: {
        accept,
        ...(browser === null ? {} : { cookie: `theme=dark; ${SALESFORCE_INSTALL_COOKIE}=${browser}` }),
      },
    });

  const disconnect = (body: unknown, token: string | null = ADMIN_TOKEN) =>
    fetch(`${base}/oauth/salesforce/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  function issuedTokens(): { accessToken: string; refreshToken: string } {
    const issued = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    secretsToKeepOutOfLogs.push(issued.accessToken, issued.refreshToken);
    return issued;
  }

  /** Salesforce grants the tokens and answers the org-name read. */
  function salesforceGrants(issued = issuedTokens()): { accessToken: string; refreshToken: string } {
    salesforce.token({ status: 200, body: tokenAnswer(issued) });
    salesforce.orgName(organizationAnswer('Acme Corporation'));
    return issued;
  }

  /** Runs a complete install of the org from a known browser and state. */
  async function install(): Promise<{ accessToken: string; refreshToken: string }> {
    const issued = salesforceGrants();
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
    restoreJsforceDispatcher();
    await server?.close();
    await store.close();
  });

  beforeEach(async () => {
    resetSalesforce();
    salesforce = createSalesforceStandIn();
    now = T0;
    logLines = [];
    connectionsSeen = [];
    secretsToKeepOutOfLogs = [CLIENT_SECRET, CODE, ADMIN_TOKEN];
    await store.db.delete(tenants);
    await store.db.delete(usedOAuthStates);
    await serve();
  });

  afterEach(() => {
    const logs = logLines.join('\n');
    for (const secret of secretsToKeepOutOfLogs) expect(logs).not.toContain(secret);
  });

  describe('GET /oauth/salesforce/install', () => {
    it('redirects to Salesforce with the app, the callback, the scopes, a S256 code challenge and a signed state', async () => {
      const response = await fetch(`${base}/oauth/salesforce/install`, { redirect: 'manual' });

      expect(response.status).toBe(302);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const url = new URL(response.headers.get('location') ?? '');
      expect(`${url.origin}${url.pathname}`).toBe(`${LOGIN_URL}/services/oauth2/authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: `${PUBLIC_BASE_URL}/oauth/salesforce/callback`,
        scope: 'api refresh_token',
        state: expect.any(String),
        code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        code_challenge_method: 'S256',
      });
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(
        new RegExp(
          `^${SALESFORCE_INSTALL_COOKIE}=[A-Za-z0-9_-]{43}; Max-Age=600; Path=/oauth/salesforce/callback; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$`,
        ),
      );
      const browserSecret = cookie.slice(SALESFORCE_INSTALL_COOKIE.length + 1, cookie.indexOf(';'));
      const sentState = url.searchParams.get('state') ?? '';
      expect(verifyOAuthState(sentState, { key: stateKey, now: clock(), browserSecret })).toMatchObject({
        ok: true,
        payload: { expiresAt: T0 + 10 * 60_000 },
      });
      // The challenge is the hash of a verifier only this browser's cookie and Baton's key give.
      expect(url.searchParams.get('code_challenge')).toBe(
        challengeOf(codeVerifierFor(stateKey, browserSecret, sentState)),
      );
      expect(url.searchParams.get('code_challenge')).not.toBe(
        challengeOf(codeVerifierFor(stateKey, BROWSER, sentState)),
      );
      expect(response.headers.get('location')).not.toContain(
        codeVerifierFor(stateKey, browserSecret, sentState),
      );
      expect(salesforce.sent).toEqual([]);
    });

    it.each(['/oauth/salesforce/install', '/oauth/salesforce/callback?code=x&state=y'])(
      'tells the administrator what to configure when the Salesforce app is not set up (%s)',
      async (path) => {
        await serve({ config: { ...CONFIG, clientId: undefined, clientSecret: undefined } });
        const response = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect(response.status).toBe(503);
        const page = await response.text();
        expect(page).toContain('SALESFORCE_CLIENT_ID');
        expect(page).toContain('SALESFORCE_CLIENT_SECRET');
      },
    );
  });

  describe('GET /oauth/salesforce/callback', () => {
    it('exchanges the code with the verifier of the install that started in this browser, and installs the org', async () => {
      const started = await fetch(`${base}/oauth/salesforce/install?returnTo=%2Fconsole`, {
        redirect: 'manual',
      });
      const authorizeUrl = new URL(started.headers.get('location') ?? '');
      const setCookie = started.headers.get('set-cookie') ?? '';
      const browser = setCookie.slice(SALESFORCE_INSTALL_COOKIE.length + 1, setCookie.indexOf(';'));
      const issued = salesforceGrants();

      const response = await callback(
        { code: CODE, state: authorizeUrl.searchParams.get('state') ?? '' },
        'text/html',
        browser,
      );

      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain('Baton is connected');
      expect(page).toContain('Acme Corporation');
      expect(page).toContain('href="/console"');
      for (const secret of [issued.accessToken, issued.refreshToken, CODE])
        expect(page).not.toContain(secret);
      expect(response.headers.get('set-cookie')).toMatch(
        new RegExp(
          `^${SALESFORCE_INSTALL_COOKIE}=; Path=/oauth/salesforce/callback; Expires=Thu, 01 Jan 1970`,
        ),
      );

      const [exchange] = salesforce.sentTo(TOKEN_PATH);
      expect(exchange?.form).toEqual({
        grant_type: 'authorization_code',
        code: CODE,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: `${PUBLIC_BASE_URL}/oauth/salesforce/callback`,
        code_verifier: expect.any(String),
      });
      expect(challengeOf(exchange?.form.code_verifier ?? '')).toBe(
        authorizeUrl.searchParams.get('code_challenge'),
      );

      const [orgRead] = salesforce.sentTo(`${API_PATH}/query`);
      expect(orgRead).toMatchObject({
        host: INSTANCE_URL,
        path: `${API_PATH}/query?q=SELECT+Name+FROM+Organization+LIMIT+1`,
        headers: { authorization: `Bearer ${issued.accessToken}`, 'sforce-call-options': 'client=Baton' },
      });
      expect(connectionsSeen.map((conn) => [conn.instanceUrl, conn.version, conn.accessToken])).toEqual([
        [INSTANCE_URL, '66.0', issued.accessToken],
      ]);
      // The connection handed to the defaults cannot spend the refresh token outside the lease.
      expect(connectionsSeen[0]?.refreshToken).toBeFalsy();
      expect(connectionsSeen[0]?._refreshDelegate).toBeUndefined();

      const tenant = await findTenantByExternalId(store.db, 'salesforce', ORG_ID_18);
      expect(tenant).toMatchObject({ status: 'active', name: 'Acme Corporation', installedAt: clock() });
      if (!tenant) throw new Error('no tenant');
      const [row] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
      expect(row).toMatchObject({ instanceUrl: INSTANCE_URL, expiresAt: new Date(T0 + TWO_HOURS_MS) });
      expect(JSON.stringify(row)).not.toContain(issued.accessToken);
      expect(JSON.stringify(row)).not.toContain(issued.refreshToken);
      expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
        ...issued,
        instanceUrl: INSTANCE_URL,
        scopes: ['refresh_token', 'api'],
      });

      expect(tenant.settings).toEqual({ roles: { admin: { users: [USER_ID_18] } } });
      expect(await getActiveFunnelModel(store.db, tenant.id)).toMatchObject({ version: 1 });
      expect(await listDefinitions(store.db, tenant.id)).toHaveLength(1);
      const audit = await listAudit(store.db, tenant.id);
      expect(audit.map((entry) => entry.action)).toContain('tenant.installed');
      expect(audit.every((entry) => entry.actor === `salesforce-user:${USER_ID_18}`)).toBe(true);
    });

    it('names the tenant by its instance host when the org name cannot be read', async () => {
      salesforce.token({ status: 200, body: tokenAnswer(issuedTokens()) });
      salesforce.orgName({
        status: 403,
        body: [{ message: 'Insufficient access', errorCode: 'INSUFFICIENT_ACCESS' }],
      });

      expect((await callback({ code: CODE, state: state() })).status).toBe(200);

      expect(await findTenantByExternalId(store.db, 'salesforce', ORG_ID_18)).toMatchObject({
        name: 'acme.my.salesforce.com',
      });
      expect(salesforce.sentTo(`${API_PATH}/query`)).toHaveLength(1);
    });

    it('reactivates an uninstalled org on reinstall, keeping its configuration and the one credentials row', async () => {
      const first = await install();
      const tenant = await findTenantByExternalId(store.db, 'salesforce', ORG_ID_18);
      if (!tenant) throw new Error('no tenant');
      now += 86_400_000;
      await uninstallSalesforceTenant(store.db, tenant.id, {
        actor: 'baton',
        now: clock(),
        reason: 'refresh_token_revoked',
      });
      now += 86_400_000;

      const second = await install();

      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(await getTenant(store.db, tenant.id)).toMatchObject({ status: 'active', uninstalledAt: null });
      expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
        ...second,
        instanceUrl: INSTANCE_URL,
        expiresAt: new Date(now + TWO_HOURS_MS),
      });
      expect((await store.db.select().from(funnelModels)).length).toBe(1);
      expect(await listDefinitions(store.db, tenant.id)).toHaveLength(1);
      expect((await listAudit(store.db, tenant.id, { subjectType: 'tenant' })).map((e) => e.action)).toEqual([
        'tenant.reinstalled',
        'tenant.uninstalled',
        'tenant.installed',
      ]);
      expect(await countRows()).toEqual({ tenants: 1, credentials: 1 });
    });

    it('keeps the org keyed by its 18-character id whichever form Salesforce uses, and re-authorizes an active org', async () => {
      await install();
      const again = salesforceGrants();
      const answer = await callback({ code: CODE, state: state() }, 'application/json');
      expect(await answer.json()).toEqual({
        status: 'reauthorized',
        message: `Baton is connected to the Salesforce org Acme Corporation (${ORG_ID_18}). Hand-offs, SLA clocks and attribution start with the next Lead change.`,
      });
      const rows = await store.db.select().from(tenants);
      expect(rows.map((row) => [row.crm, row.externalId])).toEqual([['salesforce', ORG_ID_18]]);
      expect(await loadCredentials(store.db, cipher, rows[0]?.id ?? '')).toMatchObject(again);
      expect((await listAudit(store.db, rows[0]?.id ?? '', { subjectType: 'tenant' }))[0]?.action).toBe(
        'tenant.reauthorized',
      );
    });

    it.each([
      [
        'whose state was signed with another key (forged)',
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
      ['without a code', () => ({ state: state() }), 'callback_incomplete', 'code and state'],
      [
        'where the user denied access',
        () => ({
          error: 'access_denied',
          error_description: 'end-user denied authorization',
          state: state(),
        }),
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
      expect(salesforce.sent).toEqual([]);
      expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });
    });

    it.each([
      ['without the install cookie', null],
      ['from another browser', createBrowserSecret()],
    ])('refuses a callback %s, exchanging nothing', async (_what, browser) => {
      const response = await callback({ code: CODE, state: state() }, 'text/html', browser);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('not started in this browser');
      expect(salesforce.sent).toEqual([]);
      expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });
    });

    it('completes one install per state: the replayed state is refused before any exchange', async () => {
      salesforceGrants();
      const used = state();
      expect((await callback({ code: CODE, state: used })).status).toBe(200);
      const sentBefore = salesforce.sent.length;

      const replayed = await callback({ code: 'another-code', state: used }, 'application/json');

      expect(replayed.status).toBe(400);
      expect(await replayed.json()).toEqual({
        error: { code: 'state_used', message: expect.stringContaining('Start the install again') },
      });
      expect(salesforce.sent).toHaveLength(sentBefore);
      const tenant = await findTenantByExternalId(store.db, 'salesforce', ORG_ID_18);
      expect(
        (await listAudit(store.db, tenant?.id ?? '', { subjectType: 'tenant' })).map((e) => e.action),
      ).toEqual(['tenant.installed']);
    });

    it.each([
      [
        'refuses the code or its verifier',
        { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } },
        502,
        'upstream_rejected',
        'Salesforce refused the authorization code exchange (invalid_grant)',
      ],
      [
        'fails',
        { status: 503, body: 'Service Unavailable' },
        503,
        'upstream_unavailable',
        'Salesforce answered 503',
      ],
      [
        'grants no refresh token',
        { status: 200, body: tokenAnswer({ accessToken: salesforceToken('access'), scope: 'api' }) },
        502,
        'upstream_rejected',
        'refresh_token scope',
      ],
    ])(
      'explains that Salesforce did not complete the install when its token endpoint %s, and stores nothing',
      async (_what, answer, status, code, message) => {
        salesforce.token(answer);
        const response = await callback({ code: CODE, state: state() }, 'application/json');
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error).toEqual({ code, message: expect.stringContaining(message) });
        expect(body.error.message).not.toContain(CODE);
        expect(await countRows()).toEqual({ tenants: 0, credentials: 0 });
        expect(connectionsSeen).toEqual([]);
      },
    );
  });

  describe('POST /oauth/salesforce/disconnect', () => {
    async function installedTenantId(): Promise<{ tenantId: string; refreshToken: string }> {
      const issued = await install();
      const tenant = await findTenantByExternalId(store.db, 'salesforce', ORG_ID_18);
      if (!tenant) throw new Error('no tenant');
      return { tenantId: tenant.id, refreshToken: issued.refreshToken };
    }

    it('revokes the refresh token at Salesforce, then stops calling the org', async () => {
      const { tenantId, refreshToken } = await installedTenantId();
      salesforce.revoke({ status: 200 });

      const response = await disconnect({ tenantId });

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tenantId, status: 'uninstalled', revoked: true });
      expect(salesforce.sentTo(REVOKE_PATH).map((call) => [call.host, call.method, call.form])).toEqual([
        [LOGIN_URL, 'POST', { token: refreshToken }],
      ]);
      expect(await getTenant(store.db, tenantId)).toMatchObject({
        status: 'uninstalled',
        uninstalledAt: clock(),
      });
      expect(await loadCredentials(store.db, cipher, tenantId)).toBeNull();
      expect((await listAudit(store.db, tenantId, { subjectType: 'tenant' }))[0]).toMatchObject({
        action: 'tenant.uninstalled',
        actor: 'admin',
        subjectKey: `salesforce:${ORG_ID_18}`,
        after: { reason: 'disconnected_by_admin' },
      });

      const sentBefore = salesforce.sent.length;
      expect(await (await disconnect({ tenantId })).json()).toEqual({ tenantId, status: 'uninstalled' });
      expect(salesforce.sent.length).toBe(sentBefore);
    });

    it('waits for a refresh another process holds, and revokes the refresh token it rotated to', async () => {
      const { tenantId } = await installedTenantId();
      expect(await claimRefresh(store.db, tenantId, clock(), 30_000)).toBe(true);
      const rotated = issuedTokens();
      setTimeout(() => {
        void saveCredentials(
          store.db,
          cipher,
          tenantId,
          { ...rotated, expiresAt: new Date(now + TWO_HOURS_MS), scopes: ['api'], instanceUrl: INSTANCE_URL },
          clock(),
        ).then(() => releaseRefresh(store.db, tenantId));
      }, 150);
      salesforce.revoke({ status: 200 });

      expect(await (await disconnect({ tenantId })).json()).toMatchObject({ revoked: true });

      expect(salesforce.sentTo(REVOKE_PATH).map((call) => call.form)).toEqual([
        { token: rotated.refreshToken },
      ]);
      expect(await loadCredentials(store.db, cipher, tenantId)).toBeNull();
    });

    it.each([
      [
        'refuses the token',
        { status: 400, body: { error: 'invalid_token' } },
        'Salesforce refused the revocation (invalid_token)',
      ],
      [
        'is down',
        { status: 503, body: 'Service Unavailable' },
        'Salesforce refused the revocation (HTTP 503)',
      ],
    ])(
      'still uninstalls locally when Salesforce %s, and says the token may live on',
      async (_what, answer, reason) => {
        const { tenantId } = await installedTenantId();
        salesforce.revoke(answer);

        const response = await disconnect({ tenantId });

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          tenantId,
          status: 'uninstalled',
          revoked: false,
          message: expect.stringContaining(reason),
        });
        expect(await getTenant(store.db, tenantId)).toMatchObject({ status: 'uninstalled' });
        expect(await loadCredentials(store.db, cipher, tenantId)).toBeNull();
      },
    );

    it.each([
      ['without the admin token', { tenantId: '00000000-0000-4000-8000-000000000000' }, null, 401],
      ['without a tenant id', {}, ADMIN_TOKEN, 400],
      ['for an unknown tenant', { tenantId: '00000000-0000-4000-8000-000000000000' }, ADMIN_TOKEN, 404],
    ])('refuses a disconnect %s', async (_what, body, token, status) => {
      const response = await disconnect(body, token);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error: expect.objectContaining({ message: expect.any(String) }),
      });
      expect(salesforce.sent).toEqual([]);
    });

    it('does not disconnect a tenant of another CRM', async () => {
      const hubspotTenant = await createTenant(
        store.db,
        { crm: 'hubspot', externalId: '62515', name: 'Portal', status: 'active' },
        clock(),
      );
      const response = await disconnect({ tenantId: hubspotTenant.id });
      expect(response.status).toBe(404);
      expect(await getTenant(store.db, hubspotTenant.id)).toMatchObject({ status: 'active' });
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
