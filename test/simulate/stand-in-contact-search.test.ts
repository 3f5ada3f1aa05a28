import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { OpenAPIBackend } from 'openapi-backend';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.ts';
import { backfillHubSpotContacts } from '../../src/crm/hubspot/backfill/backfill-contacts.ts';
import { createBackfillHttp } from '../../src/crm/hubspot/backfill/backfill-http.ts';
import { hubspotAdapter } from '../../src/crm/hubspot/hubspot-adapter.ts';
import { createLogger } from '../../src/log.ts';
import { installThroughOAuth } from '../../src/simulate/demo/install-through-oauth.ts';
import { DEMO_APP, type DemoStack, startDemoStack } from '../../src/simulate/demo/start-demo-stack.ts';
import type { ContactRecord } from '../../src/simulate/hubspot-stand-in/contact-store.ts';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { getBackfillRun } from '../../src/store/backfill-runs.ts';
import { queryRows } from '../../src/store/database.ts';
import type { Tenant } from '../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../src/store/token-cipher.ts';
import { hubSpotSpecs, withoutSpecs } from '../contracts/hubspot-contract.ts';
import {
  callApi,
  type ErrorAnswer,
  installApp,
  type RecordAnswer,
  startStandIn,
} from './stand-in-harness.ts';

const SEARCH = '/crm/v3/objects/contacts/search';
const T0 = Date.UTC(2024, 0, 8, 9);
const HOUR = 3_600_000;

interface SearchAnswer {
  readonly total: number;
  readonly results: readonly RecordAnswer[];
  readonly paging?: { readonly next: { readonly after: string; readonly link?: string } };
}

interface SearchFilter {
  readonly propertyName: string;
  readonly operator: string;
  readonly value?: string | undefined;
  readonly highValue?: string | undefined;
  readonly values?: readonly (string | undefined)[];
}

type SearchRequest = Record<string, unknown>;

let standIn: HubSpotStandIn;
let token: string;
afterEach(() => standIn?.close());

/** Every field the spec requires, so the stand-in's contract check passes what the test does not vary. */
function searchBody(body: SearchRequest): SearchRequest {
  return { filterGroups: [], sorts: ['hs_object_id'], properties: [], limit: 100, after: '0', ...body };
}

function search(body: SearchRequest = {}) {
  return callApi<SearchAnswer>(standIn, token, 'POST', SEARCH, searchBody(body));
}

async function refusal(body: SearchRequest) {
  const answer = await callApi<ErrorAnswer>(standIn, token, 'POST', SEARCH, searchBody(body));
  return { status: answer.status, category: answer.body.category, message: answer.body.message };
}

async function idsOf(body: SearchRequest) {
  const answer = await search(body);
  expect(answer.status).toBe(200);
  return answer.body.results.map((result) => result.id);
}

const one = (...filters: SearchFilter[]) => ({ filterGroups: [{ filters }] });
const at = (hours: number) => String(T0 + hours * HOUR);

/** Twelve contacts created an hour apart from T0; every third has a first name. */
async function portalOfTwelve(overrides: Parameters<typeof startStandIn>[0] = {}) {
  // Tests fire searches back to back; HubSpot's 5 a second is tested on its own below.
  standIn = await startStandIn({ searchRateLimit: { requests: 1_000, windowMs: 1_000 }, ...overrides });
  let now = T0;
  standIn.setRecordClock(() => new Date(now));
  const contacts: ContactRecord[] = [];
  for (let i = 0; i < 12; i += 1) {
    now = T0 + i * HOUR;
    contacts.push(
      standIn.createContact({
        email: `contact${i}@example.com`,
        lifecyclestage: i % 2 === 0 ? 'subscriber' : 'lead',
        ...(i % 3 === 0 ? { firstname: `First${i}` } : {}),
      }),
    );
  }
  standIn.setRecordClock(null);
  token = (await installApp(standIn)).accessToken;
  return contacts.map((contact) => contact.id);
}

describe('HubSpot stand-in contact search: filters', () => {
  it('filters createdate ranges given as epoch milliseconds or ISO strings, bounds as HubSpot reads them', async () => {
    const ids = await portalOfTwelve();
    const range = (from: string, to: string) =>
      one(
        { propertyName: 'createdate', operator: 'GTE', value: from },
        { propertyName: 'createdate', operator: 'LT', value: to },
      );
    expect(await idsOf(range(at(2), at(5)))).toEqual(ids.slice(2, 5));
    const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
    expect(await idsOf(range(iso(2), iso(5)))).toEqual(ids.slice(2, 5));
    expect(
      await idsOf(one({ propertyName: 'createdate', operator: 'BETWEEN', value: at(2), highValue: at(5) })),
    ).toEqual(ids.slice(2, 6));
    expect(await idsOf(one({ propertyName: 'createdate', operator: 'LTE', value: at(1) }))).toEqual(
      ids.slice(0, 2),
    );
    expect(await idsOf(one({ propertyName: 'createdate', operator: 'GT', value: at(10) }))).toEqual(
      ids.slice(11),
    );
  });

  it('matches hs_object_id with EQ, NEQ, IN and NOT_IN, and email without regard to case', async () => {
    const ids = await portalOfTwelve();
    const byId = (operator: string, value: Partial<SearchFilter>) =>
      idsOf(one({ propertyName: 'hs_object_id', operator, ...value }));
    expect(await byId('EQ', { value: ids[3] })).toEqual([ids[3]]);
    expect(await byId('NEQ', { value: ids[3] })).toEqual(ids.filter((_, i) => i !== 3));
    expect(await byId('IN', { values: [ids[1], ids[4]] })).toEqual([ids[1], ids[4]]);
    expect(await byId('NOT_IN', { values: [ids[1], ids[4]] })).toHaveLength(10);
    expect(
      await idsOf(one({ propertyName: 'email', operator: 'EQ', value: 'CONTACT4@example.com' })),
    ).toEqual([ids[4]]);
  });

  it('tells set from unset properties, ANDs the filters of a group and ORs the groups', async () => {
    const ids = await portalOfTwelve();
    const named = [ids[0], ids[3], ids[6], ids[9]];
    expect(await idsOf(one({ propertyName: 'firstname', operator: 'HAS_PROPERTY' }))).toEqual(named);
    expect(await idsOf(one({ propertyName: 'firstname', operator: 'NOT_HAS_PROPERTY' }))).toEqual(
      ids.filter((id) => !named.includes(id)),
    );
    expect(
      await idsOf(
        one(
          { propertyName: 'firstname', operator: 'HAS_PROPERTY' },
          { propertyName: 'createdate', operator: 'GTE', value: at(4) },
        ),
      ),
    ).toEqual([ids[6], ids[9]]);
    expect(
      await idsOf({
        filterGroups: [
          { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: ids[0] }] },
          { filters: [{ propertyName: 'createdate', operator: 'GTE', value: at(10) }] },
        ],
      }),
    ).toEqual([ids[0], ids[10], ids[11]]);
  });

  it('filters on lastmodifieddate, and leaves deleted and merged-away contacts out of results and total', async () => {
    const ids = await portalOfTwelve();
    const edited = ids[5] ?? '';
    standIn.updateContact(edited, { jobtitle: 'Buyer' });
    expect(await idsOf(one({ propertyName: 'lastmodifieddate', operator: 'GT', value: at(12) }))).toEqual([
      edited,
    ]);
    standIn.deleteContact(ids[7] ?? '');
    standIn.mergeContacts(ids[0] ?? '', ids[1] ?? '');
    const answer = await search();
    expect(answer.body.total).toBe(10);
    expect(answer.body.results.map((r) => r.id)).not.toContain(ids[7]);
    expect(answer.body.results.map((r) => r.id)).not.toContain(ids[1]);
  });
});

describe('HubSpot stand-in contact search: sorting, paging and properties', () => {
  it('sorts by a property named as the spec declares, ascending, unset values last', async () => {
    const ids = await portalOfTwelve();
    expect(await idsOf({ sorts: ['createdate'] })).toEqual(ids);
    const byName = await idsOf({ sorts: ['firstname'] });
    expect(byName.slice(0, 4)).toEqual([ids[0], ids[3], ids[6], ids[9]]);
  });

  it('reads the { propertyName, direction } sorts of HubSpot’s guide when no spec check refuses them', async () => {
    const ids = await portalOfTwelve({ openApiDirectory: null });
    expect(await idsOf({ sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }] })).toEqual(
      [...ids].reverse(),
    );
  });

  it.skipIf(withoutSpecs)('refuses object sorts as the published spec does', async () => {
    await portalOfTwelve();
    const answer = await refusal({ sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }] });
    expect(answer).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
  });

  it('pages with the offset cursor, counting every match in total on each page', async () => {
    const ids = await portalOfTwelve();
    const pages: string[][] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const answer = await search({ limit: 5, after });
      expect(answer.body.total).toBe(12);
      pages.push(answer.body.results.map((r) => r.id));
      after = answer.body.paging?.next.after;
    }
    expect(pages).toEqual([ids.slice(0, 5), ids.slice(5, 10), ids.slice(10)]);
    expect((await search({ limit: 5 })).body.paging?.next).toEqual({ after: '5', link: '?after=5' });
  });

  it('returns the requested properties and the record basics, or the default set, in the spec shape', async () => {
    const ids = await portalOfTwelve();
    const asked = await search({ properties: ['email', 'lifecyclestage', 'jobtitle'], limit: 1 });
    // The v3 spec declares property values strings (2026-09 adds nullable): checked on set ones.
    await expectSpecShape((await search({ properties: ['email', 'lifecyclestage'], limit: 2 })).body);
    expect(asked.body.results).toEqual([
      {
        id: ids[0],
        properties: {
          email: 'contact0@example.com',
          lifecyclestage: 'subscriber',
          jobtitle: null,
          createdate: new Date(T0).toISOString(),
          lastmodifieddate: new Date(T0).toISOString(),
          hs_object_id: ids[0],
        },
        createdAt: new Date(T0).toISOString(),
        updatedAt: new Date(T0).toISOString(),
        archived: false,
      },
    ]);
    const defaults = await search({ limit: 1 });
    expect(Object.keys(defaults.body.results[0]?.properties ?? {}).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
  });
});

describe('HubSpot stand-in contact search: refusals and limits', () => {
  it('answers 400 VALIDATION_ERROR to searches HubSpot refuses', async () => {
    await portalOfTwelve();
    const refused = [
      { limit: 201 },
      { after: 'not-a-cursor' },
      one({ propertyName: 'no_such_property', operator: 'EQ', value: 'x' }),
      one({ propertyName: 'createdate', operator: 'GTE', value: 'yesterday' }),
      one({ propertyName: 'createdate', operator: 'BETWEEN', value: at(1) }),
      one({ propertyName: 'hs_object_id', operator: 'IN' }),
      one({ propertyName: 'hs_object_id', operator: 'LIKE', value: '1' }),
      { sorts: ['no_such_property'] },
      { filterGroups: Array.from({ length: 6 }, () => ({ filters: [] })) },
    ];
    for (const body of refused) {
      expect({ body, ...(await refusal(body)) }).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    }
  });

  it('checks the token and the contacts read scope like the other contact routes', async () => {
    await portalOfTwelve();
    const unsigned = await fetch(`${standIn.baseUrl}${SEARCH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(searchBody({})),
    });
    expect(unsigned.status).toBe(401);
    const { accessToken } = await installApp(standIn, { required: ['oauth', 'crm.objects.owners.read'] });
    const answer = await callApi<ErrorAnswer>(standIn, accessToken, 'POST', SEARCH, searchBody({}));
    expect(answer.status).toBe(403);
    expect(answer.body.category).toBe('MISSING_SCOPES');
  });

  it('pages no further than 10 000 results, while total counts them all', async () => {
    standIn = await startStandIn();
    standIn.setRecordClock(() => new Date(T0));
    for (let i = 0; i < 10_050; i += 1) standIn.createContact({ email: `bulk${i}@example.com` });
    token = (await installApp(standIn)).accessToken;
    const last = await search({ after: '9900' });
    expect(last.body.total).toBe(10_050);
    expect(last.body.results).toHaveLength(100);
    expect(last.body.paging?.next.after).toBe('10000');
    const straddling = await search({ after: '9950' });
    expect(straddling.body.results).toHaveLength(50);
    expect(await refusal({ after: '10000' })).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
  }, 60_000);

  it('holds searches to 5 a second, apart from the ten-secondly limit that does not count them', async () => {
    const start = Date.UTC(2026, 10, 23, 9);
    let now = start;
    standIn = await startStandIn({
      clock: () => new Date(now),
      rateLimit: { requests: 3, windowMs: 10_000 },
    });
    token = (await installApp(standIn)).accessToken;
    for (let call = 0; call < 5; call += 1) expect((await search()).status).toBe(200);
    const refused = await callApi<Record<string, unknown>>(standIn, token, 'POST', SEARCH, searchBody({}));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    now = start + 1_000;
    expect((await search()).status).toBe(200);
    for (let call = 0; call < 3; call += 1) {
      expect((await callApi(standIn, token, 'GET', '/crm/v3/owners')).status).toBe(200);
    }
    expect(standIn.rateLimited()).toBe(1);
    expect(standIn.callsByEndpoint()[`POST ${SEARCH}`]).toBe(7);
    expect(standIn.maxCallsInAnyWindow()).toBe(3);
  });
});

/** The answer against the response schema HubSpot publishes, where the specs are. */
async function expectSpecShape(body: unknown) {
  if (hubSpotSpecs === null) return;
  const api = new OpenAPIBackend({
    definition: JSON.parse(readFileSync(join(hubSpotSpecs, 'contacts.v3.json'), 'utf8')),
    quick: true,
    customizeAjv: (ajv) =>
      ajv.addFormat(
        'date-time',
        (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
      ),
  });
  await api.init();
  const operation = api.matchOperation({ method: 'post', path: SEARCH, headers: {} });
  if (!operation) throw new Error(`POST ${SEARCH} is not in contacts.v3.json`);
  expect(api.validateResponse(body, operation, 200).errors ?? []).toEqual([]);
}

describe("Baton's HubSpot backfill against the stand-in", () => {
  const silent = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const encryptionKey = generateEncryptionKey();
  const CONTACTS = 250;
  let dataDir: string;
  let stack: DemoStack;
  let tenant: Tenant;
  let live: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-stand-in-search-'));
    stack = await startDemoStack({ dataDir, logger: silent, encryptionKey, openApiDirectory: hubSpotSpecs });
    // Contacts the portal held before the install: HubSpot sent no app any webhook for them.
    stack.standIn.setWebhookTarget(undefined);
    let now = T0;
    stack.standIn.setRecordClock(() => new Date(now));
    const made: string[] = [];
    for (let i = 0; i < CONTACTS; i += 1) {
      now = T0 + i * HOUR;
      made.push(
        stack.standIn.createContact({
          email: `existing${i}@example.com`,
          firstname: `Existing${i}`,
          lifecyclestage: i % 4 === 0 ? 'marketingqualifiedlead' : 'lead',
        }).id,
      );
    }
    stack.standIn.setRecordClock(null);
    stack.standIn.deleteContact(made[17] ?? '');
    live = CONTACTS - 1;
    stack.standIn.setWebhookTarget(`${stack.batonUrl}/webhooks/hubspot`);
    tenant = await installThroughOAuth(stack.database.db, stack.batonUrl, stack.standIn);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The environment `baton backfill` reads, pointed at the stand-in, with the key Baton stored the tokens under. */
  const backfillEnvironment = () =>
    parseEnvironment({
      HUBSPOT_CLIENT_ID: DEMO_APP.clientId,
      // The demo stack keeps its client secret to itself; it is only sent to refresh a token, and
      // the token the install just stored is fresh for the whole run.
      HUBSPOT_CLIENT_SECRET: 'unused-while-the-installed-token-is-fresh',
      HUBSPOT_APP_ID: String(DEMO_APP.appId),
      HUBSPOT_API_BASE_URL: stack.standIn.baseUrl,
      TOKEN_ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: 'silent',
    });

  const snapshots = async () =>
    Number(
      (
        await queryRows<{ n: number | string }>(
          stack.database.db,
          sql`select count(*) as n from record_snapshots where tenant_id = ${tenant.id}`,
        )
      )[0]?.n,
    );

  it('imports every contact the portal holds, as `baton backfill hubspot` runs it', async () => {
    stack.standIn.resetCounters();
    let summary = '';
    // Progress and logs; the stand-in's contract check, not this stream, tells a bad request.
    const err = new Writable({ write: (_chunk, _encoding, done) => done() });
    const outcome = await hubspotAdapter.backfill?.(
      { env: backfillEnvironment(), db: stack.database.db, err, out: { write: (text) => (summary += text) } },
      { account: String(DEMO_APP.portalId), restart: false },
    );
    expect(outcome).toEqual({ interrupted: false });
    expect(summary).toContain(`finished: ${live} of ${live} contacts in 3 searches`);

    const run = await getBackfillRun(stack.database.db, tenant.id, 'contacts');
    expect(run).toMatchObject({ imported: live, expectedTotal: live, requests: 3, slicesDone: 1 });
    expect(run?.finishedAt).toBeInstanceOf(Date);
    expect(await snapshots()).toBe(live);
    expect(stack.standIn.callsByEndpoint()[`POST ${SEARCH}`]).toBe(3);
    expect(stack.standIn.rateLimited()).toBe(0);
  }, 60_000);

  it('halves the creation dates of a slice holding more than the search cap, and imports each contact once', async () => {
    const env = backfillEnvironment();
    const http = createBackfillHttp({
      env,
      db: stack.database.db,
      cipher: createTokenCipher(encryptionKey),
      logger: silent,
    });
    if (!http) throw new Error('the backfill client needs app credentials');
    stack.standIn.resetCounters();
    const outcome = await backfillHubSpotContacts({ db: stack.database.db, http, resultCap: 100 }, tenant, {
      restart: true,
    });
    expect(outcome.kind).toBe('finished');
    expect(outcome.run.imported).toBe(live);
    expect(outcome.run.slicesDone).toBeGreaterThan(2);
    expect(outcome.run.finishedAt).toBeInstanceOf(Date);
    expect(await snapshots()).toBe(live);
    // Baton's own search limiter (4 a second) keeps every one of its searches under HubSpot's 5.
    expect(stack.standIn.callsByEndpoint()[`POST ${SEARCH}`]).toBe(outcome.run.requests);
    expect(stack.standIn.rateLimited()).toBe(0);
  }, 60_000);
});
