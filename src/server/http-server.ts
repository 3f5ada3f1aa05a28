import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  /** The address listened on, e.g. `0.0.0.0` or `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** Stops accepting connections and resolves once in-flight requests have been answered. */
  close(): Promise<void>;
}

/** Answer webhook retries promptly: HubSpot gives up on a delivery after 5 s. */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Node enforces both timeouts only when it sweeps its connections, every 30 s by default, so a
 * slow client held a socket for up to 22.8 s (headers) or 30 s (body). Sweeping twice a second
 * makes the limits hold within half a second, for the cost of a walk over open connections.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 500;

/** `host` defaults to every IPv4 interface, as Baton always listened. */
export function startHttpServer(app: Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS }, app);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        host: address.address,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
