import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEnvironment } from '../../config/environment.ts';
import { connectCrms } from '../../crm/connect-crms.ts';
import type { Logger } from '../../log.ts';
import { createApp } from '../../server/app.ts';
import { type Database, openDatabase } from '../../store/database.ts';
import { createTokenCipher, generateEncryptionKey } from '../../store/token-cipher.ts';
import { createWorker, type Worker, type WorkerTuning } from '../../worker/worker-loop.ts';

/** Where Baton finds the HubSpot it talks to, and the app credentials both sides agree on. */
export interface HubSpotEndpoint {
  readonly apiBaseUrl: string;
  readonly authorizeUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId: number;
}

/** Where Baton finds the Salesforce it talks to: the login URL and the external client app's credentials. */
export interface SalesforceEndpoint {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The CRMs this Baton talks to; one left out is not configured, as in `npm start` without its variables. */
export interface CrmEndpoints {
  readonly hubspot?: HubSpotEndpoint;
  readonly salesforce?: SalesforceEndpoint;
}

export interface BatonOptions {
  /** Embedded PGlite's data directory; ignored when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly logger: Logger;
  /** Worker settings; unset, the worker runs as `npm start` runs it. */
  readonly worker?: WorkerTuning;
  /** The token encryption key; unset, a fresh one (another process then cannot read the tokens). */
  readonly encryptionKey?: string;
}

export interface RunningBaton {
  readonly database: Database;
  readonly worker: Worker;
  /** Baton's local URL, also its PUBLIC_BASE_URL. */
  readonly batonUrl: string;
  close(): Promise<void>;
}

/**
 * Baton wired exactly as `npm start` wires it (routes, HubSpot integration, worker) on a loopback
 * port, pointed at the CRMs given. The port is bound before the app is built because it is part of
 * PUBLIC_BASE_URL, which OAuth redirects and webhook signatures are computed from.
 */
export async function startBaton(options: BatonOptions, crms: CrmEndpoints): Promise<RunningBaton> {
  const { hubspot, salesforce } = crms;
  const { logger } = options;
  const closers: (() => Promise<void>)[] = [];
  // Closed in reverse: the worker first, then Baton's edge, then the store.
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
    const env = parseEnvironment({
      PUBLIC_BASE_URL: batonUrl,
      ...(hubspot
        ? {
            HUBSPOT_CLIENT_ID: hubspot.clientId,
            HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
            HUBSPOT_APP_ID: String(hubspot.appId),
            HUBSPOT_API_BASE_URL: hubspot.apiBaseUrl,
            HUBSPOT_AUTHORIZE_URL: hubspot.authorizeUrl,
          }
        : {}),
      ...(salesforce
        ? {
            SALESFORCE_CLIENT_ID: salesforce.clientId,
            SALESFORCE_CLIENT_SECRET: salesforce.clientSecret,
            SALESFORCE_LOGIN_URL: salesforce.loginUrl,
          }
        : {}),
    });
    const encryptionKey = options.encryptionKey ?? generateEncryptionKey();
    const crms = connectCrms({
      env,
      db: database.db,
      cipher: createTokenCipher(encryptionKey),
      encryptionKey,
      logger,
      clock: () => new Date(),
    });
    handle = createApp({
      logger,
      pingStore: () => database.ping(),
      engine: database.engine,
      version: 'demo',
      routers: crms.routers,
    });
    const worker = createWorker({
      database,
      handlers: crms.handlers,
      logger,
      ...options.worker,
    });
    worker.start();
    closers.push(() => worker.stop());
    return { database, worker, batonUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
