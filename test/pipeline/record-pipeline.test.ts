import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualificationDefinition } from '../../src/core/qualification/definition.ts';
import { createLogger } from '../../src/log.ts';
import { loadCardView } from '../../src/pipeline/load-card-view.ts';
import { loadTenantConfig } from '../../src/pipeline/tenant-config.ts';
import { getFrozenVerdicts } from '../../src/store/frozen-verdicts.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { readLedger } from '../../src/store/ledger.ts';
import { saveQualificationDefinition } from '../../src/store/qualification-definitions.ts';
import type { Tenant } from '../../src/store/tenants.ts';
import { createDefaultHandlers } from '../../src/worker/default-handlers.ts';
import type { RecordSnapshotPayload } from '../../src/worker/handlers/record-snapshot.ts';
import { createWorker } from '../../src/worker/worker-loop.ts';
import { HUBSPOT_DEFAULTS, hubspotDefaultsOf } from '../fixtures/hubspot-defaults.ts';
import { installTenant } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

const definition: QualificationDefinition = {
  key: 'mql_default',
  version: 2,
  name: 'Mid-market MQL',
  status: 'active',
  scope: {},
  rules: {
    all: [
      {
        property: 'numberofemployees',
        operator: 'between',
        value: { min: 50 },
        label: 'At least 50 employees',
      },
      { property: 'jobtitle', operator: 'exists', label: 'Job title known' },
    ],
  },
  disqualifiers: [{ property: 'email', operator: 'contains', value: '@student.', label: 'Student email' }],
  scoring: { fit: [], engagement: [] },
  approvals: {
    marketing: { by: 'mia@acme.test', at: T0 - 9 * HOUR },
    sales: { by: 'sam@acme.test', at: T0 - 8 * HOUR },
  },
  createdAt: T0 - 10 * HOUR,
  activatedAt: T0 - 7 * HOUR,
};

describe('record pipeline: inbox → core → ledger → card', () => {
  let store: TestStore;
  let tenant: Tenant;
  let clock = new Date(T0);

  beforeAll(async () => {
    store = await openTestStore();
    tenant = await installTenant(store.db);
    await saveQualificationDefinition(store.db, tenant.id, definition, {
      actor: 'mia@acme.test',
      now: clock,
    });
  });
  afterAll(() => store.close());

  const snapshot = (key: string, hours: number, properties: Record<string, string | null>) => ({
    crm: 'hubspot' as const,
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    dedupeKey: key,
    payload: {
      type: 'record_snapshot',
      objectType: 'contacts',
      recordId: '501',
      observedAt: T0 + hours * HOUR,
      properties,
      ...(hours === 0
        ? {
            touches: [
              {
                id: 'first-visit',
                occurredAt: T0 - 48 * HOUR,
                channel: 'organic_search',
                origin: 'marketing',
              },
              {
                id: 'form',
                occurredAt: T0 - HOUR,
                channel: 'premium_content',
                origin: 'marketing',
                campaign: 'Q1 report',
              },
            ],
          }
        : {}),
    } satisfies RecordSnapshotPayload,
  });

  async function drain() {
    const worker = createWorker({
      database: store,
      handlers: createDefaultHandlers(hubspotDefaultsOf),
      logger: silent,
      clock: () => clock,
    });
    let total = 0;
    for (let claimed = -1; claimed !== 0; ) {
      const outcome = await worker.runOnce();
      claimed = outcome.claimed;
      total += outcome.dead;
    }
    return total;
  }

  it('qualifies, hands off and accepts exactly once despite duplicate and out-of-order deliveries', async () => {
    const lead = {
      lifecyclestage: 'lead',
      numberofemployees: '120',
      jobtitle: 'CFO',
      hubspot_owner_id: '11',
      createdate: String(T0 - HOUR),
    };
    const mql = { ...lead, lifecyclestage: 'marketingqualifiedlead' };
    const accepted = { ...mql, hs_lead_status: 'OPEN', hubspot_owner_id: '42' };
    await enqueue(store.db, [snapshot('a', 0, lead), snapshot('c', 5, accepted)], clock);
    expect(await drain()).toBe(0);
    // The MQL snapshot arrives late and twice; the accepted one is delivered again.
    await enqueue(
      store.db,
      [snapshot('b', 2, mql), snapshot('b2', 2, mql), snapshot('c2', 5, accepted)],
      clock,
    );
    expect(await drain()).toBe(0);

    const ledger = await readLedger(store.db, tenant.id, '501');
    const events = ledger.filter((e) => e.kind === 'handoff_event').map((e) => e.event);
    expect(events).toEqual(['created', 'qualified', 'handed_off', 'accepted']);
    // The late MQL snapshot is dropped whole; the hand-off it showed is inferred from the jump to SAL.
    expect(ledger.find((e) => e.event === 'handed_off')).toMatchObject({ actor: 'inferred' });
    expect(ledger.find((e) => e.event === 'qualified')).toMatchObject({
      occurredAt: T0,
      actor: 'baton',
      definitionKey: 'mql_default',
      definitionVersion: 2,
    });
    expect(ledger.filter((e) => e.kind === 'stage_entered').map((e) => e.stage)).toEqual(['inquiry', 'sal']);
    // The verdict is frozen once with each of the two events, however often the deliveries came.
    const frozen = (await getFrozenVerdicts(store.db, tenant.id, ['501'])).get('501') ?? [];
    expect(frozen.map((f) => [f.occasion, f.result.verdict, f.result.definitionVersion])).toEqual([
      ['qualified', 'qualified', 2],
      ['handed_off', 'qualified', 2],
    ]);

    clock = new Date(T0 + 6 * HOUR);
    const config = await loadTenantConfig(store.db, tenant, HUBSPOT_DEFAULTS);
    const card = await loadCardView(store.db, tenant, 'contacts', '501', clock, {
      config,
      people: { '42': 'Sam Seller' },
    });
    expect(card.stage).toMatchObject({ key: 'sal', waitingLabel: '1 h' });
    expect(card.owner).toMatchObject({
      function: { key: 'sales' },
      person: { id: '42', name: 'Sam Seller' },
    });
    expect(card.qualification.today).toBeNull();
    expect(card.qualification.judgedBy).toMatchObject({
      frozenAt: 'handed_off',
      verdict: 'qualified',
      definitionName: 'Mid-market MQL',
      definitionVersion: 2,
      missed: [],
    });
    expect(card.qualification.judgedBy?.met.map((c) => c.label)).toEqual([
      'At least 50 employees',
      'Job title known',
    ]);
    expect(card.source).toMatchObject({
      origin: 'marketing',
      firstTouch: { id: 'first-visit' },
      leadCreationTouch: { id: 'form', campaign: 'Q1 report' },
      touchCount: 2,
    });
    expect(card.ladder.map((s) => s.status)).toEqual([
      'done',
      'skipped',
      'current',
      'upcoming',
      'upcoming',
      'upcoming',
    ]);
    expect(card.timeline.map((t) => t.event)).toEqual(['accepted', 'handed_off', 'qualified', 'created']);
    expect(card.actions).toMatchObject({ canAccept: false, canReject: false, reason: 'already accepted' });
  });

  it('dead-letters a malformed snapshot with the field that is wrong, and writes nothing for it', async () => {
    await enqueue(
      store.db,
      [
        {
          ...snapshot('bad', 1, {}),
          payload: {
            type: 'record_snapshot',
            objectType: 'contacts',
            recordId: '777',
            observedAt: 'yesterday',
            properties: {},
          },
        },
      ],
      clock,
    );
    expect(await drain()).toBe(1);
    expect(await readLedger(store.db, tenant.id, '777')).toEqual([]);
  });
});
