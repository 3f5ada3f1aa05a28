import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../../src/simulate/hubspot-stand-in/generate-scenario.ts';
import { runScenario } from '../../src/simulate/hubspot-stand-in/run-scenario.ts';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { hubSpotSpecs, withoutSpecs } from '../contracts/hubspot-contract.ts';
import {
  APP,
  callApi,
  installApp,
  postForm,
  readJson,
  startStandIn,
  type TokenAnswer,
} from './stand-in-harness.ts';

let standIn: HubSpotStandIn;
afterEach(() => standIn?.close());

const specs = new Map<string, OpenAPIBackend>();
beforeAll(async () => {
  if (hubSpotSpecs === null) return;
  for (const file of ['oauth.2026-03.json', 'owners.v3.json']) {
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

/** The answer against the response schema HubSpot publishes, where the specs are present. */
function expectSpecShape(file: string, method: string, path: string, status: number, body: unknown) {
  if (withoutSpecs) return;
  const api = specs.get(file);
  const operation = api?.matchOperation({ method, path, headers: {} });
  if (!api || !operation) throw new Error(`${method} ${path} is not in ${file}`);
  expect(api.validateResponse(body, operation, status).errors ?? []).toEqual([]);
}

interface Introspection {
  readonly active: boolean;
  readonly user_id?: number;
  readonly user?: string;
  readonly token_use?: string;
  readonly signed_access_token?: { readonly userId: number; readonly installingUserId: number };
}

async function introspect(token: string): Promise<Introspection> {
  const answer = await postForm(standIn, '/oauth/2026-03/token/introspect', {
    token,
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
  });
  expect(answer.status).toBe(200);
  const body = await readJson<Introspection>(answer);
  if (body.active)
    expectSpecShape('oauth.2026-03.json', 'post', '/oauth/2026-03/token/introspect', 200, body);
  return body;
}

const MARKETER = { userId: 71_001, email: 'mia.marketer@example.com' };
const SALES_REP = { userId: 72_002, email: 'sam.seller@example.com' };

describe('HubSpot stand-in: signing in as a chosen user', () => {
  it('authorizes as the installing user until a test signs someone in', async () => {
    standIn = await startStandIn();
    const { accessToken, body } = await installApp(standIn);
    expect((body as TokenAnswer & { user_id: number }).user_id).toBe(9_000_000);
    const answer = await introspect(accessToken);
    expect(answer).toMatchObject({ active: true, user_id: 9_000_000 });
    expect(answer.user).toBeUndefined();
  });

  it('issues the next codes for the signed-in user, while earlier tokens keep their user', async () => {
    standIn = await startStandIn();
    const installer = await installApp(standIn);

    standIn.signInAs(MARKETER);
    const marketer = await installApp(standIn);
    expect((marketer.body as TokenAnswer & { user_id: number }).user_id).toBe(MARKETER.userId);

    standIn.signInAs(SALES_REP);
    const rep = await installApp(standIn);
    expect((rep.body as TokenAnswer & { user_id: number }).user_id).toBe(SALES_REP.userId);

    expect(await introspect(installer.accessToken)).toMatchObject({ user_id: 9_000_000 });
    expect(await introspect(marketer.accessToken)).toMatchObject({
      active: true,
      token_use: 'access_token',
      user_id: MARKETER.userId,
      user: MARKETER.email,
      signed_access_token: { userId: MARKETER.userId, installingUserId: 9_000_000 },
    });
    expect(await introspect(rep.accessToken)).toMatchObject({
      user_id: SALES_REP.userId,
      user: SALES_REP.email,
    });
    expect(await introspect(marketer.refreshToken)).toMatchObject({
      token_use: 'refresh_token',
      user_id: MARKETER.userId,
      user: MARKETER.email,
    });

    const refreshed = await postForm(standIn, '/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: marketer.refreshToken,
    });
    const renewed = await readJson<TokenAnswer & { user_id: number }>(refreshed);
    expect(renewed.user_id).toBe(MARKETER.userId);
    expect(await introspect(renewed.access_token)).toMatchObject({ user: MARKETER.email });
  });

  it('names the first user to authorize as the installer in the signed token', async () => {
    standIn = await startStandIn();
    standIn.signInAs(SALES_REP);
    await installApp(standIn);
    standIn.signInAs(MARKETER);
    const { accessToken } = await installApp(standIn);
    expect((await introspect(accessToken)).signed_access_token).toMatchObject({
      userId: MARKETER.userId,
      installingUserId: SALES_REP.userId,
    });
  });

  it('refuses a user id HubSpot could not have and an email without an @', async () => {
    standIn = await startStandIn();
    expect(() => standIn.signInAs({ userId: 0, email: 'a@b.test' })).toThrow(/positive 32-bit integer/);
    expect(() => standIn.signInAs({ userId: 2 ** 31, email: 'a@b.test' })).toThrow(/32-bit/);
    expect(() => standIn.signInAs({ userId: 1.5, email: 'a@b.test' })).toThrow(/32-bit/);
    expect(() => standIn.signInAs({ userId: 5, email: 'nobody' })).toThrow(/valid email/);
  });
});

interface OwnerAnswer {
  readonly id: string;
  readonly userId: number;
  readonly email: string;
  readonly teams: readonly { readonly id: string; readonly name: string; readonly primary: boolean }[];
}

describe('HubSpot stand-in: owners by user id', () => {
  it("finds a signed-in user's owner and teams by idProperty=userId, as Baton asks", async () => {
    standIn = await startStandIn();
    const [admin, rep] = standIn.addOwners([
      { id: '501', firstName: 'Ada', lastName: 'Admin', email: 'ada@example.com', team: 'Operations' },
      {
        id: '502',
        firstName: 'Sam',
        lastName: 'Seller',
        email: SALES_REP.email,
        team: 'Sales',
        userId: SALES_REP.userId,
        teamId: '7001',
        secondaryTeams: [{ id: '7002', name: 'Sales EMEA' }],
      },
    ]);
    expect(rep).toMatchObject({ userId: SALES_REP.userId, teamId: '7001' });
    const { accessToken } = await installApp(standIn);

    const byUser = await callApi<OwnerAnswer>(
      standIn,
      accessToken,
      'GET',
      `/crm/v3/owners/${SALES_REP.userId}?idProperty=userId&archived=false`,
    );
    expect(byUser.status).toBe(200);
    expectSpecShape('owners.v3.json', 'get', `/crm/v3/owners/${SALES_REP.userId}`, 200, byUser.body);
    expect(byUser.body).toMatchObject({
      id: '502',
      userId: SALES_REP.userId,
      email: SALES_REP.email,
      teams: [
        { id: '7001', name: 'Sales', primary: true },
        { id: '7002', name: 'Sales EMEA', primary: false },
      ],
    });

    const byId = await callApi<OwnerAnswer>(standIn, accessToken, 'GET', '/crm/v3/owners/501');
    expect(byId.body).toMatchObject({ id: '501', userId: admin?.userId, teams: [{ name: 'Operations' }] });

    const stranger = await callApi(standIn, accessToken, 'GET', '/crm/v3/owners/123?idProperty=userId');
    expect(stranger.status).toBe(404);
    expect(stranger.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    expect((await callApi(standIn, accessToken, 'GET', '/crm/v3/owners/501?archived=true')).status).toBe(404);
    expect((await callApi(standIn, 'not-a-token', 'GET', '/crm/v3/owners/501')).status).toBe(401);
  });

  it('keeps a team id across owners of one team, and gives a user one owner only', async () => {
    standIn = await startStandIn();
    const owners = standIn.addOwners([
      { firstName: 'Sam', lastName: 'Seller', email: 'sam@example.com', team: 'Sales', teamId: '9100' },
      { firstName: 'Sue', lastName: 'Seller', email: 'sue@example.com', team: 'Sales', userId: 9_000_002 },
      { firstName: 'Max', lastName: 'Mailer', email: 'max@example.com', team: 'Marketing' },
    ]);
    expect(owners.map((owner) => [owner.userId, owner.teamId])).toEqual([
      [9_000_000, '9100'],
      [9_000_002, '9100'],
      [9_000_003, expect.not.stringMatching(/^9100$/)],
    ]);
    expect(() =>
      standIn.addOwners([
        { firstName: 'Tom', lastName: 'Twin', email: 'tom@example.com', team: 'Sales', userId: 9_000_002 },
      ]),
    ).toThrow(/already owner/);
  });

  it("carries a scenario's owners with their user ids and teams into the owners API", async () => {
    standIn = await startStandIn();
    const generated = generateScenario({ seed: 7, contacts: 3, owners: { marketing: 1, sales: 1 } });
    const [marketer, seller] = generated.owners;
    if (!marketer || !seller) throw new Error('the scenario cast no owners');
    const scenario = {
      ...generated,
      owners: [
        { ...marketer, userId: MARKETER.userId },
        { ...seller, userId: SALES_REP.userId, secondaryTeams: [{ id: '8800', name: 'Inbound' }] },
      ],
    };
    await runScenario(standIn, scenario, { speedup: Number.POSITIVE_INFINITY });
    standIn.signInAs(SALES_REP);
    const { accessToken } = await installApp(standIn);
    const { user_id: userId } = await introspect(accessToken);
    const owner = await callApi<OwnerAnswer>(
      standIn,
      accessToken,
      'GET',
      `/crm/v3/owners/${userId}?idProperty=userId`,
    );
    expect(owner.body.id).toBe(seller.id);
    expect(owner.body.teams.map((team) => [team.name, team.primary])).toEqual([
      ['Sales', true],
      ['Inbound', false],
    ]);
  });
});
