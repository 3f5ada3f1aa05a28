import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http-server.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';
import { type CapturedLog, captureLogs } from './log-capture.ts';
import { serveOAuthApp } from './oauth-app-kit.ts';

const ADMIN_TOKEN = 'admin-token-3f7a9c2e';
const UNKNOWN_TENANT = { tenantId: '00000000-0000-4000-8000-000000000000' };

describe('admin token on POST /oauth/hubspot/disconnect', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let base: string;
  let now: number;
  let lines: CapturedLog[];
  let raw: string[];

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(): Promise<void> {
    now = Date.parse('2026-03-02T10:00:00.000Z');
    const capture = captureLogs();
    lines = capture.lines;
    raw = capture.raw;
    const served = await serveOAuthApp({
      store,
      logger: capture.logger,
      adminToken: ADMIN_TOKEN,
      clock: () => new Date(now),
    });
    server = served.server;
    base = served.base;
  }

  const disconnect = (token: string) =>
    fetch(`${base}/oauth/hubspot/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(UNKNOWN_TENANT),
    });

  it('logs each failed attempt with the address, never the token sent', async () => {
    await serve();
    const guess = 'guessed-token-0000';
    const response = await disconnect(guess);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const refused = lines.filter((line) => line.msg.startsWith('admin token refused'));
    expect(refused).toEqual([expect.objectContaining({ level: 40, ip: '127.0.0.1', failures: 1 })]);
    expect(raw.join('')).not.toContain(guess);
    expect(raw.join('')).not.toContain(ADMIN_TOKEN);
  });

  it('answers 429 with Retry-After after 10 failures, even to the right token, until the window ends', async () => {
    await serve();
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await disconnect(`wrong-${attempt}`)).status).toBe(401);
    }
    const blocked = await disconnect(ADMIN_TOKEN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect(await blocked.json()).toEqual({
      error: { code: 'admin_token_rate_limited', message: expect.stringContaining('try again later') },
    });

    now += 10 * 60_000;
    expect((await disconnect(ADMIN_TOKEN)).headers.get('retry-after')).toBe('300');
    now += 5 * 60_000;
    // The right token passes the guard again: the unknown tenant is the route's own answer.
    expect((await disconnect(ADMIN_TOKEN)).status).toBe(404);
  });

  it('does not count the right token as a failure', async () => {
    await serve();
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      expect((await disconnect(ADMIN_TOKEN)).status).toBe(404);
    }
    expect(lines.filter((line) => line.msg.startsWith('admin token refused'))).toEqual([]);
  });
});
