import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SALESFORCE_EVENT } from '../../../../src/crm/salesforce/intake/salesforce-event-kind.ts';
import { installSalesforceThroughOAuth } from '../../../../src/simulate/demo/salesforce/install-salesforce.ts';
import { PACKAGE_LEAD_FIELDS } from '../../../../src/simulate/demo/salesforce/package-fields.ts';
import { settle } from '../../../../src/simulate/demo/salesforce/run-salesforce-demo.ts';
import { DEMO_SALESFORCE_APP } from '../../../../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import { type RunningBaton, startBaton } from '../../../../src/simulate/demo/start-baton.ts';
import type { SalesforceStandIn } from '../../../../src/simulate/salesforce-stand-in/salesforce-stand-in-api.ts';
import { startSalesforceStandIn } from '../../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { type Db, queryRows } from '../../../../src/store/database.ts';
import { inbox } from '../../../../src/store/schema.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';
import { generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { engineUnderTest, serverUrl } from '../../../store/harness.ts';
import { silent, startFaultStack } from './fault-stack.ts';
import { startFrontDoor } from './front-door.ts';
import {
  batonChangesPerLead,
  batonWritesPerLead,
  createWebLeads,
  expectCardsOnLeads,
  expectFactsOnce,
  NEW_MQL_FACTS,
  unfinishedWork,
} from './lead-checks.ts';

const WAVE = 10;
/** Salesforce retries an Outbound Message for 24 h; here, often enough to outlast Baton's restart. */
const OUTBOUND = { flushMs: 5, retry: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 400 } };

async function expectEachLeadOnce(
  db: Db,
  standIn: SalesforceStandIn,
  tenant: Tenant,
  ids: readonly string[],
): Promise<void> {
  await expectFactsOnce(db, tenant.id, ids, NEW_MQL_FACTS);
  await expectCardsOnLeads(db, standIn, tenant, ids, { stage: 'mql', now: new Date() });
  // A write whose answer was lost with its connection is sent again with the same values: it changes nothing.
  expect(batonChangesPerLead(standIn, ids)).toEqual(ids.map(() => 1));
  expect(batonWritesPerLead(standIn, ids).every((saves) => saves >= 1)).toBe(true);
  expect(await unfinishedWork(db)).toEqual([]);
  expect(standIn.outboundStats().abandonedMessages).toBe(0);
}

async function notificationsStored(db: Db): Promise<number> {
  const rows = await db
    .select({ id: inbox.id })
    .from(inbox)
    .where(and(eq(inbox.kind, SALESFORCE_EVENT)));
  return rows.length;
}

/**
 * Embedded: Baton's process, and with it the database, stops mid-traffic and starts again on its
 * data directory. Outbound Messages sent while it is down are refused and redelivered by the org.
 */
async function restartOnTheDataDirectory(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-sf-restart-'));
  const encryptionKey = generateEncryptionKey();
  const standIn = await startSalesforceStandIn({
    ...DEMO_SALESFORCE_APP,
    customLeadFields: PACKAGE_LEAD_FIELDS,
    logger: silent,
    outbound: OUTBOUND,
  });
  const door = await startFrontDoor();
  let baton: RunningBaton | undefined;
  const open = async () => {
    baton = await startBaton(
      { dataDir, logger: silent, encryptionKey, worker: { maxWaitMs: 0, pollMs: 10 } },
      { salesforce: { loginUrl: standIn.loginUrl, ...DEMO_SALESFORCE_APP } },
    );
    door.route(baton.batonUrl);
    return baton;
  };
  try {
    standIn.setOutboundTarget(`${door.url}/webhooks/salesforce`);
    let running = await open();
    const tenant = await installSalesforceThroughOAuth(running.database.db, running.batonUrl, standIn.orgId);
    const [user] = standIn.addUsers([{ firstName: 'Riley', lastName: 'Rep', email: 'riley@example.test' }]);
    const rep = String(user?.Id);

    const before = createWebLeads(standIn, WAVE, rep, 'Before');
    await settle({ ...running, standIn }, running.database.db, 30_000);
    // Stopped while a wave is arriving: whatever is in hand is finished, the rest waits in the store.
    const during = createWebLeads(standIn, WAVE, rep, 'During');
    for (let waited = 0; (await notificationsStored(running.database.db)) <= WAVE; waited += 5) {
      if (waited > 10_000) throw new Error('no Outbound Message of the second wave arrived');
      await delay(5);
    }
    door.route(undefined);
    await running.close();
    baton = undefined;
    const whileDown = createWebLeads(standIn, WAVE, rep, 'While down');
    await delay(300);

    running = await open();
    await settle({ ...running, standIn }, running.database.db, 60_000);
    expect(standIn.outboundStats().failedAttempts).toBeGreaterThan(0);
    await expectEachLeadOnce(running.database.db, standIn, tenant, [...before, ...during, ...whileDown]);
  } finally {
    await baton?.close();
    await door.close();
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What a server restart does to its clients: every backend of the database is killed. */
async function killEveryConnection(db: Db, url: string): Promise<number> {
  const [{ name } = { name: '' }] = await queryRows<{ name: string }>(
    db,
    sql`select current_database() as name`,
  );
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const killed = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return killed.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** Server: every connection Baton holds is killed twice while Outbound Messages arrive and the worker works. */
async function killConnectionsMidTraffic(url: string): Promise<void> {
  const f = await startFaultStack({ standIn: { outbound: OUTBOUND } });
  // A short lease: work whose completion died with its connection is claimed again within seconds.
  const worker = f.newWorker({ workerId: 'running', leaseMs: 2_000, pollMs: 20, maxWaitMs: 0 });
  try {
    worker.start();
    const { standIn } = f.stack;
    const ids = [
      ...createWebLeads(standIn, WAVE, f.rep, 'First'),
      ...createWebLeads(standIn, WAVE, f.rep, 'Second'),
    ];
    await expect
      .poll(async () => (await f.db.select().from(inbox).where(eq(inbox.status, 'done'))).length, {
        timeout: 20_000,
        interval: 10,
      })
      .toBeGreaterThan(5);
    expect(await killEveryConnection(f.db, url)).toBeGreaterThan(0);
    ids.push(...createWebLeads(standIn, WAVE, f.rep, 'Third'));
    await delay(50);
    await killEveryConnection(f.db, url);
    ids.push(...createWebLeads(standIn, WAVE, f.rep, 'Fourth'));
    await settle(f.stack, f.db, 60_000);
    await worker.stop();
    await expectEachLeadOnce(f.db, standIn, f.tenant, ids);
  } finally {
    await worker.stop();
    await f.close();
  }
}

describe(`Salesforce sync when the database restarts (${engineUnderTest})`, () => {
  it('loses no Lead and applies nothing twice when the database goes away mid-traffic', async () => {
    if (serverUrl) await killConnectionsMidTraffic(serverUrl);
    else await restartOnTheDataDirectory();
  }, 120_000);
});
