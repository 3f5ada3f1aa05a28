import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEnvironment } from '../../config/environment.ts';
import { createHubSpotIntegration } from '../../crm/hubspot/hubspot-integration.ts';
import type { Logger } from '../../log.ts';
import { createApp } from '../../server/app.ts';
import { type Database, openDatabase } from '../../store/database.ts';
import { createTokenCipher, generateEncryptionKey } from '../../store/token-cipher.ts';
import { createDefaultHandlers } from '../../worker/default-handlers.ts';
import { createWorker, type Worker } from '../../worker/worker-loop.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';

export interface DemoStackOptions {
  /** Embedded PGlite's data directory; ignored when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly logger: Logger;
  /** HubSpot's OpenAPI specs for the stand-in's request checks; null skips them. */
  readonly openApiDirectory?: string | null;
  /** Worker settings; unset, the worker runs as `npm start` runs it. */
  readonly worker?: { readonly batchSize?: number; readonly idleMs?: number; readonly coalesceMs?: number };
}

export interface DemoStack {
  readonly standIn: HubSpotStandIn;
  readonly database: Database;
  readonly worker: Worker;
  /** Baton's local URL, also its PUBLIC_BASE_URL. */
  readonly batonUrl: string;
  close(): Promise<void>;
}

/** Any values work, as long as Baton and the stand-in agree on them. */
const DEMO_APP = { clientId: 'baton-demo-app', appId: 1_160_452, portalId: 62_515 };

/**
 * Baton wired exactly as `npm start` wires it (routes, HubSpot integration, worker), pointed at a
 * HubSpot stand-in on loopback. Baton's port is bound before the app is built because the port is
 * part of PUBLIC_BASE_URL, which OAuth redirects and webhook signatures are computed from.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const { logger } = options;
  const clientSecret = randomBytes(24).toString('base64url');
  const closers: (() => Promise<void>)[] = [];
  // Closed in reverse: the worker first, then webhooks stop, then Baton's edge, then the store.
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
    closers.push(() => database.close());
    let handle: RequestListener = (_request, response) => void response.writeHead(503).end();
    const server = createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const batonUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const standIn = await startHubSpotStandIn({
      ...DEMO_APP,
      clientSecret,
      webhookTargetUrl: `${batonUrl}/webhooks/hubspot`,
      logger,
      ...(options.openApiDirectory === undefined ? {} : { openApiDirectory: options.openApiDirectory }),
    });
    closers.push(() => standIn.close());

    const env = parseEnvironment({
      PUBLIC_BASE_URL: batonUrl,
      HUBSPOT_CLIENT_ID: DEMO_APP.clientId,
      HUBSPOT_CLIENT_SECRET: clientSecret,
      HUBSPOT_APP_ID: String(DEMO_APP.appId),
      HUBSPOT_API_BASE_URL: standIn.baseUrl,
      HUBSPOT_AUTHORIZE_URL: standIn.authorizeUrl,
    });
    const encryptionKey = generateEncryptionKey();
    const hubspot = createHubSpotIntegration({
      env,
      db: database.db,
      cipher: createTokenCipher(encryptionKey),
      encryptionKey,
      logger,
    });
    handle = createApp({
      logger,
      pingStore: () => database.ping(),
      engine: database.engine,
      version: 'demo',
      routers: hubspot.routers,
    });
    const worker = createWorker({
      database,
      handlers: hubspot.register(createDefaultHandlers()),
      logger,
      ...options.worker,
    });
    worker.start();
    closers.push(() => worker.stop());
    return { standIn, database, worker, batonUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
