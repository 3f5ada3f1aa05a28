import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_EVENT } from '../../../../src/crm/salesforce/intake/salesforce-event-kind.ts';
import { SALESFORCE_WRITEBACK } from '../../../../src/crm/salesforce/sync/salesforce-sync.ts';
import type { InboxRow } from '../../../../src/store/inbox-intake.ts';
import { cardActions } from '../../../../src/store/schema.ts';
import { HandlerRegistry, type InboxHandler } from '../../../../src/worker/handler-registry.ts';
import { engineUnderTest } from '../../../store/harness.ts';
import { type FaultStack, startFaultStack } from './fault-stack.ts';
import {
  batonChangesPerLead,
  batonWritesPerLead,
  createWebLeads,
  expectCardsOnLeads,
  expectFactsOnce,
  NEW_MQL_FACTS,
  statusesOf,
  unfinishedWork,
} from './lead-checks.ts';

const READ = 'GET /query';
const WRITE = 'PATCH /composite/sobjects';
const LEASE_MS = 10_000;
const ACCEPTED_FACTS = [...NEW_MQL_FACTS, 'handoff_event:accepted'];

/** Baton's handlers, except that one kind's work stops after its CRM calls (`prepare`) until released. */
class FreezeAfterPrepare extends HandlerRegistry {
  readonly #inner: HandlerRegistry;
  readonly #kind: string;
  readonly #gate = Promise.withResolvers<void>();
  readonly #reached = Promise.withResolvers<void>();
  /** Resolves once a batch of the kind has made its calls and stopped. */
  readonly reached = this.#reached.promise;

  constructor(inner: HandlerRegistry, kind: string) {
    super();
    this.#inner = inner;
    this.#kind = kind;
  }

  release(): void {
    this.#gate.resolve();
  }

  override resolve(item: InboxRow): InboxHandler<unknown> | undefined {
    const handler = this.#inner.resolve(item);
    if (!handler || item.kind !== this.#kind) return handler;
    return {
      ...handler,
      prepare: async (items, now) => {
        const prepared = await handler.prepare?.(items, now);
        this.#reached.resolve();
        await this.#gate.promise;
        return prepared;
      },
    };
  }

  override recordsPerCall(type: string): number | undefined {
    return this.#inner.recordsPerCall(type);
  }
}

/** Another Baton process on the server database, as a second machine would run it; killed by the test. */
function workerProcess(f: FaultStack) {
  const child = spawn(process.execPath, ['test/crm/salesforce/faults/worker-process.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      BATON_FAULTS_DATABASE_URL: f.databaseUrl,
      BATON_FAULTS_ENV: JSON.stringify(f.env),
      BATON_FAULTS_OFFSET_MS: String(f.clock.now().getTime() - Date.now()),
      BATON_FAULTS_LEASE_MS: String(LEASE_MS),
      TOKEN_ENCRYPTION_KEY: f.encryptionKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, exited, errors: () => err };
}

/**
 * A worker dies holding a claim: frozen between its read and its apply, or between Salesforce
 * applying its write and Baton recording it, or its process killed outright mid-write. The claim's
 * lease runs out, another worker takes the work and finishes it, and a worker that wakes late
 * commits nothing: each fact and each disposition is recorded once.
 */
describe(`Salesforce sync when a worker dies mid-batch (${engineUnderTest})`, () => {
  let f: FaultStack;

  beforeAll(async () => {
    f = await startFaultStack({ worker: { leaseMs: LEASE_MS } });
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(() => {
    f.stack.standIn.resetCounters();
  });

  /** A handed-off Lead whose rep accepts it on the card: the Accept arrives with the next Outbound Message. */
  async function acceptedOnTheCard(name: string) {
    const [id = ''] = createWebLeads(f.stack.standIn, 1, f.rep, name);
    await f.drain();
    const requestId = randomUUID();
    f.stack.standIn.updateLead(
      id,
      { baton__Disposition__c: JSON.stringify({ id: requestId, action: 'accept' }) },
      { userId: f.rep },
    );
    return { id, requestId };
  }

  async function expectAcceptedOnce(accepted: { id: string; requestId: string }) {
    await expectFactsOnce(f.db, f.tenant.id, [accepted.id], ACCEPTED_FACTS);
    const recorded = await f.db
      .select()
      .from(cardActions)
      .where(
        and(
          eq(cardActions.tenantId, f.tenant.id),
          eq(cardActions.requestId, `salesforce-disposition:${accepted.requestId}`),
        ),
      );
    expect(recorded).toHaveLength(1);
    expect(f.stack.standIn.lead(accepted.id)?.baton__Accepted_At__c).toBeTruthy();
  }

  it('frozen between its read and its apply: another worker finishes after the lease, the late apply commits nothing', async () => {
    const { standIn } = f.stack;
    const accepted = await acceptedOnTheCard('Accepted before the freeze');
    const ids = createWebLeads(standIn, 4, f.rep, 'Frozen read');
    await standIn.whenOutboundMessagesDelivered(10_000);
    standIn.resetCounters();
    const freezing = new FreezeAfterPrepare(f.handlers, SALESFORCE_EVENT);
    const late = f.newWorker({ workerId: 'frozen', handlers: freezing }).runOnce();
    await freezing.reached;
    expect(statusesOf(standIn, READ)).toEqual([200]);

    // The claim holds until its lease runs out; then the work is another worker's.
    expect(await f.drain()).toMatchObject({ claimed: 0 });
    f.clock.advance(LEASE_MS + 1);
    // Five notifications, and six write-backs: the accepted Lead's card is queued for its change and for the Accept.
    expect(await f.drain()).toMatchObject({ claimed: 11, done: 11, retried: 0, dead: 0 });
    freezing.release();
    expect(await late).toMatchObject({ claimed: 5, done: 0, retried: 0, dead: 0 });
    expect(await f.drain()).toMatchObject({ claimed: 0 });

    expect(statusesOf(standIn, READ)).toEqual([200, 200]);
    expect(statusesOf(standIn, WRITE)).toEqual([200]);
    await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);
    await expectAcceptedOnce(accepted);
    await expectCardsOnLeads(f.db, standIn, f.tenant, [...ids, accepted.id], {
      stage: 'mql',
      now: f.clock.now(),
    });
    // The accepted Lead's card was written when it arrived and once after the Accept.
    expect(batonWritesPerLead(standIn, [...ids, accepted.id])).toEqual([1, 1, 1, 1, 2]);
    expect(await unfinishedWork(f.db)).toEqual([]);
  });

  it('frozen after Salesforce applied its write, before Baton recorded it: the next worker sends the same values again', async () => {
    const { standIn } = f.stack;
    const ids = createWebLeads(standIn, 3, f.rep, 'Frozen write');
    await standIn.whenOutboundMessagesDelivered(10_000);
    expect(await f.worker.runOnce()).toMatchObject({ claimed: 3, done: 3 });
    const freezing = new FreezeAfterPrepare(f.handlers, SALESFORCE_WRITEBACK);
    const late = f.newWorker({ workerId: 'frozen', handlers: freezing }).runOnce();
    await freezing.reached;
    expect(statusesOf(standIn, WRITE)).toEqual([200]);
    const firstWrite = ids.map((id) => standIn.lead(id));

    expect(await f.drain()).toMatchObject({ claimed: 0 });
    f.clock.advance(LEASE_MS + 1);
    expect(await f.drain()).toMatchObject({ claimed: 3, done: 3, retried: 0, dead: 0 });
    freezing.release();
    expect(await late).toMatchObject({ claimed: 3, done: 0 });

    // Writes set values: the second sends what the first did, and the Leads hold the same card.
    expect(statusesOf(standIn, WRITE)).toEqual([200, 200]);
    expect(batonWritesPerLead(standIn, ids)).toEqual([2, 2, 2]);
    expect(batonChangesPerLead(standIn, ids)).toEqual([1, 1, 1]);
    for (const [index, id] of ids.entries()) {
      const baton = (lead: (typeof firstWrite)[number]) =>
        Object.entries(lead ?? {}).filter(([name]) => name.startsWith('baton__'));
      expect(baton(standIn.lead(id))).toEqual(baton(firstWrite[index]));
    }
    await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);
    await expectCardsOnLeads(f.db, standIn, f.tenant, ids, { stage: 'mql', now: f.clock.now() });
    expect(await unfinishedWork(f.db)).toEqual([]);
  });

  it('a Baton process killed while its write hangs: the lease runs out, another finishes, nothing twice', async () => {
    const { standIn } = f.stack;
    const accepted = await acceptedOnTheCard('Accepted before the kill');
    const ids = createWebLeads(standIn, 4, f.rep, 'Killed');
    await standIn.whenOutboundMessagesDelivered(10_000);
    standIn.resetCounters();
    // Embedded, the abandoned worker's call is dropped once the survivor has long finished.
    const hangMs = f.databaseUrl ? 30_000 : 4_000;
    standIn.injectFailures({ kind: 'timeout', count: 1, hangMs, path: '/composite/sobjects' });
    const writeHangs = async () => {
      for (let waited = 0; !statusesOf(standIn, WRITE).includes(0); waited += 20) {
        if (waited > 20_000) throw new Error('the worker never sent its write');
        await delay(20);
      }
    };
    let abandoned: Promise<unknown> = Promise.resolve();
    if (f.databaseUrl) {
      // A second machine: a real process on the same server database, killed without warning.
      const worker = workerProcess(f);
      await writeHangs().catch((error: unknown) => {
        worker.child.kill('SIGKILL');
        throw new Error(`${String(error)}: ${worker.errors()}`);
      });
      worker.child.kill('SIGKILL');
      expect(await worker.exited).toBe('SIGKILL');
    } else {
      // Embedded PGlite serves one process: the worker that dies is one this process abandons.
      const doomed = f.newWorker({ workerId: 'doomed' });
      expect(await doomed.runOnce()).toMatchObject({ claimed: 5, done: 5 });
      abandoned = doomed.runOnce();
      abandoned.catch(() => undefined);
      await writeHangs();
    }
    expect(statusesOf(standIn, READ)).toEqual([200]);
    await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);

    expect(await f.drain()).toMatchObject({ claimed: 0 });
    f.clock.advance(LEASE_MS + 1);
    expect(await f.drain()).toMatchObject({ claimed: 6, done: 6, retried: 0, dead: 0 });
    // The abandoned worker's call fails when the org drops it; the work is no longer its to fail.
    await abandoned;
    expect(await f.drain()).toMatchObject({ claimed: 0 });

    expect(statusesOf(standIn, READ)).toEqual([200]);
    expect(statusesOf(standIn, WRITE)).toEqual([0, 200]);
    await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);
    await expectAcceptedOnce(accepted);
    await expectCardsOnLeads(f.db, standIn, f.tenant, [...ids, accepted.id], {
      stage: 'mql',
      now: f.clock.now(),
    });
    expect(batonWritesPerLead(standIn, [...ids, accepted.id])).toEqual([1, 1, 1, 1, 2]);
    expect(await unfinishedWork(f.db)).toEqual([]);
  }, 60_000);
});
