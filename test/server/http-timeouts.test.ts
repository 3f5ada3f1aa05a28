import { connect, type Socket } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import {
  HEADERS_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  type RunningServer,
  startHttpServer,
} from '../../src/server/http-server.ts';
import { captureLogs } from './log-capture.ts';

/** How late past its limit a slow client may still be connected. */
const SLACK_MS = 1_200;

/** Writes `head`, then a byte of `drip` per second, and resolves with what the server answered and when it closed. */
function slowClient(
  port: number,
  head: string,
  drip: string,
): Promise<{ answer: string; closedAfterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++] ?? '');
    }, 1_000);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

describe('slow clients', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 408 and closes when headers or the body arrive slower than the configured limits', async () => {
    const { logger } = captureLogs();
    const upload = express.Router();
    upload.post('/upload', express.raw({ type: () => true }), (_req, res) => {
      res.json({ ok: true });
    });
    server = await startHttpServer(
      createApp({
        logger,
        pingStore: async () => undefined,
        engine: 'pglite',
        version: 'test',
        routers: [upload],
      }),
      0,
      '127.0.0.1',
    );
    const port = server.port;
    const [headers, body] = await Promise.all([
      slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1234567890123456789012345'),
      slowClient(
        port,
        'POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n',
        'x'.repeat(100),
      ),
    ]);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(headers.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(body.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(body.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  }, 20_000);
});
