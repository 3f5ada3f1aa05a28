import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import helmet from 'helmet';

/** Where `npm run build:console` (run by `npm install`) writes the console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** The console's own paths; each answers the app, which routes in the browser. */
const PAGES = [
  'admin',
  'reports',
  'leads',
  'definitions',
  'funnel',
  'slas',
  'assessments',
  'audit',
  'feedback',
];

/**
 * The console's scripts and styles are files of this origin only: no inline script or style, no
 * third party, nothing may frame it, and it talks to Baton alone.
 */
const consoleHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'same-origin' },
});

/** Serves the built console at `/`; a checkout whose console was never built says how to build it. */
export function consoleStaticRouter(dist: string = CONSOLE_DIST): Router {
  const router = express.Router();
  const index = `${dist}index.html`;
  router.use(
    '/assets',
    consoleHeaders,
    express.static(`${dist}assets`, { immutable: true, maxAge: '1y', index: false }),
  );
  router.get(
    ['/', ...PAGES.flatMap((page) => [`/${page}`, `/${page}/*rest`])],
    consoleHeaders,
    (_req, res) => {
      if (!existsSync(index)) {
        res
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(
            'The console has not been built: run `npm run build:console` (npm install does it), then reload.',
          );
        return;
      }
      res.set('cache-control', 'no-cache').sendFile(index);
    },
  );
  return router;
}
