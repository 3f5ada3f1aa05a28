import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SalesforceOAuthRejectedError,
  TOKEN_PATH,
} from '../../../../src/crm/salesforce/oauth/salesforce-token-endpoint.ts';
import { createSalesforceTokenProvider } from '../../../../src/crm/salesforce/oauth/salesforce-token-provider.ts';
import { RateLimitedError, UpstreamUnavailableError } from '../../../../src/errors.ts';
import { createLogger } from '../../../../src/log.ts';
import type { TokenRefresher } from '../../../../src/oauth/token-provider.ts';
import { loadCredentials, saveCredentials } from '../../../../src/store/credentials.ts';
import { credentials, tenants } from '../../../../src/store/schema.ts';
import { createTenant, getTenant, type Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import {
  blockRealNetwork,
  createSalesforceStandIn,
  INSTANCE_URL,
  LOGIN_URL,
  ORG_ID_18,
  resetSalesforce,
  restoreJsforceDispatcher,
  type SalesforceStandIn,
  salesforceToken,
  tokenAnswer,
} from './salesforce-stand-in.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;
const APP = {
  clientId: '3MVG9baton.client.id',
  clientSecret: 'salesforce-client-secret-5b2e',
  loginUrl: LOGIN_URL,
};
const cipher = createTokenCipher(generateEncryptionKey());

describe('Salesforce token provider', () => {
  let store: TestStore;
  let salesforce: SalesforceStandIn;
  let now: number;
  let tenant: Tenant;
  let stored: { accessToken: string; refreshToken: string };
  let logLines: string[];

  const clock = () => new Date(now);
  const provider = (
    overrides: { fetch?: typeof fetch; timeoutMs?: number; refresher?: TokenRefresher } = {},
  ) =>
    createSalesforceTokenProvider({
      db: store.db,
      cipher,
      app: APP,
      clock,
      pollMs: 10,
      logger: createLogger({
        level: 'debug',
        destination: new Writable({
          write: (chunk, _encoding, done) => {
            logLines.push(String(chunk));
            done();
          },
        }),
      }),
      ...overrides,
    });

  beforeAll(async () => {
    store = await openTestStore();
    blockRealNetwork();
  });
  afterAll(async () => {
    restoreJsforceDispatcher();
    await store.close();
  });

  beforeEach(async () => {
    resetSalesforce();
    salesforce = createSalesforceStandIn();
    logLines = [];
    now = T0;
    await store.db.delete(tenants);
    tenant = await createTenant(
      store.db,
      { crm: 'salesforce', externalId: ORG_ID_18, name: 'Acme', status: 'active' },
      clock(),
    );
    stored = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    await saveCredentials(
      store.db,
      cipher,
      tenant.id,
      {
        ...stored,
        expiresAt: new Date(now + MINUTE),
        scopes: ['api', 'refresh_token'],
        instanceUrl: INSTANCE_URL,
      },
      clock(),
    );
  });

  afterEach(() => {
    const logs = logLines.join('\n');
    for (const secret of [stored.accessToken, stored.refreshToken, APP.clientSecret])
      expect(logs).not.toContain(secret);
  });

  it('keeps the tokens and releases the refresh lease when Salesforce is down, so the next call retries', async () => {
    salesforce.token({ status: 503, body: 'Service Unavailable' });
    const tokens = provider();

    const failure = await tokens.getAccessToken(tenant.id).catch((error: unknown) => error);

    expect(failure).toEqual(new UpstreamUnavailableError('Salesforce answered 503 to the token refresh'));
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject(stored);
    expect(await getTenant(store.db, tenant.id)).toMatchObject({ status: 'active' });
    const [row] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
    expect(row?.refreshLockUntil).toBeNull();

    const fresh = salesforceToken('access');
    salesforce.token({ status: 200, body: tokenAnswer({ accessToken: fresh }) });
    expect(await tokens.getAccessToken(tenant.id)).toBe(fresh);
  });

  it('gives up on a token endpoint that does not answer well within the refresh lease', async () => {
    const silentSalesforce: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    await expect(
      provider({ fetch: silentSalesforce, timeoutMs: 50 }).getAccessToken(tenant.id),
    ).rejects.toThrow(
      new UpstreamUnavailableError('Salesforce did not answer the token refresh within 50 ms'),
    );
  });

  it('reports a refused client (a misconfigured app) without uninstalling the org', async () => {
    salesforce.token({
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' },
    });

    const refused = await provider()
      .getAccessToken(tenant.id)
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(SalesforceOAuthRejectedError);
    expect((refused as Error).message).toBe(
      'Salesforce refused the token refresh (400 invalid_client): invalid client credentials',
    );
    expect(await getTenant(store.db, tenant.id)).toMatchObject({ status: 'active' });
  });

  it('passes on the wait Salesforce asks for when it rate-limits the refresh', async () => {
    salesforce.token({ status: 429, body: 'Too Many Requests', headers: { 'retry-after': '7' } });
    const limited = await provider()
      .getAccessToken(tenant.id)
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7_000);
  });

  it('refuses a refresh answer without an instance URL, keeping what is stored', async () => {
    const answer = tokenAnswer({ accessToken: salesforceToken('access') });
    delete answer.instance_url;
    salesforce.token({ status: 200, body: answer });
    await expect(provider().getAccessToken(tenant.id)).rejects.toThrow(
      new UpstreamUnavailableError('Salesforce answered the token refresh without valid instance_url'),
    );
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
      ...stored,
      instanceUrl: INSTANCE_URL,
    });
  });

  it('stores the instance URL a refresh names, and keeps the stored one when a refresher names none', async () => {
    const moved = 'http://acme2.my.salesforce.com';
    salesforce.token({
      status: 200,
      body: tokenAnswer({ accessToken: salesforceToken('access'), instanceUrl: moved }),
    });
    await provider().forceRefresh(tenant.id);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({ instanceUrl: moved });

    const standIn: TokenRefresher = {
      crm: 'salesforce',
      crmName: 'Salesforce',
      accountNoun: 'org',
      refresh: async (refreshToken) => ({
        accessToken: salesforceToken('access'),
        refreshToken,
        expiresInSeconds: 7200,
      }),
      isRevoked: () => false,
      uninstall: async () => {},
    };
    await provider({ refresher: standIn }).forceRefresh(tenant.id);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
      instanceUrl: moved,
      scopes: ['refresh_token', 'api'],
    });
    expect(salesforce.sentTo(TOKEN_PATH)).toHaveLength(1);
  });
});
