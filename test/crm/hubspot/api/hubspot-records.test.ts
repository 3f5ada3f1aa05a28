import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchReadRecords, batchUpdateRecords } from '../../../../src/crm/hubspot/api/hubspot-records.ts';
import { createHubSpotRecordsApi } from '../../../../src/crm/hubspot/api/hubspot-records-api.ts';
import { HubSpotRejectionError } from '../../../../src/crm/hubspot/api/hubspot-rejection.ts';
import { API, batchAnswer, callRecorder, isolateNetwork, TENANT, testHttp } from './hubspot-test-kit.ts';

beforeAll(isolateNetwork);
afterEach(() => {
  nock.cleanAll();
});

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));
const record = (id: string, properties: Record<string, string | null> = {}) => ({
  id,
  properties,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  archived: false,
});
const validationError = (id: string) => ({
  status: 'error',
  category: 'VALIDATION_ERROR',
  message: 'Property values were not valid: baton_sla_state "late" was not one of the allowed options',
  context: { objectWriteTraceId: [id] },
  errors: [],
  links: {},
});

type Inputs = { inputs: { id: string; properties?: Record<string, string> }[] };
type Answer = (inputs: Inputs['inputs']) => [number, unknown];
const inputsOf = (call: { body: unknown } | undefined) => (call?.body as Inputs | undefined)?.inputs ?? [];

/** A HubSpot objects API stand-in: records every call, answers through `answer`. */
function objectsApi(objectType: string, operation: 'read' | 'update', answer: Answer) {
  const seen = callRecorder();
  nock(API)
    .persist()
    .post(`/crm/v3/objects/${objectType}/batch/${operation}`)
    .query(true)
    .reply(async (request: Request) => {
      const call = await seen.record(request);
      return answer((call.body as Inputs).inputs);
    });
  return seen;
}

const updateAll: Answer = (inputs) => [200, batchAnswer(inputs.map((i) => record(i.id, i.properties)))];

describe('batch read', () => {
  it('reads 250 contacts in exactly 3 calls; unknown ids are simply absent', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'read', (inputs) => {
      const known = inputs.filter((i) => i.id !== '7' && i.id !== '201');
      const missing = inputs.filter((i) => !known.includes(i));
      const notFound = missing.length
        ? [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some CONTACT objects',
              context: { ids: missing.map((i) => i.id) },
              errors: [],
              links: {},
            },
          ]
        : undefined;
      return [
        notFound ? 207 : 200,
        batchAnswer(
          known.map((i) => record(i.id, { lifecyclestage: 'lead', hs_lead_status: null })),
          notFound,
        ),
      ];
    });

    const records = await batchReadRecords(http, TENANT, 'contacts', ids(250), [
      'lifecyclestage',
      'hs_lead_status',
    ]);

    expect(seen.calls).toHaveLength(3);
    expect(seen.calls.map((c) => inputsOf(c).length)).toEqual([100, 100, 50]);
    expect(records).toHaveLength(248);
    expect(records.map((r) => r.id)).not.toContain('7');
    expect(records[0]).toEqual({
      id: '1',
      properties: { lifecyclestage: 'lead', hs_lead_status: null },
      updatedAt: Date.parse('2026-03-01T09:00:00.000Z'),
    });
    await seen.assertAllConform();
  });

  it('survives a token that expires in the middle of a batch: one refresh, every record read', async () => {
    const { http, tokens } = testHttp();
    let answered = 0;
    const seen = objectsApi('contacts', 'read', (inputs) => {
      answered += 1;
      // HubSpot expires the first token after it served one call of the three.
      const expired = answered === 2;
      return expired
        ? [401, { status: 'error', message: 'The OAuth token expired.', category: 'EXPIRED_AUTHENTICATION' }]
        : [200, batchAnswer(inputs.map((i) => record(i.id)))];
    });

    const read = await batchReadRecords(http, TENANT, 'contacts', ids(250), ['email']);

    expect(read.map((r) => r.id)).toEqual(ids(250));
    expect(tokens.refreshes).toBe(1);
    expect(seen.calls.map((c) => [c.authorization, inputsOf(c).length])).toEqual([
      ['Bearer access-token-1', 100],
      ['Bearer access-token-1', 100],
      ['Bearer access-token-2', 100],
      ['Bearer access-token-2', 50],
    ]);
  });

  it('reads Lead objects from their own endpoint', async () => {
    const { http } = testHttp();
    const seen = objectsApi('leads', 'read', (inputs) => [200, batchAnswer(inputs.map((i) => record(i.id)))]);

    const records = await batchReadRecords(http, TENANT, 'leads', ['9001', '9001'], ['hs_lead_name']);

    expect(records.map((r) => r.id)).toEqual(['9001']);
    expect(seen.calls[0]?.path).toBe('/crm/v3/objects/leads/batch/read?archived=false');
    await seen.assertAllConform();
  });
});

describe("a Lead's contact", () => {
  it("finds each Lead's primary contact in one v4 call per 100 Leads, numeric ids or not", async () => {
    const { http } = testHttp();
    const seen = callRecorder();
    const label = (typeId: number) => ({ category: 'HUBSPOT_DEFINED', typeId, label: null });
    nock(API)
      .persist()
      .post('/crm/v4/associations/leads/contacts/batch/read')
      .reply(200, async (request: Request) => {
        const call = await seen.record(request);
        const { inputs } = call.body as { inputs: { id: string }[] };
        return batchAnswer(
          inputs
            .filter((i) => i.id !== '9003')
            .map((i) => ({
              from: { id: i.id },
              // HubSpot lists a secondary contact before the primary one here on purpose.
              to: [
                { toObjectId: 5000 + Number(i.id), associationTypes: [label(608)] },
                { toObjectId: String(7000 + Number(i.id)), associationTypes: [label(578)] },
              ],
            })),
        );
      });

    const leadIds = ['9001', '9002', '9003', ...ids(120, 10_000)];
    const contacts = await createHubSpotRecordsApi(http).contactsOfLeads(TENANT, leadIds);

    expect(seen.calls).toHaveLength(2);
    expect(contacts.get('9001')).toBe('16001');
    expect(contacts.get('9002')).toBe('16002');
    expect(contacts.has('9003')).toBe(false);
    expect(contacts.size).toBe(122);
    await seen.assertAllConform();
  });
});

describe('batch update', () => {
  it('writes 100 changed records in one call: one read and one write per 100 records', async () => {
    const { http } = testHttp();
    const reads = objectsApi('contacts', 'read', (inputs) => [
      200,
      batchAnswer(inputs.map((i) => record(i.id))),
    ]);
    const writes = objectsApi('contacts', 'update', updateAll);
    const records = createHubSpotRecordsApi(http);

    const current = await records.readContacts(TENANT, ids(100), ['baton_stage']);
    const outcome = await records.updateContacts(
      TENANT,
      [...current.keys()].map((id) => ({ id, properties: { baton_stage: 'mql' } })),
    );

    expect(reads.calls.length + writes.calls.length).toBe(2);
    expect(inputsOf(writes.calls[0])).toHaveLength(100);
    expect(inputsOf(writes.calls[0])[0]).toEqual({
      id: '1',
      properties: { baton_stage: 'mql' },
      objectWriteTraceId: '1',
    });
    expect(outcome.rejected).toEqual([]);
    await reads.assertAllConform();
    await writes.assertAllConform();
  });

  it('reports per-record VALIDATION_ERRORs from a 207 and does not retry them', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'update', (inputs) => {
      const good = inputs.filter((i) => i.id !== '3');
      return [
        207,
        batchAnswer(
          good.map((i) => record(i.id, i.properties)),
          [validationError('3')],
        ),
      ];
    });

    const outcome = await batchUpdateRecords(
      http,
      TENANT,
      'contacts',
      ids(5).map((id) => ({ id, properties: { baton_sla_state: id === '3' ? 'late' : 'met' } })),
    );

    expect(seen.calls).toHaveLength(1);
    expect(outcome.updated).toEqual(['1', '2', '4', '5']);
    expect(outcome.rejected).toEqual([
      {
        id: '3',
        category: 'VALIDATION_ERROR',
        message: expect.stringContaining('not one of the allowed options'),
      },
    ]);
  });

  it('isolates the one record that makes HubSpot refuse a whole batch, by halving', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'update', (inputs) =>
      inputs.some((i) => i.id === '6')
        ? [
            400,
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: 'Property values were not valid',
              correlationId: '5e7f3a8c-2b1d-4c9e-8f6a-1d2c3b4a5e6f',
            },
          ]
        : updateAll(inputs),
    );

    const outcome = await batchUpdateRecords(
      http,
      TENANT,
      'contacts',
      ids(8).map((id) => ({ id, properties: { baton_fit_score: id === '6' ? 'high' : '40' } })),
    );

    expect(outcome.rejected).toEqual([
      { id: '6', category: 'VALIDATION_ERROR', message: 'Property values were not valid' },
    ]);
    expect([...outcome.updated].sort()).toEqual(['1', '2', '3', '4', '5', '7', '8']);
    // 8 → 4 + 4 → 2 + 2 → 1 + 1: seven calls, within the bound of 2n − 1 = 15.
    expect(seen.calls).toHaveLength(7);
    await seen.assertAllConform();
  });

  it('rejects a whole batch at once when HubSpot refuses it for a property the portal lacks', async () => {
    const { http } = testHttp();
    const missing =
      'Property values were not valid: [{"error":"PROPERTY_DOESNT_EXIST","name":"baton_stage"}]';
    const seen = objectsApi('contacts', 'update', () => [
      400,
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: missing,
        correlationId: '7a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      },
    ]);

    const outcome = await batchUpdateRecords(
      http,
      TENANT,
      'contacts',
      ids(100).map((id) => ({ id, properties: { baton_stage: 'sal' } })),
    );

    // One call, not the 199 that halving down to single records would spend.
    expect(seen.calls).toHaveLength(1);
    expect(outcome.updated).toEqual([]);
    expect(outcome.rejected).toHaveLength(100);
    expect(outcome.rejected[0]).toEqual({ id: '1', category: 'VALIDATION_ERROR', message: missing });
    await seen.assertAllConform();
  });

  it('rejects the records a refusal names and resends the others once', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'update', (inputs) =>
      inputs.some((i) => i.id === '2')
        ? [
            404,
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
              context: { ids: ['2'] },
            },
          ]
        : updateAll(inputs),
    );

    const outcome = await batchUpdateRecords(
      http,
      TENANT,
      'contacts',
      ids(4).map((id) => ({ id, properties: { baton_stage: 'sal' } })),
    );

    expect(seen.calls).toHaveLength(2);
    expect(outcome.rejected).toEqual([
      { id: '2', category: 'OBJECT_NOT_FOUND', message: expect.any(String) },
    ]);
    expect(outcome.updated).toEqual(['1', '3', '4']);
  });

  it('a refusal that concerns the whole portal (missing scope) is thrown, not blamed on records', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'update', () => [
      403,
      {
        status: 'error',
        category: 'MISSING_SCOPES',
        message: 'This app has not been granted all required scopes',
      },
    ]);

    const failure = await batchUpdateRecords(
      http,
      TENANT,
      'contacts',
      ids(10).map((id) => ({ id, properties: { baton_stage: 'sal' } })),
    ).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(HubSpotRejectionError);
    expect(seen.calls).toHaveLength(1);
  });

  it('merges several updates of one record and sends nothing for empty ones', async () => {
    const { http } = testHttp();
    const seen = objectsApi('contacts', 'update', updateAll);

    const outcome = await batchUpdateRecords(http, TENANT, 'contacts', [
      { id: '1', properties: { baton_stage: 'mql' } },
      { id: '2', properties: {} },
      { id: '1', properties: { baton_origin: 'marketing' } },
    ]);

    expect(seen.calls).toHaveLength(1);
    expect(inputsOf(seen.calls[0])).toEqual([
      { id: '1', properties: { baton_stage: 'mql', baton_origin: 'marketing' }, objectWriteTraceId: '1' },
    ]);
    expect(outcome).toEqual({ updated: ['1'], rejected: [] });
  });
});
