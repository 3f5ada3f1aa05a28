import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import {
  createSalesforceConnections,
  type SalesforceConnections,
} from '../../../../src/crm/salesforce/api/salesforce-connection.ts';
import { TOKEN_PATH } from '../../../../src/crm/salesforce/oauth/salesforce-token-endpoint.ts';
import { AuthRevokedError, UpstreamRejectedError } from '../../../../src/errors.ts';
import { createLogger } from '../../../../src/log.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import { loadCredentials, saveCredentials } from '../../../../src/store/credentials.ts';
import type { Db } from '../../../../src/store/database.ts';
import { credentials, tenants } from '../../../../src/store/schema.ts';
import { createTenant, getTenant, setTenantStatus, type Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { openTestStore, serverUrl, type TestStore } from '../../../store/harness.ts';
import {
  API_PATH,
  blockRealNetwork,
  createSalesforceStandIn,
  INSTANCE_URL,
  INVALID_SESSION,
  LOGIN_URL,
  ORG_ID_18,
  resetSalesforce,
  restoreJsforceDispatcher,
  type SalesforceStandIn,
  salesforceToken,
  tokenAnswer,
} from '../oauth/salesforce-stand-in.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;
const CLIENT_ID = '3MVG9baton.client.id';
const CLIENT_SECRET = 'salesforce-client-secret-5b2e';
const TWO_HOURS_MS = 2 * 60 * MINUTE;
const LIMITS = { DailyApiRequests: { Max: 100_000, Remaining: 99_000 } };

const cipher = createTokenCipher(generateEncryptionKey());
const env = parseEnvironment({
  SALESFORCE_CLIENT_ID: CLIENT_ID,
  SALESFORCE_CLIENT_SECRET: CLIENT_SECRET,
  SALESFORCE_LOGIN_URL: LOGIN_URL,
});

describe('Salesforce connections', () => {
  let store: TestStore;
  let salesforce: SalesforceStandIn;
  let now: number;
  let tenant: Tenant;
  let stored: { accessToken: string; refreshToken: string };
  let logLines: string[];

  const clock = () => new Date(now);
  const connections = (db: Db = store.db): SalesforceConnections => {
    const created = createSalesforceConnections({
      env,
      db,
      cipher,
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
    });
    if (!created) throw new Error('Salesforce is configured in these tests');
    return created;
  };

  async function storeTokens(expiresInMs: number): Promise<void> {
    stored = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    await saveCredentials(
      store.db,
      cipher,
      tenant.id,
      {
        ...stored,
        expiresAt: new Date(now + expiresInMs),
        scopes: ['api', 'refresh_token'],
        instanceUrl: INSTANCE_URL,
      },
      clock(),
    );
  }

  const refreshes = () => salesforce.sentTo(TOKEN_PATH).map((call) => call.form.refresh_token);
  const apiTokens = () =>
    salesforce.sent.filter((call) => call.host === INSTANCE_URL).map((call) => call.headers.authorization);

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
    await storeTokens(90 * MINUTE);
  });

  afterEach(() => {
    const logs = logLines.join('\n');
    for (const secret of [stored.accessToken, stored.refreshToken, CLIENT_SECRET])
      expect(logs).not.toContain(secret);
  });

  it('connects on API 66.0 at the stored instance with the stored token, naming Baton on every call', async () => {
    const conn = await connections().connectionFor(tenant.id);
    expect([conn.version, conn.instanceUrl, conn.accessToken]).toEqual([
      '66.0',
      INSTANCE_URL,
      stored.accessToken,
    ]);
    salesforce.api('get', '/query', { status: 200, body: { totalSize: 0, done: true, records: [] } });

    await conn.query('SELECT Id FROM Lead');

    expect(salesforce.sent).toEqual([
      expect.objectContaining({
        host: INSTANCE_URL,
        path: `${API_PATH}/query?q=SELECT%20Id%20FROM%20Lead`,
        headers: expect.objectContaining({
          authorization: `Bearer ${stored.accessToken}`,
          'sforce-call-options': 'client=Baton',
        }),
      }),
    ]);
  });

  it('answers a 401 with one refresh and one replay, and stores the rotated refresh token', async () => {
    const first = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION });
    salesforce.token({ status: 200, body: tokenAnswer(first) });
    salesforce.api('get', '/limits', { status: 200, body: LIMITS });

    expect(await connections().request(tenant.id, { method: 'GET', url: '/limits' })).toEqual(LIMITS);

    expect(apiTokens()).toEqual([`Bearer ${stored.accessToken}`, `Bearer ${first.accessToken}`]);
    expect(salesforce.sentTo(TOKEN_PATH).map((call) => call.form)).toEqual([
      {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: stored.refreshToken,
      },
    ]);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
      ...first,
      instanceUrl: INSTANCE_URL,
      expiresAt: new Date(now + TWO_HOURS_MS),
    });
    const [row] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
    expect(row?.refreshLockUntil).toBeNull();

    // The session ends again later: the rotated refresh token is the one spent, never the first.
    now += 30 * MINUTE;
    const second = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION });
    salesforce.token({ status: 200, body: tokenAnswer(second) });
    salesforce.api('get', '/limits', { status: 200, body: LIMITS });

    await connections().request(tenant.id, { method: 'GET', url: '/limits' });

    expect(refreshes()).toEqual([stored.refreshToken, first.refreshToken]);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject(second);
  });

  it(`makes exactly one refresh request when two processes meet a 401 at once (${serverUrl ? 'two connection pools' : 'one PGlite connection'})`, async () => {
    const fresh = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION }, 2);
    salesforce.token({ status: 200, body: tokenAnswer(fresh), delayMs: 100 }, 2);
    salesforce.api('get', '/limits', { status: 200, body: LIMITS }, 2);
    const otherProcessDb = serverUrl ? (await store.openPeer()).db : store.db;
    const [one, two] = [connections(store.db), connections(otherProcessDb)];

    const answers = await Promise.all([
      one.request(tenant.id, { method: 'GET', url: '/limits' }),
      two.request(tenant.id, { method: 'GET', url: '/limits' }),
    ]);

    expect(answers).toEqual([LIMITS, LIMITS]);
    expect(refreshes()).toEqual([stored.refreshToken]);
    expect(apiTokens().slice(2)).toEqual([`Bearer ${fresh.accessToken}`, `Bearer ${fresh.accessToken}`]);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject(fresh);
  });

  it('replays without a refresh when another process already replaced the token Salesforce refused', async () => {
    const fresh = { accessToken: salesforceToken('access'), refreshToken: salesforceToken('refresh') };
    const otherProcessDb = serverUrl ? (await store.openPeer()).db : store.db;
    const heldElsewhere = await connections(otherProcessDb).connectionFor(tenant.id);
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION });
    salesforce.token({ status: 200, body: tokenAnswer(fresh) }, 2);
    salesforce.api('get', '/limits', { status: 200, body: LIMITS });
    await connections().request(tenant.id, { method: 'GET', url: '/limits' });
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION });
    salesforce.api('get', '/limits', { status: 200, body: LIMITS });

    expect(await heldElsewhere.request({ method: 'GET', url: '/limits' })).toEqual(LIMITS);

    expect(refreshes()).toEqual([stored.refreshToken]);
    expect(apiTokens().slice(2)).toEqual([`Bearer ${stored.accessToken}`, `Bearer ${fresh.accessToken}`]);
  });

  it('refreshes a token near the end of its assumed two hours before calling', async () => {
    await storeTokens(2 * MINUTE);
    const fresh = { accessToken: salesforceToken('access') };
    salesforce.token({ status: 200, body: tokenAnswer(fresh) });
    salesforce.api('get', '/limits', { status: 200, body: LIMITS });

    await connections().request(tenant.id, { method: 'GET', url: '/limits' });

    expect(apiTokens()).toEqual([`Bearer ${fresh.accessToken}`]);
    // Without rotation Salesforce sends no refresh token back: the one held stays valid.
    expect(await loadCredentials(store.db, cipher, tenant.id)).toMatchObject({
      accessToken: fresh.accessToken,
      refreshToken: stored.refreshToken,
    });
  });

  it('marks the org uninstalled when Salesforce refuses the refresh token, and fails every later call unsent', async () => {
    const tokens = connections();
    const conn = await tokens.connectionFor(tenant.id);
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION });
    salesforce.token({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });

    const refused = await conn.request({ method: 'GET', url: '/limits' }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(AuthRevokedError);
    expect((refused as Error).message).not.toContain(stored.refreshToken);
    expect(await getTenant(store.db, tenant.id)).toMatchObject({
      status: 'uninstalled',
      uninstalledAt: clock(),
    });
    expect(await loadCredentials(store.db, cipher, tenant.id)).toBeNull();
    expect((await listAudit(store.db, tenant.id, { subjectType: 'tenant' }))[0]).toMatchObject({
      action: 'tenant.uninstalled',
      actor: 'baton',
      subjectKey: `salesforce:${ORG_ID_18}`,
      after: { reason: 'refresh_token_revoked' },
    });
    const sentBefore = salesforce.sent.length;

    await expect(conn.query('SELECT Id FROM Lead')).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(tokens.connectionFor(tenant.id)).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(connections().request(tenant.id, { method: 'GET', url: '/limits' })).rejects.toBeInstanceOf(
      AuthRevokedError,
    );
    expect(salesforce.sent).toHaveLength(sentBefore);
  });

  it('does not refresh again when Salesforce refuses the token it just refreshed', async () => {
    salesforce.api('get', '/limits', { status: 401, body: INVALID_SESSION }, 2);
    salesforce.token({ status: 200, body: tokenAnswer({ accessToken: salesforceToken('access') }) }, 2);

    await expect(connections().request(tenant.id, { method: 'GET', url: '/limits' })).rejects.toBeInstanceOf(
      UpstreamRejectedError,
    );

    expect(refreshes()).toHaveLength(1);
    expect(apiTokens()).toHaveLength(2);
  });

  it('refuses an uninstalled or unknown tenant before anything is sent', async () => {
    await setTenantStatus(store.db, tenant.id, 'uninstalled', clock());
    await expect(connections().connectionFor(tenant.id)).rejects.toBeInstanceOf(AuthRevokedError);
    await expect(connections().connectionFor('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      AuthRevokedError,
    );
    expect(salesforce.sent).toEqual([]);
  });

  it('is not created without the external client app credentials', () => {
    expect(
      createSalesforceConnections({
        env: parseEnvironment({}),
        db: store.db,
        cipher,
        clock,
        logger: createLogger({ level: 'silent' }),
      }),
    ).toBeNull();
  });
});
