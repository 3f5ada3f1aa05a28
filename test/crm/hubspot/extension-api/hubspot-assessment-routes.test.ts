import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondentRouter } from '../../../../src/api/assessments/respondent-routes.ts';
import { hubspotAssessmentsRouter } from '../../../../src/crm/hubspot/extension-api/hubspot-assessment-routes.ts';
import { createLogger } from '../../../../src/log.ts';
import { createApp } from '../../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../../src/server/http-server.ts';
import { listAudit } from '../../../../src/store/audit-log.ts';
import { queryRows } from '../../../../src/store/database.ts';
import { type Tenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { at, installTenant } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { serveRouters, silent } from './serve-routers.ts';
import { type SignedCall, signedCall } from './signed-call.ts';

const SECRET = 'assess-secret';
const PUBLIC = 'https://baton.example.com';
const BASE = '/api/hubspot/assessments';
const ADA = '7001';
const SAM = '7002';

let store: TestStore;
let server: RunningServer;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  other = await installTenant(store.db, 'Globex');
  for (const t of [tenant, other])
    await updateTenantSettings(
      store.db,
      t.id,
      (s) => ({ ...s, roles: { admin: { users: [ADA] }, sales: { users: [SAM] } } }),
      { actor: 'test', now: at(0) },
    );
  server = await serveRouters(store, [
    hubspotAssessmentsRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
      userOf: async () => ({ ownerId: null, teamIds: [] }),
      clock: () => at(60),
      logger: silent,
    }),
    respondentRouter({ db: store.db }),
  ]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

const call = (route: string, request: Partial<SignedCall> = {}, portal = tenant) =>
  // biome-ignore lint/suspicious/noExplicitAny: each test checks the fields of the answer it reads
  signedCall<any>(server, PUBLIC, {
    path: `${BASE}${route}`,
    portal: portal.externalId,
    user: ADA,
    secret: SECRET,
    timestamp: at(60).getTime(),
    ...request,
  });

/** What a respondent's browser does with a link: the public page on Baton's own host. */
const local = (url: string) => url.replace(PUBLIC, `http://127.0.0.1:${server.port}`);
const answer = (url: string, fields: Record<string, string>) =>
  fetch(local(url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const trustAnswers = (value: number) =>
  Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`items.${i}`, String(value)]));

describe('assessment rounds over HubSpot and the respondent page', () => {
  it('lets only an admin open a round, refusing functions the instrument does not take', async () => {
    const refused = await call('/', {
      method: 'POST',
      user: SAM,
      body: { instrument: 'c3:trust', invitations: [{ function: 'sales', count: 3 }] },
    });
    expect(refused.status).toBe(403);
    const salesOnly = await call('/', {
      method: 'POST',
      body: { instrument: 'c3:buy-in', invitations: [{ function: 'marketing', count: 3 }] },
    });
    expect(salesOnly.status).toBe(400);
    expect(salesOnly.body.error.issues).toEqual([
      { path: 'invitations.0.function', message: 'c3:buy-in is answered by sales only' },
    ]);
    expect((await call('/')).body.rounds).toEqual([]);
  });

  it('collects anonymous answers through single-use links and shows groups of three or more only', async () => {
    const opened = await call('/', {
      method: 'POST',
      body: {
        instrument: 'c3:trust',
        name: 'Spring check',
        invitations: [
          { function: 'sales', count: 3 },
          { function: 'marketing', level: 'manager', count: 2 },
        ],
      },
    });
    expect(opened.status).toBe(201);
    const links: { function: string; level: string | null; url: string }[] = opened.body.links;
    expect(links.map((l) => `${l.function}@${l.level}`)).toEqual([
      'sales@null',
      'sales@null',
      'sales@null',
      'marketing@manager',
      'marketing@manager',
    ]);
    expect(new Set(links.map((l) => l.url)).size).toBe(5);
    for (const link of links)
      expect(link.url).toMatch(/^https:\/\/baton\.example\.com\/assess\/[A-Za-z0-9_-]{43}$/);

    // The form lists the instrument's items, posts only to itself, and runs no script.
    const page = await fetch(local(links[0]?.url ?? ''));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Trust and openness');
    expect(html.match(/<fieldset/g)).toHaveLength(7);
    expect(html).not.toContain('<script');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    // A missing answer is refused with the statement named, and the link stays usable.
    const partial = await answer(links[0]?.url ?? '', { 'items.0': '5' });
    expect(partial.status).toBe(400);
    expect(await partial.text()).toContain('statement 2 has no answer');

    for (const [i, link] of links.entries()) {
      const saved = await answer(link.url, trustAnswers(i < 3 ? 6 : 2));
      expect(saved.status).toBe(200);
    }
    const again = await answer(links[0]?.url ?? '', trustAnswers(1));
    expect(again.status).toBe(410);
    expect((await fetch(local(links[0]?.url ?? ''))).status).toBe(410);
    expect((await fetch(`http://127.0.0.1:${server.port}/assess/not-a-link`)).status).toBe(404);

    // Answers carry no trace of their link or time.
    const columns = await queryRows<{ name: string }>(
      store.db,
      sql`select column_name as name from information_schema.columns where table_name = 'assessment_responses' order by ordinal_position`,
    );
    expect(columns.map((c) => c.name)).toEqual([
      'id',
      'tenant_id',
      'round_id',
      'function',
      'level',
      'answers',
    ]);

    const roundId = opened.body.round.id;
    const view = await call(`/${roundId}`);
    expect(view.status).toBe(200);
    expect(view.body.round).toMatchObject({ invited: 5, answered: 5, status: 'open' });
    expect(view.body.results.byFunction).toEqual({
      sales: expect.objectContaining({ shown: true, respondents: 3, score: 6, band: 'high' }),
      marketing: { shown: false, respondents: 'fewer than 3' },
    });
    expect(view.body.results.gap).toBeNull();
    expect(view.body.results.byLevel.manager).toEqual({ shown: false, respondents: 'fewer than 3' });
    expect(view.body.results.overall).toMatchObject({ score: 4.4, band: 'middle' });
    expect(view.body.behaviour).toMatchObject({ handedOff: 0, acceptanceRate: null });
    expect(view.body.trend).toEqual([
      { roundId, name: 'Spring check', openedAt: at(60).getTime(), overall: 4.4, byFunction: { sales: 6 } },
    ]);
    expect(view.body.nextRound.state).toBe('not_yet');
    expect(JSON.stringify(view.body)).not.toMatch(/"answers"/);

    // Closing stops the links; another tenant sees neither the round nor its results.
    expect((await call(`/${roundId}`, {}, other)).status).toBe(404);
    expect((await call(`/${roundId}/close`, { method: 'POST' }, other)).status).toBe(404);
    const closed = await call(`/${roundId}/close`, { method: 'POST' });
    expect(closed.body.status).toBe('closed');
    const audit = await listAudit(store.db, tenant.id, { subjectType: 'assessment_round' });
    expect(audit.map((a) => a.action).sort()).toEqual(['assessment.closed', 'assessment.opened']);
    const list = await call('/');
    expect(list.body.rounds).toHaveLength(1);
    expect(list.body.nextRounds['c3:trust'].state).toBe('not_yet');
  });

  it('answers 410 on a closed round', async () => {
    const opened = await call('/', {
      method: 'POST',
      body: { instrument: 'c3:trust', invitations: [{ function: 'sales', count: 1 }] },
    });
    const [link] = opened.body.links;
    await call(`/${opened.body.round.id}/close`, { method: 'POST' });
    expect((await answer(link.url, trustAnswers(4))).status).toBe(410);
  });

  it("keeps a respondent link's token out of the logs when its body is refused", async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write: (chunk, _e, cb) => {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    const app = createApp({
      logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [respondentRouter({ db: store.db })],
    });
    const own = await startHttpServer(app, 0, '127.0.0.1');
    try {
      const token = 'a'.repeat(43);
      const refused = await fetch(`http://127.0.0.1:${own.port}/assess/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `items.0=${'5'.repeat(20_000)}`,
      });
      expect(refused.status).toBe(413);
      expect(lines.join('')).toContain('/assess/<token>');
      expect(lines.join('')).not.toContain(token);
    } finally {
      await own.close();
    }
  });
});
