import express, { type Express } from 'express';
import type { AppDependencies } from './app-dependencies.ts';
import { errorHandler } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { securityHeaders } from './security-headers.ts';

/** The HTTP edge. Routes verify and acknowledge; workers do the work. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders());
  app.use(healthRoutes(deps));
  for (const router of deps.routers ?? []) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}
