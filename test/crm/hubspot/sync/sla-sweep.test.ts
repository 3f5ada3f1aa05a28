import { Writable } from 'node:stream';
import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotRecordsPort } from '../../../../src/crm/hubspot/sync/hubspot-records-port.ts';
import { createHubSpotSync } from '../../../../src/crm/hubspot/sync/hubspot-sync.ts';
import { HUBSPOT_WRITEBACK } from '../../../../src/crm/hubspot/sync/hubspot-writeback-handler.ts';
import { sweepHubSpotSlaClocks } from '../../../../src/crm/hubspot/sync/sla-sweep.ts';
import { createLogger } from '../../../../src/log.ts';
import { appendLedgerEntries } from '../../../../src/store/ledger.ts';
import { inbox } from '../../../../src/store/schema.ts';
import { upsertSnapshots } from '../../../../src/store/snapshots.ts';
import { setTenantStatus, type Tenant } from '../../../../src/store/tenants.ts';
import { HandlerRegistry } from '../../../../src/worker/handler-registry.ts';
import { createWritebackHandler } from '../../../../src/worker/handlers/crm-writeback-handler.ts';
import { createWorker } from '../../../../src/worker/worker-loop.ts';
import { at, handoffEntries, installTenant, MINUTE } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const HOUR = 60 * MINUTE;

let store: TestStore;
let tenant: Tenant;
beforeEach(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
});
afterEach(async () => {
  await store.close();
});

async function written(recordId: string, properties: Record<string, string>, owner = tenant) {
  await upsertSnapshots(
    store.db,
    owner.id,
    [{ objectType: 'contacts', recordId, properties, observedAt: at(0).getTime() }],
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
  it('queues a write-back once per passed due time and once per window for running clocks', async () => {
    const due = at(60).toISOString();
    await written('1', { baton_sla_state: 'on_track', baton_sla_due_at: due });
    await written('2', { baton_sla_state: 'at_risk', baton_sla_due_at: at(600).toISOString() });
    await written('3', { baton_sla_state: 'met', baton_sla_due_at: at(10).toISOString() });
    await written('4', { baton_sla_state: 'on_track', baton_sla_due_at: 'next tuesday' });
    await written('5', { lifecyclestage: 'lead' });

    // Pages of 2 make the sweep page through the running clocks.
    const first = await sweepHubSpotSlaClocks(store.db, at(61), { atRiskEveryMs: HOUR, pageSize: 2 });
    expect(first).toEqual({ due: 1, rechecked: 3, queued: 4 });
    const window = Math.floor(at(61).getTime() / HOUR);
    expect(await queuedKeys()).toEqual(
      [
        `writeback:${tenant.externalId}:contacts:1:sla-due:${due}`,
        `writeback:${tenant.externalId}:contacts:1:sla-window:${window}`,
        `writeback:${tenant.externalId}:contacts:2:sla-window:${window}`,
        `writeback:${tenant.externalId}:contacts:4:sla-window:${window}`,
      ].sort(),
    );

    expect((await sweepHubSpotSlaClocks(store.db, at(62), { atRiskEveryMs: HOUR })).queued).toBe(0);
    const dueOnly = await sweepHubSpotSlaClocks(store.db, at(61 + 60), {
      atRiskEveryMs: HOUR,
      recheckRunning: false,
    });
    expect(dueOnly).toEqual({ due: 1, rechecked: 0, queued: 0 });
    const nextWindow = await sweepHubSpotSlaClocks(store.db, at(61 + 60), { atRiskEveryMs: HOUR });
    expect(nextWindow.queued).toBe(3);
  });

  it('queues the clocks of two portals that hold the same record id, each once', async () => {
    const other = await installTenant(store.db, 'Globex');
    for (const owner of [tenant, other]) {
      await written('101', { baton_sla_state: 'on_track', baton_sla_due_at: at(30).toISOString() }, owner);
    }
    expect(await sweepHubSpotSlaClocks(store.db, at(31), { atRiskEveryMs: HOUR })).toEqual({
      due: 2,
      rechecked: 2,
      queued: 4,
    });
  });

  it("leaves uninstalled tenants' records alone", async () => {
    await written('1', { baton_sla_state: 'on_track', baton_sla_due_at: at(1).toISOString() });
    await setTenantStatus(store.db, tenant.id, 'uninstalled', at(2));
    expect(await sweepHubSpotSlaClocks(store.db, at(90))).toEqual({ due: 0, rechecked: 0, queued: 0 });
  });

  it('turns a clock nobody touched into breached in HubSpot, with no webhook at all', async () => {
    // An MQL handed off at T0 and never answered: its 48 h accept-or-reject clock runs out.
    await appendLedgerEntries(store.db, tenant.id, handoffEntries('7').slice(0, 2));
    await written('7', { baton_sla_state: 'on_track', baton_sla_due_at: at(48 * 60).toISOString() });
    const sent: { id: string; properties: Readonly<Record<string, string>> }[] = [];
    const hubspot: HubSpotRecordsPort = {
      readContacts: async () => new Map(),
      readLeads: async () => new Map(),
      contactsOfLeads: async () => new Map(),
      leadsOfContacts: async () => new Map(),
      updateLeads: async () => ({ rejected: [] }),
      async updateContacts(_tenantId, updates) {
        sent.push(...updates);
        return { rejected: [] };
      },
    };
    const later = at(49 * 60);
    const worker = createWorker({
      database: store,
      handlers: new HandlerRegistry().on(
        HUBSPOT_WRITEBACK,
        createWritebackHandler(
          store.db,
          createHubSpotSync({ db: store.db, records: hubspot, logger: silent }),
          silent,
        ),
      ),
      logger: silent,
      clock: () => later,
    });

    await sweepHubSpotSlaClocks(store.db, later);
    while ((await worker.runOnce()).claimed > 0);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ id: '7', properties: { baton_sla_state: 'breached' } });
    expect((await sweepHubSpotSlaClocks(store.db, at(50 * 60))).rechecked).toBe(0);
  });
});
