import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubSpotCardUsers,
  createHubSpotOwnerNames,
} from '../../../../src/crm/hubspot/extension-api/hubspot-card-user.ts';
import { API, callRecorder, isolateNetwork, T0, TENANT, testHttp } from '../api/hubspot-test-kit.ts';

beforeAll(isolateNetwork);
afterEach(() => {
  nock.cleanAll();
});

const owner = {
  id: '42',
  userId: 11,
  email: 'rep@acme.test',
  archived: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  teams: [{ id: 'team-sales', name: 'Sales', primary: true }],
};

describe('the HubSpot user behind a card request', () => {
  it("maps the signed user id to the owner id leads are held by, and the user's teams, once per few minutes", async () => {
    const { http } = testHttp();
    const seen = callRecorder();
    const scope = nock(API)
      .get('/crm/v3/owners/11')
      .query({ idProperty: 'userId', archived: 'false' })
      .reply(200, async (request: Request) => {
        await seen.record(request);
        return owner;
      });
    let now = T0;
    const userOf = createHubSpotCardUsers(http, () => new Date(now));
    expect(await userOf(TENANT, '11')).toEqual({ ownerId: '42', teamIds: ['team-sales'] });
    now += 60_000;
    expect(await userOf(TENANT, '11')).toEqual({ ownerId: '42', teamIds: ['team-sales'] });
    expect(seen.calls).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
    await seen.assertAllConform();
  });

  it('treats a user who is no owner as holding no lead', async () => {
    const { http } = testHttp();
    nock(API).get('/crm/v3/owners/33').query(true).reply(404, {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: 'not found',
      correlationId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    });
    expect(await createHubSpotCardUsers(http)(TENANT, '33')).toEqual({ ownerId: null, teamIds: [] });
  });

  it('names the owner holding a lead once per few minutes, and gives no name rather than failing', async () => {
    const { http } = testHttp();
    const warnings: string[] = [];
    const logger = { warn: (_fields: object, message: string) => warnings.push(message) };
    const seen = callRecorder();
    nock(API)
      .get('/crm/v3/owners/42')
      .query({ idProperty: 'id', archived: 'false' })
      .reply(200, async (request: Request) => {
        await seen.record(request);
        return { ...owner, firstName: 'Ana', lastName: 'Rep' };
      });
    nock(API).get('/crm/v3/owners/43').query(true).reply(404, {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: 'not found',
      correlationId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    });
    const ownerNameOf = createHubSpotOwnerNames(http, logger, () => new Date(T0));
    expect(await ownerNameOf(TENANT, '42')).toBe('Ana Rep');
    expect(await ownerNameOf(TENANT, '42')).toBe('Ana Rep');
    expect(await ownerNameOf(TENANT, '43')).toBeNull();
    expect(seen.calls).toHaveLength(1);
    await seen.assertAllConform();
    expect(warnings).toEqual([]);
  });
});
