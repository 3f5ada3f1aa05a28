import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueReconciliation } from '../../src/crm/salesforce/sync/reconcile-leads.ts';
import { createLogger } from '../../src/log.ts';
import { installSalesforceThroughOAuth } from '../../src/simulate/demo/salesforce/install-salesforce.ts';
import {
  type SalesforceStack,
  startSalesforceStack,
} from '../../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import { inboxCounts } from '../../src/simulate/demo/wait-until-settled.ts';
import type { Db } from '../../src/store/database.ts';
import { cardActions, inbox, ledger } from '../../src/store/schema.ts';
import { getSnapshot } from '../../src/store/snapshots.ts';
import { type Tenant, updateTenantSettings } from '../../src/store/tenants.ts';
import { openTestStore } from '../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** Until every Outbound Message is acknowledged and the inbox has nothing left to do. */
async function settle(stack: SalesforceStack, db: Db, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await stack.standIn.whenOutboundMessagesDelivered(Math.max(1, deadline - Date.now()));
    const counts = await inboxCounts(db);
    if (!counts.pending && !counts.processing) {
      await stack.standIn.whenOutboundMessagesDelivered(Math.max(1, deadline - Date.now()));
      const again = await inboxCounts(db);
      if (!again.pending && !again.processing) return;
    }
    if (Date.now() > deadline) {
      const waiting = await db.select().from(inbox).where(ne(inbox.status, 'done'));
      const described = waiting.map((w) => ({
        kind: w.kind,
        attempts: w.attempts,
        next: w.nextAttemptAt,
        error: w.lastError,
      }));
      throw new Error(`not settled: ${JSON.stringify(counts)} ${JSON.stringify(described)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Baton and an org stand-in on a fresh store, with Baton installed in the org. */
async function installedOrg(): Promise<{ stack: SalesforceStack; tenant: Tenant; close(): Promise<void> }> {
  const store = await openTestStore();
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-sf-e2e-'));
  const stack = await startSalesforceStack({
    dataDir,
    ...(store.url ? { databaseUrl: store.url } : {}),
    logger: silent,
    worker: { maxWaitMs: 0 },
    standIn: { outbound: { flushMs: 5, retry: { baseDelayMs: 20, maxDelayMs: 100 } } },
  });
  const tenant = await installSalesforceThroughOAuth(stack.database.db, stack.batonUrl, stack.standIn.orgId);
  return {
    stack,
    tenant,
    async close() {
      await stack.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('Salesforce end to end on the real app: Outbound Message → SOQL read → ledger → collections write-back', () => {
  let org: Awaited<ReturnType<typeof installedOrg>>;
  let stack: SalesforceStack;
  let tenant: Tenant;
  let rep: string;
  let queue: string;

  beforeAll(async () => {
    org = await installedOrg();
    ({ stack, tenant } = org);
    const [user] = stack.standIn.addUsers([
      { firstName: 'Riley', lastName: 'Rep', email: 'riley@example.test' },
    ]);
    const [inbound] = stack.standIn.addQueues([{ name: 'Inbound' }]);
    rep = String(user?.Id);
    queue = String(inbound?.Id);
  });

  afterAll(async () => {
    await org?.close();
  });

  it('installs with the org’s own Lead statuses as the tenant’s journey mapping', () => {
    const settings = tenant.settings as { journeyMapping?: { statusEvents: { value: string }[] } };
    expect(settings.journeyMapping?.statusEvents.map((e) => e.value)).toEqual([
      'Working - Contacted',
      'Closed - Not Converted',
    ]);
  });

  it('a new Lead is read with Baton’s own token and gets its card in one read and one write', async () => {
    const { db } = stack.database;
    stack.standIn.resetCounters();
    const lead = stack.standIn.createLead({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Analytical Engines',
      Email: 'ada@engines.example',
      LeadSource: 'Web',
      OwnerId: rep,
    });
    const id = String(lead.Id);
    await settle(stack, db);
    const snapshot = await getSnapshot(db, tenant.id, 'Lead', id);
    expect(snapshot?.properties.Status).toBe('Open - Not Contacted');
    const written = stack.standIn.lead(id);
    expect(written?.baton__Stage__c).toBe('mql');
    // Waiting for sales to accept, the MQL stage is still marketing's (the demand waterfall).
    expect(written?.baton__Owner_Function__c).toBe('marketing');
    expect(written?.baton__First_Touch_Channel__c).toBe('website');
    const card = JSON.parse(String(written?.baton__Card__c));
    expect(card.recordId).toBe(id);
    expect(card.actions.canAccept).toBe(true);
    const calls = stack.standIn.callsByEndpoint();
    expect(calls['GET /query']).toBe(1);
    expect(calls['PATCH /composite/sobjects']).toBe(1);
    // Baton's own write is not a watched change: nothing comes back for it.
    expect(stack.standIn.changes().filter((c) => c.client === 'Baton').length).toBeGreaterThan(0);
  });

  it('the card’s Accept comes back through the Outbound Message and is recorded once, however often it is read', async () => {
    const { db } = stack.database;
    const lead = stack.standIn.createLead({
      LastName: 'Hopper',
      Company: 'Navy',
      OwnerId: queue,
      LeadSource: 'Web',
    });
    const id = String(lead.Id);
    await settle(stack, db);
    stack.standIn.updateLead(id, { OwnerId: rep });
    await settle(stack, db);
    const disposition = JSON.stringify({ id: 'f3c2a1b0-0000-4000-8000-000000000001', action: 'accept' });
    stack.standIn.updateLead(id, { baton__Disposition__c: disposition }, { userId: rep });
    await settle(stack, db);
    // Read again twice: a later change on the Lead, and the same disposition written again.
    stack.standIn.updateLead(id, { Status: 'Working - Contacted' }, { userId: rep });
    await settle(stack, db);
    stack.standIn.updateLead(id, { baton__Disposition__c: disposition, Rating: 'Hot' }, { userId: rep });
    await settle(stack, db);
    const accepted = await db
      .select()
      .from(ledger)
      .where(and(eq(ledger.tenantId, tenant.id), eq(ledger.recordId, id), eq(ledger.event, 'accepted')));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.actor).toBe(rep);
    const actions = await db.select().from(cardActions).where(eq(cardActions.tenantId, tenant.id));
    expect(actions.map((a) => a.requestId)).toContain(
      'salesforce-disposition:f3c2a1b0-0000-4000-8000-000000000001',
    );
    const written = stack.standIn.lead(id);
    expect(written?.baton__Accepted_At__c).toBeTruthy();
    expect(written?.baton__Stage__c).toBe('sal');
  });

  it('a reject with an unknown reason is refused once, recorded nowhere, and audited', async () => {
    const { db } = stack.database;
    const lead = stack.standIn.createLead({ LastName: 'Turing', Company: 'Bletchley', OwnerId: rep });
    const id = String(lead.Id);
    await settle(stack, db);
    const disposition = JSON.stringify({
      id: 'f3c2a1b0-0000-4000-8000-000000000002',
      action: 'reject',
      reasonCode: 'made_up',
    });
    stack.standIn.updateLead(id, { baton__Disposition__c: disposition }, { userId: rep });
    await settle(stack, db);
    const rejected = await db
      .select()
      .from(ledger)
      .where(and(eq(ledger.tenantId, tenant.id), eq(ledger.recordId, id), eq(ledger.event, 'rejected')));
    expect(rejected).toEqual([]);
    const [action] = await db
      .select()
      .from(cardActions)
      .where(eq(cardActions.requestId, 'salesforce-disposition:f3c2a1b0-0000-4000-8000-000000000002'));
    expect(action?.response).toMatchObject({ refused: { code: 'input_invalid' } });
  });
});

describe('Salesforce reconciliation: what the Outbound Messages never brought', () => {
  let org: Awaited<ReturnType<typeof installedOrg>>;
  let stack: SalesforceStack;
  let tenant: Tenant;

  beforeAll(async () => {
    org = await installedOrg();
    ({ stack, tenant } = org);
  });

  afterAll(async () => {
    await org?.close();
  });

  it('picks up Leads changed and deleted while the Flow was off, once, and skips Baton’s own writes', async () => {
    const { db } = stack.database;
    const { standIn } = stack;
    const [rep] = standIn.addUsers([{ firstName: 'Sam', lastName: 'Rep', email: 'sam@example.test' }]);
    const seen = standIn.createLead({ LastName: 'Seen', Company: 'A', LeadSource: 'Web' });
    const doomed = standIn.createLead({ LastName: 'Doomed', Company: 'B' });
    await settle(stack, db);
    // An admin switches the Flow off: changes go on, no Outbound Message says so.
    standIn.setOutboundTarget(undefined);
    const missed = Array.from({ length: 205 }, (_, i) =>
      standIn.createLead({ LastName: `Missed ${i}`, Company: 'C' }),
    );
    standIn.updateLead(String(seen.Id), { OwnerId: String(rep?.Id), Status: 'Working - Contacted' });
    standIn.deleteLead(String(doomed.Id));
    expect(await getSnapshot(db, tenant.id, 'Lead', String(missed[0]?.Id))).toBeNull();

    standIn.resetCounters();
    expect(await queueReconciliation(db, new Date())).toBe(1);
    // The same window queued again, from another process say, is one pass.
    expect(await queueReconciliation(db, new Date())).toBe(0);
    await settle(stack, db);

    for (const lead of missed) {
      expect((await getSnapshot(db, tenant.id, 'Lead', String(lead.Id)))?.properties.Status).toBe(
        'Open - Not Contacted',
      );
    }
    expect((await getSnapshot(db, tenant.id, 'Lead', String(seen.Id)))?.properties.Status).toBe(
      'Working - Contacted',
    );
    expect(await getSnapshot(db, tenant.id, 'Lead', String(doomed.Id))).toBeNull();
    expect(standIn.lead(String(missed[204]?.Id))?.baton__Stage__c).toBe('mql');
    const calls = standIn.callsByEndpoint();
    // Two pages of 200 (the second queued by the first being full), and the write-backs.
    expect(calls['GET /queryAll']).toBeGreaterThanOrEqual(2);

    // A later pass finds only Baton's own write-backs since: nothing new, nothing written.
    const before = standIn.changes().filter((c) => c.client === 'Baton').length;
    // A window of 1 ms: a new window, so a new pass.
    await queueReconciliation(db, new Date(), 1);
    await settle(stack, db);
    expect(standIn.changes().filter((c) => c.client === 'Baton').length).toBe(before);
    const stages = await db
      .select()
      .from(ledger)
      .where(and(eq(ledger.tenantId, tenant.id), eq(ledger.recordId, String(missed[0]?.Id))));
    expect(new Set(stages.map((s) => s.dedupeKey)).size).toBe(stages.length);
  });
});

describe('Salesforce SLA breaches: tasks for the owner and the manager, once', () => {
  let org: Awaited<ReturnType<typeof installedOrg>>;
  let stack: SalesforceStack;
  let tenant: Tenant;

  beforeAll(async () => {
    org = await installedOrg();
    ({ stack, tenant } = org);
  });

  afterAll(async () => {
    await org?.close();
  });

  it('a lead left unanswered past its accept-or-reject target gets a High task for its rep and one for the manager', async () => {
    const { db } = stack.database;
    const { standIn } = stack;
    const [rep, manager] = standIn.addUsers([
      { firstName: 'Kim', lastName: 'Rep', email: 'kim@example.test' },
      { firstName: 'Lee', lastName: 'Manager', email: 'lee@example.test' },
    ]);
    await updateTenantSettings(
      db,
      tenant.id,
      (settings) => ({ ...settings, slaRouting: { defaultManager: String(manager?.Id) } }),
      { actor: 'test', now: new Date() },
    );
    // Handed to the rep four days ago, and nobody answered since.
    standIn.setRecordClock(() => new Date(Date.now() - 4 * 86_400_000));
    const lead = standIn.createLead({ LastName: 'Waiting', Company: 'Slow Co', OwnerId: String(rep?.Id) });
    standIn.setRecordClock(null);
    await settle(stack, db);
    await settle(stack, db);
    const breaches = await db
      .select()
      .from(ledger)
      .where(
        and(
          eq(ledger.tenantId, tenant.id),
          eq(ledger.kind, 'sla_state_changed'),
          eq(ledger.slaState, 'breached'),
        ),
      );
    expect(breaches).toHaveLength(1);
    const tasks = standIn.tasks().filter((t) => t.WhoId === lead.Id);
    expect(tasks.map((t) => t.OwnerId).sort()).toEqual([String(rep?.Id), String(manager?.Id)].sort());
    expect(tasks.every((t) => t.Priority === 'High' && String(t.Description).includes('[Baton SLA '))).toBe(
      true,
    );
    // The write-back runs again (a sweep, a later change): the breach is not acted on twice.
    standIn.updateLead(String(lead.Id), { Rating: 'Warm' });
    await settle(stack, db);
    expect(standIn.tasks().filter((t) => t.WhoId === lead.Id)).toHaveLength(2);
  });
});
