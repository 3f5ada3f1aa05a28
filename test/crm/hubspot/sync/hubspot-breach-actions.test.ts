import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotRecordsApi } from '../../../../src/crm/hubspot/api/hubspot-records-api.ts';
import { LEAD_ID_PROPERTY } from '../../../../src/crm/hubspot/hubspot-leads.ts';
import {
  createHubSpotBreachActions,
  taskMark,
} from '../../../../src/crm/hubspot/sync/hubspot-breach-actions.ts';
import type { BreachStepToRun, RunnableBreachStep } from '../../../../src/pipeline/crm-port.ts';
import { upsertSnapshot } from '../../../../src/store/snapshots.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';
import { installTenant } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { API, batchAnswer, callRecorder, isolateNetwork, T0, testHttp } from '../api/hubspot-test-kit.ts';

let store: TestStore;
let tenant: Tenant;
beforeAll(async () => {
  isolateNetwork();
  store = await openTestStore();
  tenant = await installTenant(store.db);
  await upsertSnapshot(
    store.db,
    tenant.id,
    { objectType: 'contacts', recordId: '88', properties: { [LEAD_ID_PROPERTY]: '4400' }, observedAt: T0 },
    new Date(T0),
  );
});
afterAll(() => store.close());
afterEach(() => {
  nock.cleanAll();
});

const NOW = new Date('2026-03-04T10:00:00.000Z');
const notice = { subject: 'SLA breached: lead 7 in MQL (2 d)', body: 'Not answered.' };
const step = (key: string, recordId: string, s: RunnableBreachStep, retried = false): BreachStepToRun => ({
  key,
  record: { objectType: 'contacts', recordId },
  step: s,
  notice,
  retried,
});
const task = (id: string, body: string) => ({
  id,
  properties: { hs_task_body: body },
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  archived: false,
});

function actions() {
  const { http } = testHttp({ clock: () => NOW });
  return createHubSpotBreachActions({ db: store.db, records: createHubSpotRecordsApi(http) });
}

describe('HubSpot breach actions', () => {
  it('creates one HIGH to-do task per notice on the contact, assigned to the owner, matched back by its mark', async () => {
    const seen = callRecorder();
    nock(API)
      .post('/crm/v3/objects/tasks/batch/create')
      .reply(201, async (request: Request) => {
        const call = await seen.record(request);
        const { inputs } = call.body as { inputs: { properties: { hs_task_body: string } }[] };
        // HubSpot does not keep the inputs' order.
        return batchAnswer(inputs.map((input, i) => task(`90${i}`, input.properties.hs_task_body)).reverse());
      });
    const outcomes = await actions().run(
      tenant,
      [
        step('k:owner', '7', { kind: 'notify', target: 'owner', assignee: '501' }),
        step('k:manager', '7', { kind: 'notify', target: 'manager', assignee: '509' }),
      ],
      NOW,
    );
    expect(outcomes).toEqual([
      { key: 'k:owner', done: true, detail: 'task 900 for owner 501' },
      { key: 'k:manager', done: true, detail: 'task 901 for owner 509' },
    ]);
    expect(seen.calls).toHaveLength(1);
    expect(seen.calls[0]?.body).toEqual({
      inputs: ['501', '509'].map((owner, i) => ({
        properties: {
          hs_timestamp: NOW.toISOString(),
          hs_task_subject: notice.subject,
          hs_task_body: `Not answered.\n\n${taskMark(i === 0 ? 'k:owner' : 'k:manager')}`,
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: 'HIGH',
          hs_task_type: 'TODO',
          hubspot_owner_id: owner,
        },
        associations: [
          { to: { id: '7' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
        ],
      })),
    });
  });

  it('on a retry finds the task an interrupted try created, by its mark, and creates only the missing one', async () => {
    const seen = callRecorder();
    const associations = callRecorder();
    nock(API)
      .post('/crm/v4/associations/contacts/tasks/batch/read')
      .reply(200, async (request: Request) => {
        await associations.record(request);
        return batchAnswer([
          { from: { id: '7' }, to: [{ toObjectId: 77, associationTypes: [{ typeId: 204 }] }] },
        ]);
      })
      .post('/crm/v3/objects/tasks/batch/read')
      .query(true)
      .reply(200, async (request: Request) => {
        await seen.record(request);
        return batchAnswer([task('77', `Not answered.\n\n${taskMark('k:owner')}`)]);
      })
      .post('/crm/v3/objects/tasks/batch/create')
      .reply(201, async (request: Request) => {
        const call = await seen.record(request);
        const { inputs } = call.body as { inputs: { properties: { hs_task_body: string } }[] };
        return batchAnswer(inputs.map((input) => task('78', input.properties.hs_task_body)));
      });
    const outcomes = await actions().run(
      tenant,
      [
        step('k:owner', '7', { kind: 'notify', target: 'owner', assignee: '501' }, true),
        step('k:manager', '7', { kind: 'notify', target: 'manager', assignee: '509' }, true),
      ],
      NOW,
    );
    expect(outcomes).toEqual([
      { key: 'k:owner', done: true, detail: 'task 77 (created by an earlier try)' },
      { key: 'k:manager', done: true, detail: 'task 78 for owner 509' },
    ]);
    const created = seen.calls.find((c) => c.path.startsWith('/crm/v3/objects/tasks/batch/create'));
    expect((created?.body as { inputs: unknown[] } | undefined)?.inputs).toHaveLength(1);
    expect(associations.calls.map((c) => c.body)).toEqual([{ inputs: [{ id: '7' }] }]);
    await associations.assertAllConform();
    await seen.assertAllConform();
  });

  it('pairs results HubSpot answers without their body with the inputs, in order', async () => {
    nock(API)
      .post('/crm/v3/objects/tasks/batch/create')
      .reply(
        201,
        batchAnswer([
          { ...task('31', ''), properties: {} },
          { ...task('32', ''), properties: {} },
        ]),
      );
    const outcomes = await actions().run(
      tenant,
      [
        step('k:owner', '7', { kind: 'notify', target: 'owner', assignee: '501' }),
        step('k:manager', '7', { kind: 'notify', target: 'manager', assignee: '509' }),
      ],
      NOW,
    );
    expect(outcomes.map((o) => o.detail)).toEqual(['task 31 for owner 501', 'task 32 for owner 509']);
  });

  it('records a refused task as not done instead of retrying it forever', async () => {
    nock(API).post('/crm/v3/objects/tasks/batch/create').reply(400, {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: '999 is not a valid owner id',
      correlationId: 'c-1',
    });
    const outcomes = await actions().run(
      tenant,
      [step('k:owner', '7', { kind: 'notify', target: 'owner', assignee: '999' })],
      NOW,
    );
    expect(outcomes).toEqual([
      { key: 'k:owner', done: false, detail: 'VALIDATION_ERROR: 999 is not a valid owner id' },
    ]);
  });

  it("reassigns the contact, and its Lead when it has one, to the queue's rep", async () => {
    const seen = callRecorder();
    for (const objectType of ['contacts', 'leads'])
      nock(API)
        .post(`/crm/v3/objects/${objectType}/batch/update`)
        .reply(200, async (request: Request) => {
          const call = await seen.record(request);
          const { inputs } = call.body as { inputs: { id: string; properties: Record<string, string> }[] };
          return batchAnswer(inputs.map((i) => ({ ...task(i.id, ''), properties: i.properties })));
        });
    const outcomes = await actions().run(
      tenant,
      [
        step('k:a', '7', { kind: 'reassign', queue: 'inside', ownerId: '502' }),
        step('k:b', '88', { kind: 'reassign', queue: 'inside', ownerId: '501' }),
      ],
      NOW,
    );
    expect(outcomes.map((o) => o.done)).toEqual([true, true]);
    const bodies = Object.fromEntries(
      seen.calls.map((c) => [c.path.split('/')[4], (c.body as { inputs: unknown[] }).inputs]),
    );
    expect(bodies).toEqual({
      contacts: [
        { id: '7', properties: { hubspot_owner_id: '502' }, objectWriteTraceId: '7' },
        { id: '88', properties: { hubspot_owner_id: '501' }, objectWriteTraceId: '88' },
      ],
      leads: [{ id: '4400', properties: { hubspot_owner_id: '501' }, objectWriteTraceId: '4400' }],
    });
    await seen.assertAllConform();
  });

  it('returns a contact to marketing by clearing its lifecycle stage first, and leaves one with an open Lead alone', async () => {
    const seen = callRecorder();
    nock(API)
      .post('/crm/v3/objects/contacts/batch/update')
      .times(2)
      .reply(200, async (request: Request) => {
        const call = await seen.record(request);
        const { inputs } = call.body as { inputs: { id: string; properties: Record<string, string> }[] };
        return batchAnswer(inputs.map((i) => ({ ...task(i.id, ''), properties: i.properties })));
      });
    const outcomes = await actions().run(
      tenant,
      [step('k:r', '7', { kind: 'return_to_marketing' }), step('k:l', '88', { kind: 'return_to_marketing' })],
      NOW,
    );
    expect(outcomes).toEqual([
      {
        key: 'k:l',
        done: false,
        detail: "the contact's Lead 4400 is open in sales' workspace; close it there to return the contact",
      },
      { key: 'k:r', done: true, detail: 'lifecycle stage back to lead' },
    ]);
    expect(
      seen.calls.map((c) => (c.body as { inputs: { properties: unknown }[] }).inputs[0]?.properties),
    ).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'lead', hs_lead_status: '' }]);
    await seen.assertAllConform();
  });
});
