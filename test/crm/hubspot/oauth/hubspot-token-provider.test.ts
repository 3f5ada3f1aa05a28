import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_PATH } from '../../../../src/crm/hubspot/oauth/hubspot-token-endpoint.ts';
import { createHubSpotTokenProvider } from '../../../../src/crm/hubspot/oauth/hubspot-token-provider.ts';
import { AuthRevokedError, RateLimitedError, UpstreamUnavailableError } from '../../../../src/errors.ts';
import { createLogger } from '../../../../src/log.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import { claimRefresh, loadCredentials, saveCredentials } from '../../../../src/store/credentials.ts';
import type { Db } from '../../../../src/store/database.ts';
import { credentials, tenants } from '../../../../src/store/schema.ts';
import { getTenant, setTenantStatus, type Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { installTenant } from '../../../store/fixtures.ts';
import { openTestStore, serverUrl, type TestStore } from '../../../store/harness.ts';
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
const MINUTE = 60_000;
const APP = {
  clientId: 'baton-client-id',
  clientSecret: 'baton-client-secret-3f9a',
  apiBaseUrl: API_BASE_URL,
};
const cipher = createTokenCipher(generateEncryptionKey());

describe('HubSpot token provider', () => {
  let store: TestStore;
  let hubspot: HubSpotOAuthStandIn;
  let now: number;
  let tenant: Tenant;
  let stored: { accessToken: string; refreshToken: string };
  let logLines: string[];

  const clock = () => new Date(now);
  const logger = () =>
    createLogger({
      level: 'debug',
      destination: new Writable({
        write: (chunk, _encoding, done) => {
          logLines.push(String(chunk));
          done();
        },
      }),
    });
  const provider = (db: Db = store.db, overrides: { timeoutMs?: number; fetch?: typeof fetch } = {}) =>
    createHubSpotTokenProvider({
      db,
      cipher,
      config: APP,
      clock,
      logger: logger(),
      pollMs: 10,
      ...overrides,
    });

  async function storeTokens(expiresInMs: number): Promise<void> {
    stored = { accessToken: hubSpotToken('access'), refreshToken: hubSpotToken('refresh') };
    await saveCredentials(
      store.db,
      cipher,
      tenant.id,
      { ...stored, expiresAt: new Date(now + expiresInMs), scopes: ['oauth'] },
      clock(),
    );
  }

  beforeAll(async () => {
    store = await openTestStore();
    blockRealNetwork();
  });
  afterAll(() => store.close());

  beforeEach(async () => {
    resetHubSpot();
    hubspot = createHubSpotOAuthStandIn();
    logLines = [];
    now = T0;
    await store.db.delete(tenants);
    tenant = await installTenant(store.db);
  });

  afterEach(async () => {
    expect(await specProblems(hubspot.sent)).toEqual([]);
    const logs = logLines.join('\n');
    for (const secret of [stored.accessToken, stored.refreshToken, APP.clientSecret]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('returns a token that is not close to expiry without calling HubSpot', async () => {
    await storeTokens(20 * MINUTE);
    expect(await provider().getAccessToken(tenant.id)).toBe(stored.accessToken);
    expect(hubspot.sent).toEqual([]);
  });

  it('refreshes a token within five minutes of expiry once, then serves the new one', async () => {
    await storeTokens(4 * MINUTE);
    const fresh = hubSpotToken('access');
    hubspot.token({
      status: 200,
      body: grantBody({ accessToken: fresh, refreshToken: stored.refreshToken }),
    });
    const tokens = provider();

    expect(await tokens.getAccessToken(tenant.id)).toBe(fresh);
    expect(await tokens.getAccessToken(tenant.id)).toBe(fresh);

    expect(hubspot.sent).toHaveLength(1);
    expect(hubspot.sent[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: stored.refreshToken,
    });
    const saved = await loadCredentials(store.db, cipher, tenant.id);
    expect(saved).toMatchObject({ accessToken: fresh, expiresAt: new Date(now + 1800 * 1000) });
    const [row] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
    expect(JSON.stringify(row)).not.toContain(fresh);
    expect(row?.refreshLockUntil).toBeNull();
  });

  it('makes exactly one refresh request for concurrent callers in one process', async () => {
    await storeTokens(MINUTE);
    const fresh = hubSpotToken('access');
    hubspot.token(
      {
        status: 200,
        body: grantBody({ accessToken: fresh, refreshToken: stored.refreshToken }),
        delayMs: 50,
      },
      3,
    );
    const tokens = provider();

    const results = await Promise.all([
      tokens.getAccessToken(tenant.id),
      tokens.getAccessToken(tenant.id),
      tokens.forceRefresh(tenant.id),
    ]);

    expect(results).toEqual([fresh, fresh, fresh]);
    expect(hubspot.sentTo(TOKEN_PATH)).toHaveLength(1);
  });

  it(`makes exactly one refresh request for two processes sharing the database (${serverUrl ? 'two connection pools' : 'one PGlite connection'})`, async () => {
    await storeTokens(MINUTE);
    const fresh = hubSpotToken('access');
    hubspot.token(
      {
        status: 200,
        body: grantBody({ accessToken: fresh, refreshToken: stored.refreshToken }),
        delayMs: 100,
      },
      2,
    );
    const otherProcessDb = serverUrl ? (await store.openPeer()).db : store.db;

    const results = await Promise.all([
      provider(store.db).getAccessToken(tenant.id),
      provider(otherProcessDb).getAccessToken(tenant.id),
    ]);

    expect(results).toEqual([fresh, fresh]);
    expect(hubspot.sentTo(TOKEN_PATH)).toHaveLength(1);
  });

  it('waits for a refresh another process holds and uses its result', async () => {
    await storeTokens(MINUTE);
    expect(await claimRefresh(store.db, tenant.id, clock(), 30_000)).toBe(true);
    const refreshedElsewhere = hubSpotToken('access');
    setTimeout(() => {
      void saveCredentials(
        store.db,
        cipher,
        tenant.id,
        {
          ...stored,
          accessToken: refreshedElsewhere,
          expiresAt: new Date(now + 30 * MINUTE),
          scopes: ['oauth'],
        },
        clock(),
      );
    }, 80);

    expect(await provider().getAccessToken(tenant.id)).toBe(refreshedElsewhere);
    expect(hubspot.sent).toEqual([]);
  });

  it('forces a refresh of a token HubSpot rejected, even one far from expiry', async () => {
    await storeTokens(25 * MINUTE);
    const fresh = hubSpotToken('access');
    hubspot.token({
      status: 200,
      body: grantBody({ accessToken: fresh, refreshToken: stored.refreshToken }),
    });

    expect(await provider().forceRefresh(tenant.id)).toBe(fresh);
    expect(hubspot.sent).toHaveLength(1);
  });

  it.each([
    [
      'RFC 6749 and legacy fields',
      {
        error: 'invalid_grant',
        error_description: 'refresh token is invalid, expired or revoked',
        status: 'BAD_REFRESH_TOKEN',
        message: 'refresh token is invalid, expired or revoked',
      },
    ],
    ['legacy fields only', { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' }],
  ])('treats a refused refresh token (%s) as an uninstall and stops calling HubSpot', async (_what, body) => {
    await storeTokens(MINUTE);
    hubspot.token({ status: 400, body });
    const tokens = provider();

    const refused = await tokens.getAccessToken(tenant.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthRevokedError);
    expect(String((refused as Error).message)).not.toContain(stored.refreshToken);
    expect(await getTenant(store.db, tenant.id)).toMatchObject({
      status: 'uninstalled',
      uninstalledAt: clock(),
    });
    expect(await loadCredentials(store.db, cipher, tenant.id)).toBeNull();
    const [audit] = await listAudit(store.db, tenant.id, { subjectType: 'tenant' });
    expect(audit).toMatchObject({
      action: 'tenant.uninstalled',
      actor: 'baton',
      after: { reason: 'refresh_token_revoked' },
    });

    await expect(tokens.getAccessToken(tenant.id)).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(tokens.forceRefresh(tenant.id)).rejects.toBeInstanceOf(AuthRevokedError);
    expect(hubspot.sent).toHaveLength(1);
  });

  it('refuses an uninstalled tenant at once, even while credentials remain', async () => {
    await storeTokens(20 * MINUTE);
    await setTenantStatus(store.db, tenant.id, 'uninstalled', clock());
    await expect(provider().getAccessToken(tenant.id)).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(provider().getAccessToken(randomUuid())).rejects.toBeInstanceOf(AuthRevokedError);
    expect(hubspot.sent).toEqual([]);
  });

  it('reports a HubSpot outage as retryable, keeps the tokens and releases the refresh lease', async () => {
    await storeTokens(MINUTE);
    hubspot.token({ status: 502, body: '<html>Bad gateway</html>' });
    const tokens = provider();

    const failure = await tokens.getAccessToken(tenant.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as Error).message).toBe('HubSpot answered 502 to the token refresh');
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
      accessToken: stored.accessToken,
    });
    expect(await getTenant(store.db, tenant.id)).toMatchObject({ status: 'active' });

    const fresh = hubSpotToken('access');
    hubspot.token({
      status: 200,
      body: grantBody({ accessToken: fresh, refreshToken: stored.refreshToken }),
    });
    expect(await tokens.getAccessToken(tenant.id)).toBe(fresh);
  });

  it('reports a token endpoint that does not answer in time as retryable', async () => {
    await storeTokens(MINUTE);
    // A HubSpot that never answers; nock's delayed replies do not survive an aborted fetch.
    const silentHubSpot: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const tokens = provider(store.db, { timeoutMs: 50, fetch: silentHubSpot });
    await expect(tokens.getAccessToken(tenant.id)).rejects.toThrow(
      new UpstreamUnavailableError('HubSpot did not answer the token refresh within 50 ms'),
    );
  });

  it('passes on the wait HubSpot asks for when it rate-limits the refresh', async () => {
    await storeTokens(MINUTE);
    hubspot.token({
      status: 429,
      body: {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        category: 'RATE_LIMITS',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
      headers: { 'retry-after': '7' },
    });
    const limited = await provider()
      .getAccessToken(tenant.id)
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7_000);
  });
});

function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
