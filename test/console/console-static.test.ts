import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleStaticRouter } from '../../src/console/console-static.ts';
import { createApp } from '../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../src/server/http-server.ts';
import { captureLogs } from '../server/log-capture.ts';

let dist: string;
let built: RunningServer;
let unbuilt: RunningServer;
const base = (server: RunningServer) => `http://127.0.0.1:${server.port}`;

const serve = (folder: string) =>
  startHttpServer(
    createApp({
      logger: captureLogs().logger,
      pingStore: async () => {},
      engine: 'pglite',
      version: 'test',
      routers: [consoleStaticRouter(folder)],
    }),
    0,
    '127.0.0.1',
  );

beforeAll(async () => {
  dist = `${await mkdtemp(join(tmpdir(), 'baton-console-dist-'))}/`;
  await mkdir(join(dist, 'assets'));
  await writeFile(
    join(dist, 'index.html'),
    '<!doctype html><title>Baton</title><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
  built = await serve(dist);
  unbuilt = await serve(join(dist, 'missing/'));
});

afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the console at /', () => {
  it.each(['/', '/leads', '/leads/123', '/definitions', '/audit', '/feedback'])(
    'answers %s with the app under a policy allowing no inline script or style and no framing',
    async (path) => {
      const response = await fetch(`${base(built)}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/<title>Baton<\/title>/);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    },
  );

  it('serves the built assets for a year, and nothing outside the build', async () => {
    const asset = await fetch(`${base(built)}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base(built)}/assets/../index.html`)).status).not.toBe(500);
    expect((await fetch(`${base(built)}/assets/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${base(built)}/elsewhere`)).status).toBe(404);
  });

  it('says how to build the console when it was never built', async () => {
    const response = await fetch(`${base(unbuilt)}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/npm run build:console/);
  });
});
