import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Environment, parseEnvironment } from '../../src/config/environment.ts';
import type { QualificationDefinition } from '../../src/core/qualification/definition.ts';
import { connectCrms } from '../../src/crm/connect-crms.ts';
import { createLogger } from '../../src/log.ts';
import type { CrmAdapter, RecordWriteResult, SyncBatch } from '../../src/pipeline/crm-port.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { enqueueRecordEvents } from '../../src/store/inbox-intake.ts';
import { refreshLeadFacts } from '../../src/store/lead-facts.ts';
import { decodeJourney } from '../../src/store/lead-facts-codec.ts';
import { readLedger } from '../../src/store/ledger.ts';
import { saveQualificationDefinition } from '../../src/store/qualification-definitions.ts';
import { getQualificationResult } from '../../src/store/qualification-results.ts';
import { inbox, leadFacts, slaClocks } from '../../src/store/schema.ts';
import { getSnapshots } from '../../src/store/snapshots.ts';
import { createTenant, findTenantByExternalId, type Tenant } from '../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { createWorker, type Worker } from '../../src/worker/worker-loop.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

/*
 * A CRM made up for this test, wired through the port alone: an in-memory record store, its own
 * notification route, its own read and write. Nothing below imports HubSpot code. It runs under
 * the `salesforce` key only because tenants are checked against the CRMs Baton knows.
 */

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const ACCOUNT = 'org-7';
const LEADS = 'leads';
/** The fake CRM refuses writes to this record, as a CRM refuses a locked one. */
const LOCKED = 'L-9';

const notificationSchema = z.object({
  account: z.string(),
  events: z.array(
    z.object({
      id: z.string(),
      recordId: z.string(),
      action: z.enum(['changed', 'deleted', 'merged']),
      into: z.string().optional(),
      email: z.string().optional(),
    }),
  ),
});
type Notification = z.infer<typeof notificationSchema>['events'][number];

interface FakeCrm {
  readonly records: Map<string, { properties: Record<string, string>; updatedAt: number }>;
  readonly written: Map<string, Record<string, string>>;
  readonly reads: string[][];
}

function fakeAdapter(crm: FakeCrm): CrmAdapter<Environment> {
  return {
    crm: 'salesforce',
    // The CRM's own vocabulary: its status field places records in the preset's stages.
    defaults: {
      presetKey: 'demand_waterfall',
      stageMappings: {
        demand_waterfall: {
          mql: [{ property: 'Status', values: ['Open - Not Contacted'] }],
          sal: [{ property: 'Status', values: ['Working - Contacted'] }],
        },
        marketing_then_sales: {},
        tofu_mofu_bofu: {},
        three_owner_journey: {},
        marketing_qualifies_sales_closes: {},
      },
      journeyMapping: { ownerProperty: 'OwnerId', createdAtProperty: 'CreatedDate', statusEvents: [] },
      sourceMapping: { Web: 'website' },
      starterDefinition: () => definition,
    },
    connect({ db, clock }) {
      const intake = express.Router();
      intake.post('/fake-crm/notify', express.json(), async (req, res) => {
        const body = notificationSchema.parse(req.body);
        const tenant = await findTenantByExternalId(db, 'salesforce', body.account);
        const stored = await enqueueRecordEvents(
          db,
          'fake_event',
          body.events.map((event) => ({
            crm: 'salesforce',
            externalAccountId: body.account,
            tenantId: tenant?.id ?? null,
            dedupeKey: `${body.account}:${event.id}`,
            recordKey: `${LEADS}:${event.recordId}`,
            payload: event,
          })),
          clock(),
        );
        res.json(stored);
      });
      return {
        routers: [intake],
        sync: {
          eventKind: 'fake_event',
          writebackKind: 'fake_writeback',
          recordKey: ({ objectType, recordId }) => `${objectType}:${recordId}`,
          personalEventFields: ['email'],
          async read(_tenant, _config, items): Promise<SyncBatch> {
            const events = items.flatMap((item) => (item.payload as { events: Notification[] }).events);
            const deleted = events.filter((e) => e.action === 'deleted').map((e) => e.recordId);
            const merges = events
              .filter((e) => e.action === 'merged' && e.into !== undefined)
              .map((e) => ({ objectType: LEADS, into: e.into as string, from: [e.recordId] }));
            const toRead = [
              ...new Set([
                ...events.filter((e) => e.action === 'changed').map((e) => e.recordId),
                ...merges.map((m) => m.into),
              ]),
            ];
            crm.reads.push(toRead);
            return {
              purges: deleted.map((recordId) => ({ objectType: LEADS, recordId })),
              merges,
              changes: toRead.flatMap((id) => {
                const record = crm.records.get(id);
                if (!record) return [];
                return [
                  {
                    objectType: LEADS,
                    snapshot: {
                      crm: 'salesforce' as const,
                      recordId: id,
                      properties: record.properties,
                      observedAt: record.updatedAt,
                    },
                  },
                ];
              }),
            };
          },
          async write(_tenant, _objectType, cards) {
            const results = [...cards].map(([recordId, { view }]): RecordWriteResult => {
              if (recordId === LOCKED) return { recordId, written: {}, rejected: ['record is locked'] };
              const values = {
                verdict: (view.qualification.judgedBy ?? view.qualification.today)?.verdict ?? 'none',
                stage: view.stage?.key ?? 'none',
              };
              crm.written.set(recordId, values);
              return { recordId, written: values, rejected: [] };
            });
            return { results };
          },
        },
      };
    },
  };
}

const definition: QualificationDefinition = {
  key: 'fit',
  version: 1,
  name: 'Fits',
  status: 'active',
  scope: {},
  rules: {
    all: [{ property: 'employees', operator: 'between', value: { min: 50 }, label: 'At least 50 employees' }],
  },
  disqualifiers: [],
  scoring: { fit: [], engagement: [] },
  approvals: {
    marketing: { by: 'mia@acme.test', at: T0 - 9 * HOUR },
    sales: { by: 'sam@acme.test', at: T0 - 8 * HOUR },
  },
  createdAt: T0 - 10 * HOUR,
  activatedAt: T0 - 7 * HOUR,
};

describe('a CRM adapter wired through the port alone', () => {
  const crm: FakeCrm = { records: new Map(), written: new Map(), reads: [] };
  let store: TestStore;
  let tenant: Tenant;
  let server: RunningServer;
  let worker: Worker;

  beforeAll(async () => {
    store = await openTestStore();
    const now = new Date(T0);
    tenant = await createTenant(
      store.db,
      { crm: 'salesforce', externalId: ACCOUNT, name: 'Org 7', status: 'active' },
      now,
    );
    await saveQualificationDefinition(store.db, tenant.id, definition, { actor: 'mia@acme.test', now });
    const encryptionKey = generateEncryptionKey();
    const crms = connectCrms(
      {
        env: parseEnvironment({}),
        db: store.db,
        cipher: createTokenCipher(encryptionKey),
        encryptionKey,
        logger: silent,
        clock: () => new Date(),
      },
      [{ adapter: fakeAdapter(crm), intake: () => [] }],
    );
    const app = createApp({
      logger: silent,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: crms.routers,
    });
    server = await startHttpServer(app, 0, '127.0.0.1');
    worker = createWorker({ database: store, handlers: crms.handlers, logger: silent });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const notify = async (events: Notification[]) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/fake-crm/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: ACCOUNT, events }),
    });
    expect(response.status).toBe(200);
    while ((await worker.runOnce()).claimed > 0);
  };
  const snapshotOf = async (id: string) => (await getSnapshots(store.db, tenant.id, LEADS, [id]))[0];
  const factsOf = async (id: string) =>
    (
      await store.db
        .select()
        .from(leadFacts)
        .where(and(eq(leadFacts.tenantId, tenant.id), eq(leadFacts.recordId, id)))
    )[0];
  const journeyOf = async (id: string) => {
    const row = await factsOf(id);
    return row && decodeJourney(row.journey, row.firstSeenAt.getTime());
  };

  it('takes notifications through intake, the worker and the ledger to a written-back card', async () => {
    crm.records.set('L-1', {
      properties: { employees: '120', Status: 'Open - Not Contacted' },
      updatedAt: T0,
    });
    crm.records.set(LOCKED, { properties: { employees: '10' }, updatedAt: T0 });

    await notify([
      { id: 'e1', recordId: 'L-1', action: 'changed', email: 'ann@acme.test' },
      { id: 'e2', recordId: 'L-1', action: 'changed' },
      { id: 'e3', recordId: LOCKED, action: 'changed' },
    ]);

    // One read for both records, however many notifications each got.
    expect(crm.reads).toEqual([['L-1', LOCKED]]);
    // The adapter's status mapping put the record at the MQL stage: qualified and handed off.
    const ledger = await readLedger(store.db, tenant.id, 'L-1');
    expect(ledger.filter((e) => e.kind === 'stage_entered').map((e) => e.stage)).toEqual(['mql']);
    expect(ledger.map((e) => e.event)).toEqual(expect.arrayContaining(['qualified', 'handed_off']));
    expect((await getQualificationResult(store.db, tenant.id, 'L-1'))?.result.verdict).toBe('qualified');
    expect((await getQualificationResult(store.db, tenant.id, LOCKED))?.result.verdict).toBe('not_qualified');
    // The write-back the pipeline queued ran through the adapter's write, once per record.
    expect(crm.written).toEqual(new Map([['L-1', { verdict: 'qualified', stage: 'mql' }]]));
    expect((await snapshotOf('L-1'))?.properties).toMatchObject({ employees: '120', verdict: 'qualified' });
    // The adapter's stage mapping placed the record, and the write-back stored its SLA clock.
    const clocks = await store.db.select().from(slaClocks).where(eq(slaClocks.tenantId, tenant.id));
    // Handed off in March and never answered: its accept-or-reject clock ran out and turns no further.
    expect(clocks.map((c) => [c.recordId, c.stage, c.state, c.nextCheckAt])).toEqual([
      ['L-1', 'mql', 'breached', null],
    ]);
    expect((await snapshotOf(LOCKED))?.properties).not.toHaveProperty('verdict');
    // The same transaction folded the journey into the facts reports read.
    expect(await journeyOf('L-1')).toMatchObject({
      stage: 'mql',
      eventCounts: { qualified: 1, handed_off: 1 },
    });
    // The pipeline built them from the ledger it held in memory; rebuilt from the stored ledger they are the same.
    const built = await journeyOf('L-1');
    await refreshLeadFacts(store.db, tenant.id, ['L-1'], new Date());
    expect(await journeyOf('L-1')).toEqual(built);
  });

  it('merges a record into its survivor and purges a deleted one, stripping personal fields', async () => {
    crm.records.set('L-2', { properties: { employees: '60' }, updatedAt: T0 + HOUR });
    await notify([{ id: 'e4', recordId: 'L-1', action: 'merged', into: 'L-2' }]);

    expect(await readLedger(store.db, tenant.id, 'L-1')).toEqual([]);
    expect((await readLedger(store.db, tenant.id, 'L-2')).map((e) => e.event)).toContain('qualified');
    expect(await snapshotOf('L-1')).toBeUndefined();
    expect(await store.db.select().from(slaClocks).where(eq(slaClocks.recordId, 'L-1'))).toEqual([]);
    expect(await factsOf('L-1')).toBeUndefined();
    expect(await journeyOf('L-2')).toMatchObject({ eventCounts: { qualified: 1 } });

    await notify([{ id: 'e5', recordId: 'L-2', action: 'deleted', email: 'bo@acme.test' }]);

    expect(await readLedger(store.db, tenant.id, 'L-2')).toEqual([]);
    expect(await snapshotOf('L-2')).toBeUndefined();
    expect(await factsOf('L-2')).toBeUndefined();
    const stored = await store.db
      .select({ payload: inbox.payload })
      .from(inbox)
      .where(and(eq(inbox.tenantId, tenant.id), eq(inbox.recordKey, `${LEADS}:L-2`)));
    expect(JSON.stringify(stored)).not.toContain('bo@acme.test');
    // Another record's notifications keep their fields.
    expect(
      JSON.stringify(
        await store.db
          .select({ payload: inbox.payload })
          .from(inbox)
          .where(eq(inbox.recordKey, `${LEADS}:L-1`)),
      ),
    ).toContain('ann@acme.test');
  });
});
