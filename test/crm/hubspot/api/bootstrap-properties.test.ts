import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapProperties } from '../../../../src/crm/hubspot/api/bootstrap-properties.ts';
import { HubSpotRejectionError } from '../../../../src/crm/hubspot/api/hubspot-rejection.ts';
import { BATON_PROPERTIES, BATON_PROPERTY_NAMES } from '../../../../src/crm/hubspot/baton-properties.ts';
import { API, batchAnswer, callRecorder, isolateNetwork, TENANT, testHttp } from './hubspot-test-kit.ts';

beforeAll(isolateNetwork);
afterEach(() => {
  nock.cleanAll();
});

interface PropertyInput {
  name: string;
  label: string;
  description?: string;
  groupName: string;
  type: string;
  fieldType: string;
  options?: { value: string; label: string }[];
}

const conflict = (what: string) => [
  409,
  {
    status: 'error',
    category: 'CONFLICT',
    message: `${what} already exists`,
    correlationId: '0b6c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
  },
];

/**
 * A HubSpot properties API stand-in holding real state per object type, so a second bootstrap
 * meets what the first created. `leadsAnswer` replaces every `leads` answer (a portal without them).
 */
function propertiesApi(
  options: {
    leadsAnswer?: [number, unknown];
    /** Properties another process creates right after this one's batch read. */
    createdConcurrently?: readonly PropertyInput[];
  } = {},
) {
  const groups = new Set<string>();
  const properties = new Map<string, PropertyInput>();
  const seen = callRecorder();
  const held = (objectType: string, p: PropertyInput) => ({
    ...p,
    description: p.description ?? '',
    options: p.options?.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) ?? [],
    objectType,
  });
  const answer = async (request: Request) => {
    const call = await seen.record(request);
    const [, , , , objectType = '', ...rest] = call.path.split('/');
    const operation = rest.join('/');
    const body = call.body as { name: string; inputs: PropertyInput[]; options: PropertyInput['options'] };
    const key = (name: string) => `${objectType}/${name}`;
    if (objectType === 'leads' && options.leadsAnswer) return options.leadsAnswer;
    if (operation === 'groups') {
      if (groups.has(objectType)) return conflict('group baton');
      groups.add(objectType);
      return [201, { name: body.name, label: 'Baton', displayOrder: -1, archived: false }];
    }
    if (operation === 'batch/read') {
      const found = body.inputs.flatMap((i) => {
        const p = properties.get(key(i.name));
        return p ? [held(objectType, p)] : [];
      });
      for (const p of options.createdConcurrently ?? []) properties.set(key(p.name), p);
      return [200, batchAnswer(found)];
    }
    if (operation === 'batch/create') {
      if (body.inputs.some((i) => properties.has(key(i.name)))) return conflict('a property');
      for (const input of body.inputs) properties.set(key(input.name), input);
      return [201, batchAnswer(body.inputs.map((i) => held(objectType, i)))];
    }
    if (call.method === 'POST' && operation === '') {
      const input = call.body as PropertyInput;
      if (properties.has(key(input.name))) return conflict(input.name);
      properties.set(key(input.name), input);
      return [201, held(objectType, input)];
    }
    const existing = properties.get(key(operation));
    if (call.method === 'PATCH' && existing) {
      properties.set(key(operation), { ...existing, options: body.options ?? [] });
      return [200, held(objectType, properties.get(key(operation)) ?? existing)];
    }
    return [404, { status: 'error', category: 'OBJECT_NOT_FOUND', message: `no ${call.path}` }];
  };
  const paths = /^\/crm\/v3\/properties\/(contacts|leads)/;
  nock(API).persist().post(paths).reply(answer).patch(paths).reply(answer);
  return { seen, properties, groups };
}

const creations = (paths: readonly string[]) =>
  paths.filter((p) => p.endsWith('/batch/create') || /\/properties\/\w+$/.test(p));

describe('property bootstrap', () => {
  it('creates the baton group and every property on contacts and leads, conforming to the spec', async () => {
    const { http } = testHttp();
    const api = propertiesApi();

    const report = await bootstrapProperties(http, TENANT, { objectTypes: ['contacts', 'leads'] });

    expect(report).toEqual([
      {
        objectType: 'contacts',
        status: 'ready',
        group: 'created',
        created: BATON_PROPERTY_NAMES,
        existing: [],
        updated: [],
      },
      {
        objectType: 'leads',
        status: 'ready',
        group: 'created',
        created: BATON_PROPERTY_NAMES,
        existing: [],
        updated: [],
      },
    ]);
    expect(api.seen.calls).toHaveLength(6);
    expect(api.properties.get('contacts/baton_sla_state')).toMatchObject({
      groupName: 'baton',
      type: 'enumeration',
      fieldType: 'select',
      options: [
        { value: 'on_track', label: 'On track', displayOrder: 0, hidden: false },
        { value: 'at_risk', label: 'At risk', displayOrder: 1, hidden: false },
        { value: 'breached', label: 'Breached', displayOrder: 2, hidden: false },
        { value: 'met', label: 'Met', displayOrder: 3, hidden: false },
        { value: 'met_late', label: 'Met late', displayOrder: 4, hidden: false },
      ],
    });
    expect(api.properties.get('leads/baton_mql_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    await api.seen.assertAllConform();
  });

  it('a second run finds everything in place and creates nothing', async () => {
    const { http } = testHttp();
    const api = propertiesApi();
    await bootstrapProperties(http, TENANT, { objectTypes: ['contacts', 'leads'] });
    const firstRunCalls = api.seen.calls.length;

    const report = await bootstrapProperties(http, TENANT, { objectTypes: ['contacts', 'leads'] });

    const secondRun = api.seen.calls.slice(firstRunCalls).map((c) => c.path);
    expect(creations(secondRun)).toEqual([]);
    expect(secondRun).toHaveLength(4);
    expect(
      report.map((r) => (r.status === 'ready' ? [r.group, r.created.length, r.existing.length] : r.status)),
    ).toEqual([
      ['existing', 0, BATON_PROPERTY_NAMES.length],
      ['existing', 0, BATON_PROPERTY_NAMES.length],
    ]);
  });

  it.each([
    [403, 'MISSING_SCOPES'],
    [404, 'OBJECT_NOT_FOUND'],
  ])('skips leads with a note when HubSpot answers %i', async (status, category) => {
    const { http } = testHttp();
    const api = propertiesApi({
      leadsAnswer: [status, { status: 'error', category, message: 'no leads here' }],
    });

    const report = await bootstrapProperties(http, TENANT, { objectTypes: ['contacts', 'leads'] });

    expect(report[0]).toMatchObject({ objectType: 'contacts', status: 'ready' });
    expect(report[1]).toEqual({
      objectType: 'leads',
      status: 'skipped',
      note: expect.stringContaining(`${status} ${category}`),
    });
    expect(api.seen.calls.filter((c) => c.path.includes('/leads'))).toHaveLength(1);
  });

  it('fails loudly when contacts themselves refuse (a missing schema scope is an install problem)', async () => {
    const { http } = testHttp();
    nock(API)
      .post('/crm/v3/properties/contacts/groups')
      .reply(403, { status: 'error', category: 'MISSING_SCOPES', message: 'crm.schemas.contacts.write' });

    await expect(bootstrapProperties(http, TENANT, { objectTypes: ['contacts'] })).rejects.toBeInstanceOf(
      HubSpotRejectionError,
    );
  });

  it('when another process created some properties meanwhile, creates the rest one by one', async () => {
    const { http } = testHttp();
    const [first, second] = BATON_PROPERTIES;
    const racing = [first, second].flatMap((p) =>
      p ? [{ name: p.name, label: p.label, groupName: 'baton', type: p.type, fieldType: p.fieldType }] : [],
    );
    const api = propertiesApi({ createdConcurrently: racing });

    const [report] = await bootstrapProperties(http, TENANT, { objectTypes: ['contacts'] });

    expect(report).toMatchObject({ status: 'ready', existing: [first?.name, second?.name] });
    expect(report?.status === 'ready' && report.created).toHaveLength(BATON_PROPERTY_NAMES.length - 2);
    expect(api.properties.size).toBe(BATON_PROPERTY_NAMES.length);
    await api.seen.assertAllConform();
  });

  it('on upgrade adds the options an enumeration lacks', async () => {
    const { http } = testHttp();
    const api = propertiesApi();
    await bootstrapProperties(http, TENANT, { objectTypes: ['contacts'] });
    const older = api.properties.get('contacts/baton_sla_state');
    api.properties.set('contacts/baton_sla_state', {
      ...(older as PropertyInput),
      options: older?.options?.slice(0, 4) ?? [],
    });

    const [report] = await bootstrapProperties(http, TENANT, { objectTypes: ['contacts'] });

    expect(report).toMatchObject({ status: 'ready', created: [], updated: ['baton_sla_state'] });
    expect(api.properties.get('contacts/baton_sla_state')?.options?.map((o) => o.value)).toContain(
      'met_late',
    );
    await api.seen.assertAllConform();
  });
});
