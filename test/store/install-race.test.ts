import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeHubSpotInstall } from '../../src/crm/hubspot/oauth/complete-hubspot-install.ts';
import { loadCredentials } from '../../src/store/credentials.ts';
import { tenants } from '../../src/store/schema.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { at } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

const cipher = createTokenCipher(generateEncryptionKey());
const grant = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresInSeconds: 1800,
  hubId: '777001',
  userId: null,
  scopes: ['oauth'],
});

let store: TestStore;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

describe(`concurrent installs of one portal (${engineUnderTest})`, () => {
  it('create one tenant: the first installs, the others re-authorise it with their tokens', async () => {
    const installs = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        completeHubSpotInstall(store.db, cipher, {
          hubId: '777001',
          name: 'acme.example',
          grant: grant(n),
          actor: `admin-${n}`,
          now: at(n),
        }),
      ),
    );

    expect(installs.map((i) => i.outcome).sort()).toEqual([
      'installed',
      'reauthorized',
      'reauthorized',
      'reauthorized',
    ]);
    expect(new Set(installs.map((i) => i.tenantId)).size).toBe(1);
    const rows = await store.db
      .select()
      .from(tenants)
      .where(and(eq(tenants.crm, 'hubspot'), eq(tenants.externalId, '777001')));
    expect(rows).toHaveLength(1);
    const credentials = await loadCredentials(store.db, cipher, installs[0]?.tenantId ?? '');
    expect(credentials?.refreshToken).toMatch(/^refresh-[1-4]$/);
  });
});
