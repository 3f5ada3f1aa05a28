import { Router } from 'express';
import type { AppDependencies } from './app-dependencies.ts';

const PING_TIMEOUT_MS = 2_000;

export function healthRoutes(deps: AppDependencies): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await withTimeout(deps.pingStore(), PING_TIMEOUT_MS);
      res.json({ status: 'ok', store: deps.engine, version: deps.version });
    } catch (error) {
      deps.logger.warn({ err: error }, 'health check: store did not answer');
      res.status(503).json({ status: 'unavailable', store: deps.engine, version: deps.version });
    }
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
