import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { HUBSPOT_DEFAULTS } from '../../../src/crm/hubspot/defaults/hubspot-defaults.ts';
import { hubSpotWritebackItem } from '../../../src/crm/hubspot/sync/hubspot-writeback-handler.ts';
import { createLogger } from '../../../src/log.ts';
import { loadTenantConfig } from '../../../src/pipeline/tenant-config.ts';
import { installThroughOAuth } from '../../../src/simulate/demo/install-through-oauth.ts';
import { type RunningBaton, startBaton } from '../../../src/simulate/demo/start-baton.ts';
import { waitUntilSettled } from '../../../src/simulate/demo/wait-until-settled.ts';
import type { HubSpotStandIn } from '../../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { type Database, type Db, openDatabase } from '../../../src/store/database.ts';
import { saveFunnelModel } from '../../../src/store/funnel-models.ts';
import { enqueue } from '../../../src/store/inbox-intake.ts';
import { auditLog, ledger, slaRoundRobin } from '../../../src/store/schema.ts';
import { type Tenant, updateTenantSettings } from '../../../src/store/tenants.ts';
import { generateEncryptionKey } from '../../../src/store/token-cipher.ts';
import { APP, startStandIn } from '../../simulate/stand-in-harness.ts';
import { engineUnderTest, openTestStore, type TestStore } from '../harness.ts';
import { runScheduler, type SchedulerRun } from './scheduler-runner.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const LEADS = 30;
/** The schedulers run 49 h ahead: past every MQL's 48 h accept-or-reject target. */
const AHEAD_MS = 49 * 3_600_000;
const OWNERS = [
  { id: '501', firstName: 'Ann', lastName: 'Rep', email: 'ann@example.test', team: 'Sales' },
  { id: '502', firstName: 'Bob', lastName: 'Rep', email: 'bob@example.test', team: 'Sales' },
  { id: '509', firstName: 'Mia', lastName: 'Lead', email: 'mia@example.test', team: 'Sales' },
];

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Another Baton process on the server database, as `npm start` would run on a second machine. */
function schedulerProcess(
  databaseUrl: string,
  env: Record<string, string>,
  key: string,
  startAt: number,
): Promise<SchedulerRun> {
  const child = spawn(process.execPath, ['test/store/sla/scheduler-process.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      BATON_SCHEDULER_DATABASE_URL: databaseUrl,
      BATON_SCHEDULER_ENV: JSON.stringify(env),
      BATON_SCHEDULER_OFFSET_MS: String(AHEAD_MS),
      BATON_SCHEDULER_START_AT: String(startAt),
      TOKEN_ENCRYPTION_KEY: key,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`scheduler exited ${code}: ${err}`)),
    );
  });
}

/** Marketing's MQLs wait on sales; a breach tells the owner and their manager, then hands the lead round the queue. */
async function configure(db: Db, tenant: Tenant): Promise<void> {
  const change = { actor: 'admin', now: new Date() };
  await updateTenantSettings(
    db,
    tenant.id,
    (settings) => ({
      ...settings,
      slaRouting: { queues: { inside: ['501', '502'] }, defaultManager: '509' },
    }),
    change,
  );
  const { model } = await loadTenantConfig(db, tenant, HUBSPOT_DEFAULTS);
  await saveFunnelModel(
    db,
    tenant.id,
    {
      ...model,
      stages: model.stages.map((stage) =>
        stage.key === 'mql' && stage.sla
          ? {
              ...stage,
              sla: {
                ...stage.sla,
                breachActions: [
                  { kind: 'notify', target: 'owner' },
                  { kind: 'notify', target: 'manager' },
                  { kind: 'reassign', queue: 'inside' },
                ],
              },
            }
          : stage,
      ),
    },
    change,
  );
}

describe(`SLA enforcement with two schedulers (${engineUnderTest})`, () => {
  it('records each breach once and carries out each of its actions once', async () => {
    const standIn: HubSpotStandIn = await startStandIn();
    closers.push(() => standIn.close());
    standIn.addOwners(OWNERS);
    const encryptionKey = generateEncryptionKey();
    let store: TestStore | undefined;
    let dataDir = 'unused';
    if (engineUnderTest === 'postgres') {
      store = await openTestStore();
      closers.push(() => (store as TestStore).close());
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'baton-sla-'));
      closers.push(() => rm(dataDir, { recursive: true, force: true }));
    }
    const endpoint = {
      apiBaseUrl: standIn.baseUrl,
      authorizeUrl: standIn.authorizeUrl,
      clientId: APP.clientId,
      clientSecret: APP.clientSecret,
      appId: APP.appId,
    };
    const baton: RunningBaton = await startBaton(
      { dataDir, databaseUrl: store?.url, logger: silent, encryptionKey, worker: { maxWaitMs: 0 } },
      { hubspot: endpoint },
    );
    let batonOpen = true;
    closers.push(() => (batonOpen ? baton.close() : Promise.resolve()));
    standIn.setWebhookTarget(`${baton.batonUrl}/webhooks/hubspot`);
    const tenant = await installThroughOAuth(baton.database.db, baton.batonUrl, standIn);
    await configure(baton.database.db, tenant);

    const contacts = Array.from({ length: LEADS }, (_, i) =>
      standIn.createContact({
        email: `lead${i}@example.test`,
        lifecyclestage: 'marketingqualifiedlead',
        hubspot_owner_id: i % 2 === 0 ? '501' : '502',
      }),
    );
    await waitUntilSettled(standIn, baton.database.db, 30_000);
    standIn.setWebhookTarget(undefined);
    await baton.close();
    batonOpen = false;

    // Two Baton processes, both 49 h on, sweep and work the same store at the same time.
    const env = {
      PUBLIC_BASE_URL: baton.batonUrl,
      HUBSPOT_CLIENT_ID: APP.clientId,
      HUBSPOT_CLIENT_SECRET: APP.clientSecret,
      HUBSPOT_APP_ID: String(APP.appId),
      HUBSPOT_API_BASE_URL: standIn.baseUrl,
      HUBSPOT_AUTHORIZE_URL: standIn.authorizeUrl,
    };
    let db: Db;
    let race: (aheadMs: number) => Promise<SchedulerRun[]>;
    if (store?.url) {
      const url = store.url;
      // Node starts in well under 3 s here; both processes then begin at the same instant.
      race = () => {
        const startAt = Date.now() + 3_000;
        return Promise.all([0, 1].map(() => schedulerProcess(url, env, encryptionKey, startAt)));
      };
      db = store.db;
    } else {
      const database: Database = await openDatabase({ dataDir });
      closers.push(() => database.close());
      race = (aheadMs) =>
        Promise.all(
          [0, 1].map(() =>
            runScheduler({ database, env, encryptionKey, clock: () => new Date(Date.now() + aheadMs) }),
          ),
        );
      db = database.db;
    }
    const runs = await race(AHEAD_MS);
    // Both took part: each claimed work the other did not.
    expect(runs.map((run) => run.claimed > 0)).toEqual([true, true]);

    const turns = await db
      .select({ record: ledger.recordId, state: ledger.slaState })
      .from(ledger)
      .where(and(eq(ledger.tenantId, tenant.id), eq(ledger.kind, 'sla_state_changed')));
    expect(turns.filter((t) => t.state === 'breached')).toHaveLength(LEADS);
    expect(new Set(turns.filter((t) => t.state === 'breached').map((t) => t.record)).size).toBe(LEADS);
    expect(turns.filter((t) => t.state === 'at_risk')).toHaveLength(LEADS);

    // One task for the owner and one for the manager per lead, and no other.
    const tasks = standIn.tasks();
    expect(tasks).toHaveLength(2 * LEADS);
    for (const [i, contact] of contacts.entries()) {
      const ofContact = tasks.filter((t) => t.contactIds.includes(contact.id));
      expect(ofContact.map((t) => t.properties.hubspot_owner_id).sort()).toEqual(
        [i % 2 === 0 ? '501' : '502', '509'].sort(),
      );
      expect(ofContact[0]?.properties.hs_task_subject).toMatch(/^SLA breached: lead \d+ in MQL \(2 d\)$/);
    }

    // Each lead went to the other rep of the queue, once: the round robin moved once per pick.
    for (const [i, contact] of contacts.entries())
      expect(standIn.contact(contact.id)?.properties.hubspot_owner_id).toBe(i % 2 === 0 ? '502' : '501');
    const audit = await db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.actor, 'baton:sla')));
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    expect([count('sla_breach.notify'), count('sla_breach.reassign')]).toEqual([2 * LEADS, LEADS]);
    expect(audit.every((a) => (a.after as { done: boolean }).done)).toBe(true);
    const cursor = async () =>
      (await db.select().from(slaRoundRobin).where(eq(slaRoundRobin.tenantId, tenant.id)))[0]?.position;
    const picked = await cursor();
    expect(picked).toBeGreaterThanOrEqual(LEADS);

    // Restarted, with every lead's card written again (as a CRM change would ask): the breaches
    // are recorded already, so nothing acts on them a second time.
    await enqueue(
      db,
      contacts.map((c) => hubSpotWritebackItem(tenant, c.id, 'changed-in-crm')),
      new Date(Date.now() + AHEAD_MS),
    );
    const again = await race(AHEAD_MS + 3_600_000);
    expect(again.reduce((sum, run) => sum + run.claimed, 0)).toBeGreaterThanOrEqual(LEADS);
    expect(standIn.tasks()).toHaveLength(2 * LEADS);
    const audited = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.actor, 'baton:sla')));
    expect(audited).toHaveLength(3 * LEADS);
    expect(await cursor()).toBe(picked);
  }, 120_000);
});
