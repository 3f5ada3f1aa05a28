import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALESFORCE_EVENT } from '../../../../src/crm/salesforce/intake/salesforce-event-kind.ts';
import { settle } from '../../../../src/simulate/demo/salesforce/run-salesforce-demo.ts';
import { cardActions, inbox } from '../../../../src/store/schema.ts';
import type { Worker } from '../../../../src/worker/worker-loop.ts';
import { type FaultStack, startFaultStack } from './fault-stack.ts';
import {
  batonChangesPerLead,
  createWebLeads,
  expectCardsOnLeads,
  expectFactsOnce,
  NEW_MQL_FACTS,
  unfinishedWork,
} from './lead-checks.ts';

const LEADS = 12;
/** What Baton records for a handed-off Lead the rep works and then accepts, delivered once and in order. */
const ACCEPTED_FACTS = [
  ...NEW_MQL_FACTS,
  'handoff_event:accepted',
  'handoff_event:first_contact',
  'owner_function_changed:sal',
  'stage_entered:sal',
  'stage_exited:mql',
];
const REJECTED_FACTS = [...NEW_MQL_FACTS, 'handoff_event:rejected'];

/**
 * Salesforce may deliver an Outbound Message twice and out of order (each redelivery with the same
 * notification ids). The notifications only name Leads: Baton re-reads each, so a late or repeated
 * one finds nothing new, and every Lead's ledger is what one in-order delivery gives. The Leads
 * change twice in quick succession so a Lead's notifications travel in different messages.
 */
describe('Salesforce sync when Outbound Messages come twice and out of order', () => {
  let f: FaultStack;
  let worker: Worker;

  beforeAll(async () => {
    f = await startFaultStack({
      standIn: {
        // A seed under which the second change's message overtakes the first's, besides the copies.
        seed: 11,
        outbound: {
          flushMs: 5,
          retry: { baseDelayMs: 20, maxDelayMs: 200 },
          duplicates: { probability: 0.5, maxDelayMs: 150 },
          outOfOrder: { probability: 0.5, maxDelayMs: 150 },
        },
      },
    });
    // A running worker: late copies land after their first delivery was worked.
    worker = f.newWorker({ workerId: 'running', pollMs: 5, maxWaitMs: 0 });
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await f?.close();
  });

  it('records each Lead’s facts and each disposition once, as one in-order delivery would', async () => {
    const { standIn } = f.stack;
    const accepted = createWebLeads(standIn, LEADS, f.rep, 'Accepted');
    const rejected = createWebLeads(standIn, LEADS, f.rep, 'Rejected');
    await settle(f.stack, f.db, 20_000);

    const dispositions = new Map<string, string>();
    const dispose = (id: string, action: Record<string, string>) => {
      const requestId = randomUUID();
      dispositions.set(id, requestId);
      standIn.updateLead(
        id,
        { baton__Disposition__c: JSON.stringify({ id: requestId, ...action }) },
        { userId: f.rep },
      );
    };
    for (const id of accepted) standIn.updateLead(id, { Status: 'Working - Contacted' }, { userId: f.rep });
    for (const id of rejected) dispose(id, { action: 'reject', reasonCode: 'bad_fit' });
    await delay(25);
    for (const id of accepted) dispose(id, { action: 'accept' });
    for (const id of rejected) standIn.updateLead(id, { Rating: 'Cold' }, { userId: f.rep });
    await settle(f.stack, f.db, 20_000);

    // The org did send copies, and some notifications arrived after later ones.
    const stats = standIn.outboundStats();
    expect(stats.duplicatesSent).toBeGreaterThan(0);
    // Three notifications per Lead (created, then two changes), each stored once.
    expect(stats.notificationsAcknowledged).toBe(3 * 2 * LEADS);
    // Intake dedupes on the notification id (`om:<org>:<id>`); ids count up in the order the org made the changes.
    const stored = await f.db
      .select({ lead: inbox.recordKey, key: inbox.dedupeKey })
      .from(inbox)
      .where(eq(inbox.kind, SALESFORCE_EVENT))
      .orderBy(asc(inbox.id));
    expect(stored).toHaveLength(3 * 2 * LEADS);
    const arrived = new Map<string, string[]>();
    for (const { lead, key } of stored) {
      arrived.set(String(lead), [
        ...(arrived.get(String(lead)) ?? []),
        key.split(':')[2]?.slice(0, 15) ?? '',
      ]);
    }
    const overtaken = [...arrived.values()].filter((ids) =>
      ids.some((id, i) => i > 0 && id < (ids[i - 1] ?? '')),
    );
    expect(overtaken).toHaveLength(2 * LEADS);

    await expectFactsOnce(f.db, f.tenant.id, accepted, ACCEPTED_FACTS);
    await expectFactsOnce(f.db, f.tenant.id, rejected, REJECTED_FACTS);
    const recorded = await f.db
      .select({ recordId: cardActions.recordId, requestId: cardActions.requestId })
      .from(cardActions)
      .where(
        and(eq(cardActions.tenantId, f.tenant.id), inArray(cardActions.recordId, [...dispositions.keys()])),
      );
    expect(recorded.map((r) => `${r.recordId} ${r.requestId}`).sort()).toEqual(
      [...dispositions].map(([id, requestId]) => `${id} salesforce-disposition:${requestId}`).sort(),
    );
    await expectCardsOnLeads(f.db, standIn, f.tenant, accepted, { stage: 'sal', now: f.clock.now() });
    await expectCardsOnLeads(f.db, standIn, f.tenant, rejected, { stage: 'mql', now: f.clock.now() });
    for (const id of rejected) expect(standIn.lead(id)?.baton__Rejection_Reason__c).toBe('bad_fit');
    // Each Lead's card was written when it arrived and when its rep decided; no copy made Baton write again.
    expect(batonChangesPerLead(standIn, [...accepted, ...rejected])).toEqual(Array(2 * LEADS).fill(2));
    expect(await unfinishedWork(f.db)).toEqual([]);
  });
});
