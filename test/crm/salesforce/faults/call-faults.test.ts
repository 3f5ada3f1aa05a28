import { eq } from 'drizzle-orm';
import { setDefaults } from 'jsforce/lib/request.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_CALL_TIMEOUT_MS } from '../../../../src/crm/salesforce/api/jsforce-timeout.ts';
import { inbox } from '../../../../src/store/schema.ts';
import { type FaultStack, startFaultStack } from './fault-stack.ts';
import {
  batonWritesPerLead,
  createWebLeads,
  expectFactsOnce,
  expectWorkedOnce,
  NEW_MQL_FACTS,
  statusesOf,
} from './lead-checks.ts';

const MINUTE = 60_000;
const ALLOCATION = 5_000;
const TOKEN = 'POST /services/oauth2/token';
const READ = 'GET /query';
const WRITE = 'PATCH /composite/sobjects';

/**
 * Salesforce refusing or failing Baton's calls, one org for all (its refresh tokens rotate): the
 * session expiring mid-batch, passing failures, the API allocation spent. The allocation's
 * tests run last: they move the clock on by 15 minutes at a time.
 */
let f: FaultStack;

beforeAll(async () => {
  f = await startFaultStack({ standIn: { rotateRefreshTokens: true } });
  // A first Lead worked before any fault: Lead's describe is cached from here on.
  createWebLeads(f.stack.standIn, 1, f.rep, 'Warm-up');
  await f.drain();
});
afterAll(async () => {
  await f?.close();
});

/**
 * The org's session ends while Baton is in the middle of a batch (the admin shortened the session
 * timeout, or a security policy logged Baton out): the next call is answered 401, Baton refreshes
 * the token once, keeps the rotated refresh token, and sends that call again; nothing is lost or
 * written twice.
 */
describe('Salesforce sync when the access token expires mid-batch', () => {
  beforeEach(() => {
    f.stack.standIn.resetCounters();
  });

  it('between the read and the write: the write is refused, refreshed once and sent again', async () => {
    const { standIn } = f.stack;
    const ids = createWebLeads(standIn, 5, f.rep, 'Expired write');
    await standIn.whenOutboundMessagesDelivered(10_000);
    expect(await f.worker.runOnce()).toMatchObject({ claimed: 5, done: 5 });
    standIn.expireAccessTokens();
    expect(await f.drain()).toMatchObject({ claimed: 5, done: 5, retried: 0, dead: 0 });
    expect(statusesOf(standIn, READ)).toEqual([200]);
    expect(statusesOf(standIn, WRITE)).toEqual([401, 200]);
    expect(standIn.callsByEndpoint()[TOKEN]).toBe(1);
    await expectWorkedOnce(f, ids);
  });

  it('between two collections calls of one write: the second is refreshed once and sent again', async () => {
    const { standIn } = f.stack;
    // 205 Leads: the write-back takes two sObject Collections calls (200, then 5).
    const ids = createWebLeads(standIn, 205, f.rep, 'Two calls');
    let expired = false;
    const stop = standIn.onChange((change) => {
      if (change.client === 'Baton' && !expired) {
        expired = true;
        standIn.expireAccessTokens();
      }
    });
    try {
      expect(await f.drain()).toMatchObject({ done: 410, retried: 0, dead: 0 });
    } finally {
      stop();
    }
    expect(expired).toBe(true);
    expect(statusesOf(standIn, WRITE)).toEqual([200, 401, 200]);
    // Refresh tokens rotate in this org: a refresh with a spent one would be answered invalid_grant.
    expect(standIn.callsByEndpoint()[TOKEN]).toBe(1);
    expect(standIn.requestLog().find((call) => call.endpoint === TOKEN)?.status).toBe(200);
    await expectWorkedOnce(f, ids);
  });

  it('before the read: the query is refused, refreshed once and sent again', async () => {
    const { standIn } = f.stack;
    const ids = createWebLeads(standIn, 3, f.rep, 'Expired read');
    await standIn.whenOutboundMessagesDelivered(10_000);
    standIn.expireAccessTokens();
    expect(await f.drain()).toMatchObject({ done: 6, retried: 0, dead: 0 });
    expect(statusesOf(standIn, READ)).toEqual([401, 200]);
    expect(statusesOf(standIn, WRITE)).toEqual([200]);
    expect(standIn.callsByEndpoint()[TOKEN]).toBe(1);
    await expectWorkedOnce(f, ids);
  });
});

/**
 * Salesforce failing in passing: 5xx answers, a connection dropped unanswered, a call that takes
 * longer than Baton waits. Each failed call is tried again (by jsforce for reads, by the worker's
 * backoff otherwise) and each Lead ends as if nothing had failed: its facts once, its card once.
 */
describe('Salesforce sync when Salesforce fails in passing', () => {
  beforeEach(() => {
    f.stack.standIn.resetCounters();
  });

  /** Drains, then moves the clock past every backoff due within `withinMs` and drains again, until nothing waits. */
  async function workThrough(withinMs = 60_000) {
    for (let round = 0; round < 10; round += 1) {
      await f.drain();
      const pending = await f.db.select().from(inbox).where(eq(inbox.status, 'pending'));
      if (pending.length === 0) return;
      const next = Math.min(...pending.map((item) => item.nextAttemptAt.getTime())) - f.clock.now().getTime();
      if (next > withinMs) throw new Error(`work waits ${next} ms, longer than ${withinMs}`);
      f.clock.advance(Math.max(0, next) + 1);
    }
    throw new Error('work kept failing');
  }

  it('a read answered 503 and 500 is retried by jsforce itself, unseen by the worker: one read, one write', async () => {
    const { standIn } = f.stack;
    standIn.injectFailures({ kind: 'server-error', status: 503, count: 1, path: '/query' });
    standIn.injectFailures({ kind: 'server-error', status: 500, count: 1, path: '/query' });
    const ids = createWebLeads(standIn, 4, f.rep, 'Read 5xx');
    expect(await f.drain()).toMatchObject({ done: 8, retried: 0, dead: 0 });
    expect(statusesOf(standIn, READ)).toEqual([503, 500, 200]);
    expect(statusesOf(standIn, WRITE)).toEqual([200]);
    await expectWorkedOnce(f, ids);
  });

  it('a write answered 502 (an HTML page) waits its backoff and is sent again', async () => {
    const { standIn } = f.stack;
    standIn.injectFailures({ kind: 'server-error', status: 502, count: 1, path: '/composite/sobjects' });
    const ids = createWebLeads(standIn, 1, f.rep, 'Write 502');
    const before = f.clock.now().getTime();
    expect(await f.drain()).toMatchObject({ done: 1, retried: 1, dead: 0 });
    const [waiting] = await f.db.select().from(inbox).where(eq(inbox.status, 'pending'));
    expect(waiting?.lastError).toContain('Salesforce is unavailable (writing Baton fields)');
    // jsforce never repeats a PATCH: the org was not asked twice.
    expect(statusesOf(standIn, WRITE)).toEqual([502]);
    // Half the first backoff ceiling (1 s) after the failure, as the worker's jitter is pinned at 0.5.
    expect(waiting?.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 500);
    expect(waiting?.nextAttemptAt.getTime()).toBeLessThanOrEqual(f.clock.now().getTime() + 500);
    await workThrough();
    expect(statusesOf(standIn, WRITE)).toEqual([502, 200]);
    await expectWorkedOnce(f, ids);
  });

  it('a batch whose write is answered 500 writes every Lead once after the retry', async () => {
    const { standIn } = f.stack;
    standIn.injectFailures({ kind: 'server-error', status: 500, count: 1, path: '/composite/sobjects' });
    const ids = createWebLeads(standIn, 6, f.rep, 'Write 500');
    await workThrough();
    expect(statusesOf(standIn, WRITE)[0]).toBe(500);
    expect(statusesOf(standIn, READ)).toEqual([200]);
    await expectWorkedOnce(f, ids);
  });

  it('a read and a write whose connections drop unanswered are tried again', async () => {
    const { standIn } = f.stack;
    standIn.injectFailures({ kind: 'timeout', count: 1, hangMs: 150, path: '/query' });
    const read = createWebLeads(standIn, 3, f.rep, 'Dropped read');
    await workThrough();
    // jsforce repeats a GET on its socket error's cause (ECONNRESET and the like); a socket closed unanswered has none.
    expect(statusesOf(standIn, READ)[0]).toBe(0);
    await expectWorkedOnce(f, read);

    standIn.resetCounters();
    standIn.injectFailures({ kind: 'timeout', count: 1, hangMs: 150, path: '/composite/sobjects' });
    const written = createWebLeads(standIn, 3, f.rep, 'Dropped write');
    await workThrough();
    expect(statusesOf(standIn, READ)).toEqual([200]);
    expect(statusesOf(standIn, WRITE)[0]).toBe(0);
    await expectWorkedOnce(f, written);
  });

  it('a call that outlasts jsforce’s timeout is given up and tried again', async () => {
    const { standIn } = f.stack;
    // The one-minute call timeout is jsforce's process-wide default; shortened here so the test takes a second.
    setDefaults({ timeout: 300, followRedirect: true });
    try {
      standIn.injectFailures({ kind: 'timeout', count: 1, hangMs: 30_000, path: '/query' });
      const ids = createWebLeads(standIn, 1, f.rep, 'Slow read');
      const started = Date.now();
      expect(await f.drain()).toMatchObject({ done: 0, retried: 1 });
      expect(Date.now() - started).toBeLessThan(10_000);
      const [waiting] = await f.db.select().from(inbox).where(eq(inbox.status, 'pending'));
      expect(waiting?.lastError).toContain('Salesforce did not answer (reading Leads)');
      await workThrough();
      expect(statusesOf(standIn, READ)).toEqual([0, 200]);
      await expectWorkedOnce(f, ids);
    } finally {
      setDefaults({ timeout: SALESFORCE_CALL_TIMEOUT_MS, followRedirect: true });
    }
  });
});

/**
 * Salesforce answers REQUEST_LIMIT_EXCEEDED once the org's rolling 24 h API allocation is spent.
 * Baton's work then waits 15 minutes (on the test's clock), and ends as it would have: each Lead's
 * facts recorded once, its card written once.
 */
describe('Salesforce sync when the org’s API allocation is spent', () => {
  beforeEach(() => {
    f.stack.standIn.setApiAllocation({ max: ALLOCATION, used: 0, enforce: true });
    f.stack.standIn.resetCounters();
  });

  async function waiting() {
    return f.db.select().from(inbox).where(eq(inbox.status, 'pending'));
  }

  it('a refused read waits out the backoff, then the Leads are read once and written once', async () => {
    const { standIn } = f.stack;
    standIn.setApiAllocation({ used: ALLOCATION });
    const ids = createWebLeads(standIn, 5, f.rep, 'Spent read');
    expect(await f.drain()).toMatchObject({ claimed: 5, done: 0, retried: 5, dead: 0 });
    const held = await waiting();
    expect(held).toHaveLength(5);
    for (const item of held) {
      expect(item.lastError).toContain('API allocation is spent (reading Leads)');
      expect(item.nextAttemptAt.getTime() - f.clock.now().getTime()).toBeGreaterThan(14.9 * MINUTE);
    }
    expect(statusesOf(standIn, 'GET /query').every((status) => status === 403)).toBe(true);
    expect(statusesOf(standIn, 'PATCH /composite/sobjects')).toEqual([]);

    // Fourteen minutes on, nothing is due and nothing is sent.
    f.clock.advance(14 * MINUTE);
    standIn.resetCounters();
    expect(await f.drain()).toMatchObject({ claimed: 0 });
    expect(standIn.requestLog()).toEqual([]);

    standIn.setApiAllocation({ used: 0 });
    f.clock.advance(MINUTE + 1_000);
    expect(await f.drain()).toMatchObject({ done: 10, retried: 0, dead: 0 });
    expect(statusesOf(standIn, 'GET /query')).toEqual([200]);
    expect(statusesOf(standIn, 'PATCH /composite/sobjects')).toEqual([200]);
    await expectWorkedOnce(f, ids);
  });

  it('a refused write waits out the backoff with the facts already recorded, then writes each card once', async () => {
    const { standIn } = f.stack;
    const ids = createWebLeads(standIn, 5, f.rep, 'Spent write');
    await standIn.whenOutboundMessagesDelivered(10_000);
    // The read and the ledger go through; the allocation runs out before the write-back.
    expect(await f.worker.runOnce()).toMatchObject({ claimed: 5, done: 5 });
    standIn.setApiAllocation({ used: ALLOCATION });
    expect(await f.drain()).toMatchObject({ claimed: 5, done: 0, retried: 5, dead: 0 });
    for (const item of await waiting()) {
      expect(item.kind).toBe('salesforce_writeback');
      expect(item.lastError).toContain('API allocation is spent (writing Baton fields)');
    }
    await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);
    expect(batonWritesPerLead(standIn, ids)).toEqual([0, 0, 0, 0, 0]);

    f.clock.advance(14 * MINUTE);
    expect(await f.drain()).toMatchObject({ claimed: 0 });
    standIn.setApiAllocation({ used: 0 });
    f.clock.advance(MINUTE + 1_000);
    standIn.resetCounters();
    expect(await f.drain()).toMatchObject({ claimed: 5, done: 5, retried: 0, dead: 0 });
    expect(standIn.callsByEndpoint()).toEqual({ 'PATCH /composite/sobjects': 1 });
    await expectWorkedOnce(f, ids);
  });

  it('stops at its share of the allocation before the org refuses: the write waits without a call', async () => {
    const { standIn } = f.stack;
    // The read's answer reports 951 of 1 000 used: past the 90% Baton takes for itself.
    standIn.setApiAllocation({ max: 1_000, used: 950 });
    const ids = createWebLeads(standIn, 3, f.rep, 'Share');
    expect(await f.drain()).toMatchObject({ done: 3, retried: 3, dead: 0 });
    expect(statusesOf(standIn, 'GET /query')).toEqual([200]);
    expect(statusesOf(standIn, 'PATCH /composite/sobjects')).toEqual([]);
    for (const item of await waiting()) expect(item.lastError).toContain('Baton has used its share');

    // Once the reading is older than the backoff, one call goes and finds the allocation free again.
    standIn.setApiAllocation({ used: 0 });
    f.clock.advance(15 * MINUTE + 1_000);
    expect(await f.drain()).toMatchObject({ claimed: 3, done: 3, retried: 0 });
    expect(statusesOf(standIn, 'PATCH /composite/sobjects')).toEqual([200]);
    await expectWorkedOnce(f, ids);
  });
});
