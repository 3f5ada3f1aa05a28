import type { Router } from 'express';
import { createApp } from '../../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../../src/server/http-server.ts';
import type { TestStore } from '../../../store/harness.ts';
import { silentLogger } from '../api/hubspot-test-kit.ts';

export const silent = silentLogger();

/** Baton's app with these routers only, over the test store, on a free loopback port. */
export function serveRouters(store: TestStore, routers: readonly Router[]): Promise<RunningServer> {
  const app = createApp({
    logger: silent,
    pingStore: store.ping,
    engine: store.engine,
    version: 'test',
    routers: [...routers],
  });
  return startHttpServer(app, 0, '127.0.0.1');
}
