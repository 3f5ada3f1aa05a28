import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import {
  type HubSpotContract,
  hubSpotSpecs,
  loadHubSpotContract,
  loadHubSpotContractIfPresent,
  withoutSpecs,
} from '../contracts/hubspot-contract.ts';
import {
  type BatchAnswer,
  callApi,
  installApp,
  type OwnersAnswer,
  type PropertyAnswer,
  startStandIn,
} from './stand-in-harness.ts';

let standIn: HubSpotStandIn;
let contract: HubSpotContract | null;
const specs = new Map<string, OpenAPIBackend>();

beforeAll(async () => {
  contract = await loadHubSpotContractIfPresent();
  if (hubSpotSpecs === null) return;
  for (const file of ['contacts.v3.json', 'properties.v3.json', 'owners.v3.json']) {
    const api = new OpenAPIBackend({
      definition: JSON.parse(readFileSync(join(hubSpotSpecs, file), 'utf8')),
      quick: true,
      customizeAjv: (ajv) =>
        ajv.addFormat(
          'date-time',
          (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
        ),
    });
    await api.init();
    specs.set(file, api);
  }
});
afterEach(() => standIn?.close());

/**
 * Checks an answer against the response schema HubSpot publishes for that operation and status;
 * without the specs there is no schema to check against (the run's start says so).
 */
function expectSpecShape(file: string, method: string, path: string, status: number, body: unknown) {
  if (withoutSpecs) return;
  const api = specs.get(file);
  const operation = api?.matchOperation({ method, path, headers: {} });
  if (!api || !operation) throw new Error(`${method} ${path} is not in ${file}`);
  const result = api.validateResponse(body, operation, status);
  expect(result.errors ?? []).toEqual([]);
}

const BATCH_READ = '/crm/v3/objects/contacts/batch/read';
const BATCH_UPDATE = '/crm/v3/objects/contacts/batch/update';

async function portalWithContacts() {
  standIn = await startStandIn();
  standIn.addOwners([
    { id: '501', firstName: 'Sam', lastName: 'Seller', email: 'sam@example.com', team: 'Sales' },
  ]);
  const ada = standIn.createContact({ email: 'ada@example.com', firstname: 'Ada', lifecyclestage: 'lead' });
  const ben = standIn.createContact({ email: 'ben@example.com', firstname: 'Ben', lifecyclestage: 'lead' });
  const { accessToken } = await installApp(standIn);
  return { ada, ben, accessToken };
}

describe('HubSpot stand-in CRM API', () => {
  it('batch-reads the requested properties, always with the record basics, in the spec shape', async () => {
    const { ada, ben, accessToken } = await portalWithContacts();
    const request = {
      inputs: [{ id: ada.id }, { id: ben.id }],
      properties: ['email', 'lifecyclestage'],
      propertiesWithHistory: [],
    };
    contract?.assertConforms({ method: 'POST', path: BATCH_READ, body: request });
    const answer = await callApi<BatchAnswer>(standIn, accessToken, 'POST', BATCH_READ, request);
    expect(answer.status).toBe(200);
    expectSpecShape('contacts.v3.json', 'post', BATCH_READ, 200, answer.body);
    expect(answer.body.status).toBe('COMPLETE');
    expect(answer.body.results).toEqual([
      {
        id: ada.id,
        properties: {
          email: 'ada@example.com',
          lifecyclestage: 'lead',
          createdate: new Date(ada.createdAt).toISOString(),
          lastmodifieddate: new Date(ada.updatedAt).toISOString(),
          hs_object_id: ada.id,
        },
        createdAt: new Date(ada.createdAt).toISOString(),
        updatedAt: new Date(ada.updatedAt).toISOString(),
        archived: false,
      },
      expect.objectContaining({ id: ben.id }),
    ]);
  });

  it('answers 207 naming ids it cannot find, and null for requested properties never set', async () => {
    const { ada, accessToken } = await portalWithContacts();
    const answer = await callApi<BatchAnswer>(standIn, accessToken, 'POST', BATCH_READ, {
      inputs: [{ id: ada.id }, { id: '999999' }],
      properties: ['jobtitle'],
      propertiesWithHistory: [],
    });
    expect(answer.status).toBe(207);
    expect(answer.body.results.map((r) => r.id)).toEqual([ada.id]);
    expect(answer.body.results[0]?.properties.jobtitle).toBeNull();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        context: { ids: ['999999'] },
      }),
    ]);
  });

  it('batch-updates valid records and fails only the records whose values HubSpot would refuse', async () => {
    const { ada, ben, accessToken } = await portalWithContacts();
    const request = {
      inputs: [
        {
          id: ada.id,
          properties: { hubspot_owner_id: '501', hs_lead_status: 'OPEN' },
          objectWriteTraceId: ada.id,
        },
        {
          id: ben.id,
          properties: { hs_lead_status: 'MAYBE', baton_stage: 'mql' },
          objectWriteTraceId: ben.id,
        },
      ],
    };
    contract?.assertConforms({ method: 'POST', path: BATCH_UPDATE, body: request });
    const answer = await callApi<BatchAnswer>(standIn, accessToken, 'POST', BATCH_UPDATE, request);
    expect(answer.status).toBe(207);
    expectSpecShape('contacts.v3.json', 'post', BATCH_UPDATE, 207, answer.body);
    expect(answer.body.results).toEqual([
      expect.objectContaining({
        id: ada.id,
        properties: expect.objectContaining({ hubspot_owner_id: '501', hs_lead_status: 'OPEN' }),
      }),
    ]);
    expect(answer.body.numErrors).toBe(1);
    const [refusal] = answer.body.errors ?? [];
    expect(refusal).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      context: { ids: [ben.id], objectWriteTraceId: [ben.id] },
    });
    expect(refusal?.errors?.map((e) => e.code).sort()).toEqual(['INVALID_OPTION', 'PROPERTY_DOESNT_EXIST']);
    expect(standIn.contact(ada.id)?.properties.hs_lead_status).toBe('OPEN');
    expect(standIn.contact(ben.id)?.properties.hs_lead_status).toBeUndefined();
  });

  it('refuses over 100 inputs, duplicate ids and read-only properties', async () => {
    const { ada, accessToken } = await portalWithContacts();
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const overLimit = await callApi(standIn, accessToken, 'POST', BATCH_READ, {
      inputs: tooMany,
      properties: [],
      propertiesWithHistory: [],
    });
    expect(overLimit.status).toBe(400);
    expect(overLimit.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const twice = await callApi(standIn, accessToken, 'POST', BATCH_UPDATE, {
      inputs: [
        { id: ada.id, properties: { jobtitle: 'CEO' } },
        { id: ada.id, properties: { jobtitle: 'CTO' } },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.context).toEqual({ ids: [ada.id] });
    const readOnly = await callApi<BatchAnswer>(standIn, accessToken, 'POST', BATCH_UPDATE, {
      inputs: [{ id: ada.id, properties: { hs_analytics_source: 'OFFLINE' } }],
    });
    expect(readOnly.body.errors?.[0]?.errors?.[0]?.code).toBe('READ_ONLY_VALUE');
  });

  it.skipIf(withoutSpecs).each([
    ['a batch read without propertiesWithHistory', BATCH_READ, { inputs: [{ id: '1' }], properties: [] }],
    [
      'a batch read with archived=maybe',
      `${BATCH_READ}?archived=maybe`,
      { inputs: [], properties: [], propertiesWithHistory: [] },
    ],
    [
      'a batch update whose value is a number',
      BATCH_UPDATE,
      { inputs: [{ id: '1', properties: { numberofemployees: 5 } }] },
    ],
    ['a batch update without inputs', BATCH_UPDATE, { records: [] }],
    ['a property group without a label', '/crm/v3/properties/contacts/groups', { name: 'baton' }],
    ['a well-formed batch read', BATCH_READ, { inputs: [], properties: [], propertiesWithHistory: [] }],
    ['a well-formed property group', '/crm/v3/properties/contacts/groups', { name: 'baton', label: 'Baton' }],
  ])('refuses exactly what the published spec refuses: %s', async (_case, path, body) => {
    const { accessToken } = await portalWithContacts();
    const specProblems = (await loadHubSpotContract()).problems({ method: 'POST', path, body });
    const answer = await callApi(standIn, accessToken, 'POST', path, body);
    expect(answer.status === 400).toBe(specProblems.length > 0);
    if (answer.status === 400) {
      expect(answer.body).toMatchObject({
        status: 'error',
        category: 'VALIDATION_ERROR',
        correlationId: expect.any(String),
        message: expect.stringContaining('Invalid input'),
        errors: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
      });
    }
  });

  it('answers malformed JSON and a missing token the way HubSpot does', async () => {
    const { accessToken } = await portalWithContacts();
    const malformed = await fetch(`${standIn.baseUrl}${BATCH_READ}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{"inputs": [',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
    const anonymous = await fetch(`${standIn.baseUrl}/crm/v3/owners`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
  });

  it('bootstraps a property group and properties idempotently: 409 and per-item errors once they exist', async () => {
    const { accessToken } = await portalWithContacts();
    const group = { name: 'baton', label: 'Baton', displayOrder: -1 };
    const groupPath = '/crm/v3/properties/contacts/groups';
    const createdGroup = await callApi(standIn, accessToken, 'POST', groupPath, group);
    expect(createdGroup.status).toBe(201);
    expectSpecShape('properties.v3.json', 'post', groupPath, 201, createdGroup.body);
    expect((await callApi(standIn, accessToken, 'POST', groupPath, group)).body).toMatchObject({
      category: 'OBJECT_ALREADY_EXISTS',
    });
    expect((await callApi(standIn, accessToken, 'POST', groupPath, group)).status).toBe(409);

    const stage = {
      name: 'baton_stage',
      label: 'Baton stage',
      groupName: 'baton',
      type: 'enumeration',
      fieldType: 'select',
      options: [{ label: 'MQL', value: 'mql', hidden: false, displayOrder: 0 }],
    };
    const handedOffAt = {
      name: 'baton_handed_off_at',
      label: 'Handed off',
      groupName: 'baton',
      type: 'datetime',
      fieldType: 'date',
    };
    const batchPath = '/crm/v3/properties/contacts/batch/create';
    const first = await callApi(standIn, accessToken, 'POST', batchPath, { inputs: [stage] });
    expect(first.status).toBe(201);
    expectSpecShape('properties.v3.json', 'post', batchPath, 201, first.body);
    const again = await callApi<BatchAnswer<PropertyAnswer>>(standIn, accessToken, 'POST', batchPath, {
      inputs: [stage, handedOffAt],
    });
    expect(again.status).toBe(207);
    expectSpecShape('properties.v3.json', 'post', batchPath, 207, again.body);
    expect(again.body.results.map((p) => p.name)).toEqual(['baton_handed_off_at']);
    expect(again.body.errors).toEqual([
      expect.objectContaining({ category: 'OBJECT_ALREADY_EXISTS', context: { name: ['baton_stage'] } }),
    ]);
    const single = await callApi(standIn, accessToken, 'POST', '/crm/v3/properties/contacts', stage);
    expect(single.status).toBe(409);

    const patched = await callApi<PropertyAnswer>(
      standIn,
      accessToken,
      'PATCH',
      '/crm/v3/properties/contacts/baton_stage',
      {
        options: [...stage.options, { label: 'SQL', value: 'sql', hidden: false, displayOrder: 1 }],
      },
    );
    expect(patched.body.options.map((o) => o.value)).toEqual(['mql', 'sql']);
    const listed = await callApi<BatchAnswer<PropertyAnswer>>(
      standIn,
      accessToken,
      'GET',
      '/crm/v3/properties/contacts',
    );
    expectSpecShape('properties.v3.json', 'get', '/crm/v3/properties/contacts', 200, listed.body);
    const names = listed.body.results.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['email', 'lifecyclestage', 'baton_stage', 'baton_handed_off_at']),
    );

    const written = await callApi<BatchAnswer>(standIn, accessToken, 'POST', BATCH_UPDATE, {
      inputs: [
        {
          id: standIn.contacts()[0]?.id ?? '',
          properties: { baton_stage: 'sql', baton_handed_off_at: '1772442000000' },
        },
      ],
    });
    expect(written.status).toBe(200);
    expect(written.body.results[0]?.properties.baton_handed_off_at).toBe('2026-03-02T09:00:00.000Z');
  });

  it('lists owners with their teams, a page at a time', async () => {
    standIn = await startStandIn();
    standIn.addOwners([
      { firstName: 'Mia', lastName: 'Marketer', email: 'mia@example.com', team: 'Marketing' },
      { firstName: 'Sam', lastName: 'Seller', email: 'sam@example.com', team: 'Sales' },
      { firstName: 'Sue', lastName: 'Seller', email: 'sue@example.com', team: 'Sales' },
    ]);
    const { accessToken } = await installApp(standIn);
    const first = await callApi<OwnersAnswer>(standIn, accessToken, 'GET', '/crm/v3/owners?limit=2');
    expectSpecShape('owners.v3.json', 'get', '/crm/v3/owners', 200, first.body);
    expect(first.body.results.map((o) => o.email)).toEqual(['mia@example.com', 'sam@example.com']);
    expect(first.body.results[0]?.teams).toEqual([
      { id: expect.any(String), name: 'Marketing', primary: true },
    ]);
    const after = first.body.paging?.next.after;
    const second = await callApi<OwnersAnswer>(
      standIn,
      accessToken,
      'GET',
      `/crm/v3/owners?limit=2&after=${after}`,
    );
    expect(second.body.results.map((o) => o.email)).toEqual(['sue@example.com']);
    expect(second.body.paging).toBeUndefined();
  });

  it("creates tasks on a contact for an owner, and reads them back by id and through the contact's associations", async () => {
    standIn = await startStandIn({ openApiDirectory: null });
    const { accessToken } = await installApp(standIn);
    const [owner] = standIn.addOwners([
      { id: '501', firstName: 'Ann', lastName: 'Rep', email: 'a@x.test', team: 'Sales' },
    ]);
    const contact = standIn.createContact({ email: 'lead@x.test' });
    const association = {
      to: { id: contact.id },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
    };
    const created = await callApi<BatchAnswer>(
      standIn,
      accessToken,
      'POST',
      '/crm/v3/objects/tasks/batch/create',
      {
        inputs: [
          {
            properties: {
              hs_timestamp: '2026-03-02T10:00:00Z',
              hs_task_body: 'call',
              hubspot_owner_id: owner?.id,
            },
            associations: [association],
          },
        ],
      },
    );
    expect(created.status).toBe(201);
    const taskId = created.body.results[0]?.id ?? '';
    const unknownOwner = await callApi(standIn, accessToken, 'POST', '/crm/v3/objects/tasks/batch/create', {
      inputs: [
        {
          properties: { hs_timestamp: '2026-03-02T10:00:00Z', hubspot_owner_id: '999' },
          associations: [association],
        },
      ],
    });
    expect(unknownOwner.status).toBe(400);

    const read = await callApi<BatchAnswer>(
      standIn,
      accessToken,
      'POST',
      '/crm/v3/objects/tasks/batch/read',
      {
        inputs: [{ id: taskId }, { id: '1' }],
        properties: ['hs_task_body'],
      },
    );
    expect(read.status).toBe(207);
    expect(read.body.results.map((r) => r.properties.hs_task_body)).toEqual(['call']);
    const associated = await callApi<{ results: { from: { id: string }; to: { toObjectId: number }[] }[] }>(
      standIn,
      accessToken,
      'POST',
      '/crm/v4/associations/contacts/tasks/batch/read',
      { inputs: [{ id: contact.id }] },
    );
    expect(associated.body.results).toEqual([
      { from: { id: contact.id }, to: [expect.objectContaining({ toObjectId: Number(taskId) })] },
    ]);
    expect(standIn.tasks()).toHaveLength(1);
  });
});
