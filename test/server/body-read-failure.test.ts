import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { hubspotWebhookRouter } from '../../webhooks/hubspot/hubspot-webhook-route.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';
import { type CapturedLog, captureLogs, ERROR_LEVEL } from './log-capture.ts';

/**
 * Unauthenticated callers can send any bytes to the webhook route before its signature check:
 * a body that cannot be read is their mistake, answered 4xx and logged without a stack below error.
 */
describe('request bodies Baton cannot read', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let lines: CapturedLog[];
  let base: string;

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(): Promise<void> {
    const capture = captureLogs();
    lines = capture.lines;
    const router = hubspotWebhookRouter({
      db: store.db,
      config: { publicBaseUrl: 'https://baton.example.com', clientSecrets: ['secret'] },
      clock: () => new Date(),
      logger: capture.logger,
    });
    const app = createApp({
      logger: capture.logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [router],
    });
    server = await startHttpServer(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  }

  const refusals = () => lines.filter((line) => line.msg === 'request body refused');

  it.each(['gzip', 'deflate', 'br'])(
    'answers 400 to a body labelled %s that is not compressed, with no error logged',
    async (encoding) => {
      await serve();
      const response = await fetch(`${base}/webhooks/hubspot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '[{"eventId":1}]',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'body_not_decodable', message: expect.stringContaining('Content-Encoding') },
      });
      expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
      expect(refusals()).toEqual([expect.objectContaining({ level: 30, reason: 'body_not_decodable' })]);
      expect(JSON.stringify(lines)).not.toContain('"stack"');
    },
  );

  it('answers 415 to an encoding it does not know', async () => {
    await serve();
    const response = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
      body: '[]',
    });
    expect(response.status).toBe(415);
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('answers 413 to a body over the limit', async () => {
    await serve();
    const response = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('logs an upload the client aborts at debug level, not as an error', async () => {
    await serve();
    const socket = connect(server?.port ?? 0, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /webhooks/hubspot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 5000\r\n\r\n[{"eventId":',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await expect.poll(() => refusals(), { timeout: 5_000 }).toHaveLength(1);
    expect(refusals()[0]).toMatchObject({ level: 20, reason: 'request_aborted', path: '/webhooks/hubspot' });
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });
});
