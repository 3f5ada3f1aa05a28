import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimRefresh,
  deleteCredentials,
  loadCredentials,
  releaseRefresh,
  saveCredentials,
  type TokenSet,
} from '../../src/store/credentials.ts';
import { credentials } from '../../src/store/schema.ts';
import { createTenant, findTenantByExternalId, getTenant, setTenantStatus } from '../../src/store/tenants.ts';
import {
  createTokenCipher,
  generateEncryptionKey,
  TokenDecryptionError,
} from '../../src/store/token-cipher.ts';
import { at, installTenant, MINUTE } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const tokens: TokenSet = {
  accessToken: 'access-CJSP5qf1KhICAQEYs-gDIIGOBii1hQIy',
  refreshToken: 'refresh-6f6b1f5e-7d1c-4a43-9b1e-0d2b9f7b1c11',
  expiresAt: at(30),
  scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
};

describe(`tenants (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('finds a tenant by its CRM account id and keeps account ids unique per CRM', async () => {
    const hubspot = await createTenant(
      store.db,
      { crm: 'hubspot', externalId: '777', name: 'Portal 777' },
      at(0),
    );
    const salesforce = await createTenant(
      store.db,
      { crm: 'salesforce', externalId: '777', name: 'Org 777', settings: { region: 'eu' } },
      at(1),
    );
    expect(hubspot).toMatchObject({
      status: 'installing',
      installedAt: at(0),
      uninstalledAt: null,
      settings: {},
    });
    expect(await findTenantByExternalId(store.db, 'hubspot', '777')).toEqual(hubspot);
    expect((await findTenantByExternalId(store.db, 'salesforce', '777'))?.settings).toEqual({ region: 'eu' });
    expect(salesforce.id).not.toBe(hubspot.id);
    expect(await findTenantByExternalId(store.db, 'hubspot', '778')).toBeNull();
    await expect(
      createTenant(store.db, { crm: 'hubspot', externalId: '777', name: 'again' }, at(2)),
    ).rejects.toThrow();
  });

  it('moves through install, activation, uninstall and reinstall', async () => {
    const tenant = await createTenant(
      store.db,
      { crm: 'hubspot', externalId: '900', name: 'Lifecycle' },
      at(0),
    );
    expect(await setTenantStatus(store.db, tenant.id, 'active', at(1))).toMatchObject({
      status: 'active',
      installedAt: at(0),
    });
    expect(await setTenantStatus(store.db, tenant.id, 'uninstalled', at(2))).toMatchObject({
      status: 'uninstalled',
      uninstalledAt: at(2),
    });
    expect(await setTenantStatus(store.db, tenant.id, 'installing', at(3))).toMatchObject({
      status: 'installing',
      installedAt: at(3),
      uninstalledAt: null,
    });
    expect((await getTenant(store.db, tenant.id))?.status).toBe('installing');
    expect(
      await setTenantStatus(store.db, '00000000-0000-4000-8000-000000000000', 'active', at(4)),
    ).toBeNull();
  });
});

describe(`credentials (${engineUnderTest})`, () => {
  let store: TestStore;
  const cipher = createTokenCipher(generateEncryptionKey());
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('round-trips tokens while the database only ever sees ciphertext', async () => {
    const tenant = await installTenant(store.db);
    await saveCredentials(store.db, cipher, tenant.id, tokens, at(0));
    expect(await loadCredentials(store.db, cipher, tenant.id)).toEqual({
      ...tokens,
      instanceUrl: null,
      updatedAt: at(0),
    });
    const [raw] = await store.db.select().from(credentials).where(eq(credentials.tenantId, tenant.id));
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain(tokens.accessToken);
    expect(stored).not.toContain(tokens.refreshToken);
    expect(raw?.accessTokenEnc).toMatch(/^v1\./);
  });

  it('replaces tokens on refresh and keeps the Salesforce instance URL', async () => {
    const tenant = await installTenant(store.db);
    await saveCredentials(
      store.db,
      cipher,
      tenant.id,
      { ...tokens, instanceUrl: 'https://acme.my.salesforce.com' },
      at(0),
    );
    const refreshed = {
      ...tokens,
      accessToken: 'access-2',
      expiresAt: at(90),
      instanceUrl: 'https://acme.my.salesforce.com',
    };
    await saveCredentials(store.db, cipher, tenant.id, refreshed, at(60));
    expect(await loadCredentials(store.db, cipher, tenant.id)).toEqual({ ...refreshed, updatedAt: at(60) });
  });

  it('refuses to decrypt with another key', async () => {
    const tenant = await installTenant(store.db);
    await saveCredentials(store.db, cipher, tenant.id, tokens, at(0));
    const other = createTokenCipher(generateEncryptionKey());
    await expect(loadCredentials(store.db, other, tenant.id)).rejects.toBeInstanceOf(TokenDecryptionError);
  });

  it('returns null for a tenant without credentials, and after they are deleted on uninstall', async () => {
    const tenant = await installTenant(store.db);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toBeNull();
    await saveCredentials(store.db, cipher, tenant.id, tokens, at(0));
    expect(await deleteCredentials(store.db, tenant.id)).toBe(true);
    expect(await loadCredentials(store.db, cipher, tenant.id)).toBeNull();
    expect(await deleteCredentials(store.db, tenant.id)).toBe(false);
  });

  it('lets exactly one caller refresh at a time until released or the lease runs out', async () => {
    const tenant = await installTenant(store.db);
    await saveCredentials(store.db, cipher, tenant.id, tokens, at(0));
    const lease = MINUTE;
    const racers = await Promise.all(
      Array.from({ length: 8 }, () => claimRefresh(store.db, tenant.id, at(1), lease)),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
    expect(await claimRefresh(store.db, tenant.id, at(1.5), lease)).toBe(false);
    expect(await claimRefresh(store.db, tenant.id, at(2.01), lease)).toBe(true);
    await releaseRefresh(store.db, tenant.id);
    expect(await claimRefresh(store.db, tenant.id, at(2.02), lease)).toBe(true);
    expect(await claimRefresh(store.db, 'f0000000-0000-4000-8000-000000000000', at(3), lease)).toBe(false);
  });
});
