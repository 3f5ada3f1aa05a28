import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotRecordsApi } from '../../src/crm/hubspot/api/hubspot-records-api.ts';
import { HUBSPOT_BREACH_ACTION } from '../../src/crm/hubspot/sync/hubspot-breach-actions.ts';
import { createHubSpotSync } from '../../src/crm/hubspot/sync/hubspot-sync.ts';
import { HUBSPOT_WRITEBACK } from '../../src/crm/hubspot/sync/hubspot-writeback-handler.ts';
import { createLogger } from '../../src/log.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { appendLedgerEntries, readLedger } from '../../src/store/ledger.ts';
import { auditLog, inbox } from '../../src/store/schema.ts';
import { upsertSnapshot } from '../../src/store/snapshots.ts';
import type { Tenant } from '../../src/store/tenants.ts';
import { HandlerRegistry, type InboxHandler } from '../../src/worker/handler-registry.ts';
import { createBreachActionHandler } from '../../src/worker/handlers/breach-action-handler.ts';
import { createWorker } from '../../src/worker/worker-loop.ts';
import { API, batchAnswer, isolateNetwork, testHttp } from '../crm/hubspot/api/hubspot-test-kit.ts';
import { HUBSPOT_DEFAULTS } from '../fixtures/hubspot-defaults.ts';
import { at, handoffEntries, installTenant, T0 } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

let store: TestStore;
let tenant: Tenant;
beforeEach(async () => {
  isolateNetwork();
  store = await openTestStore();
  tenant = await installTenant(store.db);
});
afterEach(async () => {
  nock.cleanAll();
  await store.close();
});

const KEY = 'sla:mql:1:breached:0:notify';
const item = (key: string, step: unknown) => ({
  crm: 'hubspot' as const,
  externalAccountId: tenant.externalId,
  tenantId: tenant.id,
  dedupeKey: `breach:${tenant.externalId}:contacts:7:${key}`,
  recordKey: 'contacts:7',
  payload: {
    type: HUBSPOT_BREACH_ACTION,
    key,
    objectType: 'contacts',
    recordId: '7',
    clock: { stage: 'mql', startedAt: T0 },
    step,
    notice: { subject: 'SLA breached: lead 7 in MQL (2 d)', body: 'Not answered.' },
  },
});
const task = (id: string, body: string) => ({
  id,
  properties: { hs_task_body: body },
  createdAt: at(0).toISOString(),
  updatedAt: at(0).toISOString(),
  archived: false,
});

/** An MQL that entered at T0 and was never answered: 50 h on, its 48 h clock stands breached. */
async function breachedLead(): Promise<void> {
  await appendLedgerEntries(store.db, tenant.id, handoffEntries('7').slice(0, 2));
  await upsertSnapshot(
    store.db,
    tenant.id,
    {
      objectType: 'contacts',
      recordId: '7',
      properties: { lifecyclestage: 'marketingqualifiedlead' },
      observedAt: at(0).getTime(),
    },
    at(0),
  );
}

function setUp(failFirstCommit: boolean) {
  let now = at(3000);
  const { http } = testHttp({ clock: () => now });
  const sync = createHubSpotSync({ db: store.db, records: createHubSpotRecordsApi(http), logger: silent });
  const handler = createBreachActionHandler(store.db, sync, HUBSPOT_DEFAULTS, silent);
  let failures = failFirstCommit ? 1 : 0;
  // The process dies between the CRM call and the commit: the task exists, the item is not done.
  const crashing: InboxHandler<unknown> = {
    prepare: (items, prepareNow) =>
      (handler.prepare as NonNullable<typeof handler.prepare>)(items, prepareNow),
    async apply(tx, items, prepared, applyNow) {
      if (failures-- > 0) throw new Error('connection terminated unexpectedly');
      await handler.apply(tx, items, prepared as never, applyNow);
    },
  };
  const worker = createWorker({
    database: store,
    handlers: new HandlerRegistry().on(HUBSPOT_BREACH_ACTION, crashing),
    logger: silent,
    clock: () => now,
    random: () => 0,
  });
  return {
    worker,
    advance: (minutes: number) => {
      now = at(minutes);
    },
  };
}

describe('breach action handler', () => {
  it('creates the task once when the first try dies after HubSpot created it', async () => {
    let created = 0;
    nock(API)
      .post('/crm/v3/objects/tasks/batch/create')
      .reply(201, async (request: Request) => {
        created += 1;
        const { inputs } = (await request.json()) as { inputs: { properties: { hs_task_body: string } }[] };
        return batchAnswer(inputs.map((input) => task('77', input.properties.hs_task_body)));
      })
      .post('/crm/v4/associations/contacts/tasks/batch/read')
      .reply(
        200,
        batchAnswer([{ from: { id: '7' }, to: [{ toObjectId: 77, associationTypes: [{ typeId: 204 }] }] }]),
      )
      .post('/crm/v3/objects/tasks/batch/read')
      .query(true)
      .reply(200, batchAnswer([task('77', `Not answered.\n\n[Baton SLA ${KEY}]`)]));
    await breachedLead();
    const { worker, advance } = setUp(true);
    await enqueue(store.db, [item(KEY, { kind: 'notify', target: 'owner', assignee: '501' })], at(3000));

    const first = await worker.runOnce();
    expect(first.retried).toBe(1);
    advance(3010);
    const second = await worker.runOnce();
    expect(second.done).toBe(1);

    expect(created).toBe(1);
    expect(nock.isDone()).toBe(true);
    const audit = await store.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenant.id));
    expect(audit).toEqual([
      {
        action: 'sla_breach.notify',
        after: {
          step: { kind: 'notify', target: 'owner', assignee: '501' },
          key: KEY,
          done: true,
          detail: 'task 77 (created by an earlier try)',
        },
      },
    ]);
  });

  it('records a lead returned to marketing as recycled for the breach, and writes its card again', async () => {
    await breachedLead();
    const updates: unknown[] = [];
    nock(API)
      .post('/crm/v3/objects/contacts/batch/update')
      .times(2)
      .reply(200, async (request: Request) => {
        const { inputs } = (await request.json()) as {
          inputs: { id: string; properties: Record<string, string> }[];
        };
        updates.push(...inputs.map((i) => i.properties));
        return batchAnswer(inputs.map((i) => ({ ...task(i.id, ''), properties: i.properties })));
      });
    const { worker, advance } = setUp(false);
    advance(3000);
    await enqueue(
      store.db,
      [item('sla:mql:1:breached:0:return_to_marketing', { kind: 'return_to_marketing' })],
      at(3000),
    );
    expect((await worker.runOnce()).done).toBe(1);

    expect(updates).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'lead', hs_lead_status: '' }]);
    const recycled = (await readLedger(store.db, tenant.id, '7')).filter((e) => e.event === 'recycled');
    expect(recycled).toMatchObject([
      { actor: 'baton:sla', reasonCode: 'sla_breached', occurredAt: at(3000).getTime() },
    ]);
    const writebacks = await store.db
      .select({ key: inbox.dedupeKey })
      .from(inbox)
      .where(and(eq(inbox.tenantId, tenant.id), eq(inbox.kind, HUBSPOT_WRITEBACK)));
    expect(writebacks).toHaveLength(1);
  });

  it('carries out nothing for a lead answered after its breach was queued', async () => {
    await breachedLead();
    // Sales accepted it a minute after the clock ran out; the step was queued before.
    await appendLedgerEntries(store.db, tenant.id, [
      {
        kind: 'handoff_event',
        recordId: '7',
        occurredAt: at(2890).getTime(),
        dedupeKey: `event:accepted:${at(2890).getTime()}`,
        event: 'accepted',
        stage: 'mql',
        ownerFunction: 'marketing',
        ownerPerson: '501',
      },
    ]);
    const { worker } = setUp(false);
    await enqueue(store.db, [item(KEY, { kind: 'notify', target: 'owner', assignee: '501' })], at(3000));
    expect((await worker.runOnce()).done).toBe(1);
    const audit = await store.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenant.id));
    expect(audit).toEqual([
      {
        after: {
          step: { kind: 'notify', target: 'owner', assignee: '501' },
          key: KEY,
          done: false,
          detail: 'the clock stopped before Baton acted',
        },
      },
    ]);
  });
});
