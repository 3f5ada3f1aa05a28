import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('HTTP edge', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(pingStore: () => Promise<void>) {
    server = await startHttpServer(
      createApp({ logger: silent, pingStore, engine: 'postgres', version: '9.9.9' }),
      0,
      '127.0.0.1',
    );
    return `http://127.0.0.1:${server.port}`;
  }

  it('reports healthy when the store answers', async () => {
    const base = await serve(async () => undefined);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'postgres', version: '9.9.9' });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('reports 503 when the store does not answer, without leaking the error', async () => {
    const base = await serve(async () => {
      throw new Error('connect ECONNREFUSED postgres://baton:hunter2@db');
    });
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).not.toContain('hunter2');
    expect(JSON.parse(body)).toMatchObject({ status: 'unavailable' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const base = await serve(async () => undefined);
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });

  it('closes and frees its port', async () => {
    const base = await serve(async () => undefined);
    const port = server?.port;
    await server?.close();
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(typeof port).toBe('number');
  });
});
