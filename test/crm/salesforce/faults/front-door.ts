import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontDoor {
  /** The address the org sends its Outbound Messages to, whichever Baton is behind it. */
  readonly url: string;
  /** Sends what arrives to this Baton; undefined answers 503, as a load balancer does with no server behind it. */
  route(to: string | undefined): void;
  close(): Promise<void>;
}

/**
 * A fixed loopback address in front of Baton, as a load balancer or the public URL is: Baton
 * restarted on its data directory listens on a new port, and the org keeps one endpoint URL.
 */
export async function startFrontDoor(): Promise<FrontDoor> {
  let target: string | undefined;
  const server = createServer((incoming, outgoing) => {
    if (!target) {
      incoming.resume();
      outgoing.writeHead(503).end();
      return;
    }
    const upstream = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.once('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    route(to) {
      target = to;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
