import { Writable } from 'node:stream';
import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubSpotObjectRecordKey } from '../../src/crm/hubspot/hubspot-record-keys.ts';
import type { HubSpotRecordsPort } from '../../src/crm/hubspot/sync/hubspot-records-port.ts';
import { createHubSpotSync } from '../../src/crm/hubspot/sync/hubspot-sync.ts';
import {
  HUBSPOT_WRITEBACK,
  hubSpotWritebackItem,
} from '../../src/crm/hubspot/sync/hubspot-writeback-handler.ts';
import { createLogger } from '../../src/log.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { appendLedgerEntries } from '../../src/store/ledger.ts';
import { inbox } from '../../src/store/schema.ts';
import { saveSlaClocks } from '../../src/store/sla-clocks.ts';
import { setTenantStatus, type Tenant } from '../../src/store/tenants.ts';
import { HandlerRegistry } from '../../src/worker/handler-registry.ts';
import { createWritebackHandler } from '../../src/worker/handlers/crm-writeback-handler.ts';
import { sweepSlaClocks } from '../../src/worker/sla-sweep.ts';
import { createWorker } from '../../src/worker/worker-loop.ts';
import { HUBSPOT_DEFAULTS } from '../fixtures/hubspot-defaults.ts';
import { at, handoffEntries, installTenant } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

let store: TestStore;
let tenant: Tenant;
beforeEach(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
});
afterEach(async () => {
  await store.close();
});

const SYNC = { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey };

async function clocked(
  recordId: string,
  state: 'on_track' | 'at_risk' | 'met',
  turn: number,
  owner = tenant,
) {
  await saveSlaClocks(
    store.db,
    owner.id,
    'contacts',
    [
      {
        recordId,
        clock: { stage: 'mql', state, atRiskAt: at(turn).getTime(), dueAt: at(turn + 60).getTime() },
      },
    ],
    at(0),
  );
}

async function queuedKeys() {
  const rows = await store.db
    .select({ key: inbox.dedupeKey })
    .from(inbox)
    .where(and(eq(inbox.tenantId, tenant.id), like(inbox.dedupeKey, 'writeback:%')));
  return rows.map((r) => r.key).sort();
}

describe('SLA sweep', () => {
  it("queues a write-back once per clock's turn, paging through them", async () => {
    await clocked('1', 'on_track', 30);
    await clocked('2', 'at_risk', 0);
    await clocked('3', 'met', 10);
    await clocked('4', 'on_track', 600);

    // Pages of 1 make the sweep page through the due clocks.
    expect(await sweepSlaClocks(store.db, 'hubspot', SYNC, at(61), 1)).toEqual({ due: 2, queued: 2 });
    expect(await queuedKeys()).toEqual(
      [
        `writeback:${tenant.externalId}:contacts:1:sla:${at(30).toISOString()}`,
        `writeback:${tenant.externalId}:contacts:2:sla:${at(60).toISOString()}`,
      ].sort(),
    );
    // Until their write-backs run and move the clocks on, a later pass queues nothing new.
    expect(await sweepSlaClocks(store.db, 'hubspot', SYNC, at(62))).toEqual({ due: 2, queued: 0 });
  });

  it('queues the clocks of two portals that hold the same record id, each once', async () => {
    const other = await installTenant(store.db, 'Globex');
    for (const owner of [tenant, other]) await clocked('101', 'on_track', 30, owner);
    expect(await sweepSlaClocks(store.db, 'hubspot', SYNC, at(31))).toEqual({ due: 2, queued: 2 });
  });

  it("leaves uninstalled tenants' records alone", async () => {
    await clocked('1', 'on_track', 1);
    await setTenantStatus(store.db, tenant.id, 'uninstalled', at(2));
    expect(await sweepSlaClocks(store.db, 'hubspot', SYNC, at(90))).toEqual({ due: 0, queued: 0 });
  });

  it('turns a clock nobody touched into breached in HubSpot, with no webhook at all', async () => {
    // An MQL handed off at T0 and never answered: its 48 h accept-or-reject clock runs out.
    await appendLedgerEntries(store.db, tenant.id, handoffEntries('7').slice(0, 2));
    const sent: { id: string; properties: Readonly<Record<string, string>> }[] = [];
    const hubspot: HubSpotRecordsPort = {
      readContacts: async () => new Map(),
      readLeads: async () => new Map(),
      contactsOfLeads: async () => new Map(),
      leadsOfContacts: async () => new Map(),
      updateLeads: async () => ({ rejected: [] }),
      tasksOfContacts: async () => new Map(),
      readTasks: async () => new Map(),
      createTasks: async () => ({ created: new Map(), rejected: new Map() }),
      async updateContacts(_tenantId, updates) {
        sent.push(...updates);
        return { rejected: [] };
      },
    };
    let now = at(1);
    const worker = createWorker({
      database: store,
      handlers: new HandlerRegistry().on(
        HUBSPOT_WRITEBACK,
        createWritebackHandler(
          store.db,
          createHubSpotSync({ db: store.db, records: hubspot, logger: silent }),
          HUBSPOT_DEFAULTS,
          silent,
        ),
      ),
      logger: silent,
      clock: () => now,
    });
    const drain = async () => {
      while ((await worker.runOnce()).claimed > 0);
    };

    // The hand-off's own write-back computes the clock and stores it.
    await enqueue(store.db, [hubSpotWritebackItem(tenant, '7', 'handed-off')], now);
    await drain();
    expect(sent.map((u) => u.properties.baton_sla_state)).toEqual(['on_track']);

    // Nothing changes in HubSpot; the sweep alone turns the clock at risk, then breached.
    for (const [hours, state] of [
      [37, 'at_risk'],
      [49, 'breached'],
    ] as const) {
      now = at(hours * 60);
      expect((await sweepSlaClocks(store.db, 'hubspot', SYNC, now)).queued).toBe(1);
      await drain();
      expect(sent.at(-1)).toMatchObject({ id: '7', properties: { baton_sla_state: state } });
    }
    expect(sent).toHaveLength(3);
    // A breached clock turns no further: no pass finds it again.
    expect(await sweepSlaClocks(store.db, 'hubspot', SYNC, at(60 * 60))).toEqual({ due: 0, queued: 0 });
  });
});
