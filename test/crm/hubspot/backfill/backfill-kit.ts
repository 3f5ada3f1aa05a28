import { sql } from 'drizzle-orm';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { createBackfillHttp } from '../../../../src/crm/hubspot/backfill/backfill-http.ts';
import { saveCredentials } from '../../../../src/store/credentials.ts';
import { type Db, queryRows } from '../../../../src/store/database.ts';
import type { RollingLimit } from '../../../../src/store/rate-limits.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { installTenant } from '../../../store/fixtures.ts';
import { silentLogger, T0, virtualTime } from '../api/hubspot-test-kit.ts';

const DAY = 86_400_000;

/**
 * An installed portal with a valid stored token, and the backfill's real CRM client: the token
 * provider reading encrypted credentials, the portal and search limits kept in the store under
 * test, on virtual time so waits for the limits and retries cost nothing.
 */
export async function installedPortal(
  db: Db,
  options: { portalLimit?: RollingLimit; scopes?: readonly string[] } = {},
) {
  const tenant = await installTenant(db);
  const cipher = createTokenCipher(generateEncryptionKey());
  await saveCredentials(
    db,
    cipher,
    tenant.id,
    {
      accessToken: 'access-token-for-backfill-tests',
      refreshToken: 'refresh-token-for-backfill-tests',
      expiresAt: new Date(T0 + DAY),
      scopes: options.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    },
    new Date(T0),
  );
  const time = virtualTime();
  const env = parseEnvironment({ HUBSPOT_CLIENT_ID: 'client-id', HUBSPOT_CLIENT_SECRET: 'client-secret' });
  const http = createBackfillHttp({
    env,
    db,
    cipher,
    logger: silentLogger(),
    clock: time.clock,
    sleep: time.sleep,
    ...(options.portalLimit ? { portalLimit: options.portalLimit } : {}),
  });
  if (!http) throw new Error('the backfill client needs app credentials');
  return { tenant, http, time };
}

/** What the backfill left in the store for one tenant. */
export async function storedFor(db: Db, tenant: Tenant) {
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await queryRows<{ n: number | string }>(db, query))[0]?.n);
  return {
    snapshots: await count(sql`select count(*) as n from record_snapshots where tenant_id = ${tenant.id}`),
    ledger: await count(sql`select count(*) as n from ledger where tenant_id = ${tenant.id}`),
    touches: await count(sql`select count(*) as n from touches where tenant_id = ${tenant.id}`),
    writebacks: await count(
      sql`select count(*) as n from inbox where tenant_id = ${tenant.id} and payload->>'type' = 'hubspot_writeback'`,
    ),
    runs: await count(sql`select count(*) as n from backfill_runs where tenant_id = ${tenant.id}`),
  };
}
