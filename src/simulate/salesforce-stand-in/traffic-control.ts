import type { NextFunction, Request, Response } from 'express';
import { REQUEST_LIMIT_EXCEEDED, sendRestError } from './salesforce-errors.ts';

/** Failures the next `count` matching requests get, before the org looks at them. */
export type InjectedFailure =
  | {
      readonly kind: 'server-error';
      readonly count: number;
      readonly status?: 500 | 502 | 503;
      readonly path?: string;
    }
  /** No answer; the connection drops after `hangMs` (30 s by default). */
  | { readonly kind: 'timeout'; readonly count: number; readonly hangMs?: number; readonly path?: string }
  | { readonly kind: 'request-limit'; readonly count: number; readonly path?: string };

export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  /** e.g. `GET /query`, `PATCH /composite/sobjects`, `POST /services/oauth2/token` (REST paths without `/services/data/vNN.0`, ids as `:id`). */
  readonly endpoint: string;
  readonly path: string;
  readonly status: number;
  /** `client` of `Sforce-Call-Options`, when sent. */
  readonly client: string | null;
}

export interface TrafficControl {
  readonly middleware: (request: Request, response: Response, next: NextFunction) => void;
  injectFailures(failure: InjectedFailure): void;
  injectLatency(ms: number): void;
  requestLog(): LoggedRequest[];
  callsByEndpoint(): Record<string, number>;
  resetCounters(): void;
  close(): void;
}

const API_PREFIX = /^\/services\/data\/v\d+\.\d+/;
const LOOKS_LIKE_ID = /^(?=[a-zA-Z0-9]*\d)[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Strips the API version and turns ids and query locators into placeholders, so calls group by resource. */
export function endpointOf(method: string, path: string): string {
  const segments = path
    .replace(API_PREFIX, '')
    .split('/')
    .map((segment, index, all) => {
      if (all[index - 1] === 'query' && /^01g[a-zA-Z0-9]+-\d+$/.test(segment)) return ':locator';
      return LOOKS_LIKE_ID.test(segment) ? ':id' : segment;
    });
  return `${method} ${segments.join('/') || '/'}`;
}

/** `client=Baton, defaultNamespace=baton` → `Baton`. */
export function callOptionsClient(request: Request): string | null {
  const header = request.get('sforce-call-options');
  if (!header) return null;
  for (const part of header.split(',')) {
    const [name, value] = part.split('=').map((piece) => piece.trim());
    if (name?.toLowerCase() === 'client' && value) return value;
  }
  return null;
}

export function createTrafficControl(options: { readonly clock: () => Date }): TrafficControl {
  let log: LoggedRequest[] = [];
  let latencyMs = 0;
  const failures: { failure: InjectedFailure; remaining: number }[] = [];
  const hung = new Set<Request>();

  const takeFailure = (path: string) => {
    const local = path.replace(API_PREFIX, '');
    const rule = failures.find(
      (entry) =>
        entry.remaining > 0 && (entry.failure.path === undefined || local.startsWith(entry.failure.path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.failure;
  };
  const hang = (request: Request, hangMs: number) => {
    hung.add(request);
    const timer = setTimeout(() => request.socket.destroy(), hangMs);
    request.socket.once('close', () => {
      clearTimeout(timer);
      hung.delete(request);
    });
  };

  const middleware = (request: Request, response: Response, next: NextFunction) => {
    const at = options.clock().getTime();
    const endpoint = endpointOf(request.method, request.path);
    const client = callOptionsClient(request);
    const path = request.path;
    response.once('finish', () => {
      log.push({ at, method: request.method, endpoint, path, status: response.statusCode, client });
    });
    const failure = takeFailure(request.path);
    if (failure?.kind === 'timeout') {
      log.push({ at, method: request.method, endpoint, path, status: 0, client });
      hang(request, failure.hangMs ?? 30_000);
      return;
    }
    if (failure?.kind === 'request-limit') {
      sendRestError(response, 403, REQUEST_LIMIT_EXCEEDED.errorCode, REQUEST_LIMIT_EXCEEDED.message);
      return;
    }
    if (failure?.kind === 'server-error') {
      const status = failure.status ?? 500;
      if (status === 502) {
        response.status(502).type('html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
      } else if (status === 503) {
        sendRestError(
          response,
          503,
          'SERVER_UNAVAILABLE',
          'Server temporarily unavailable, please try again later.',
        );
      } else {
        sendRestError(
          response,
          500,
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1946331174-31337 (-1106498420)',
        );
      }
      return;
    }
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  };

  return {
    middleware,
    injectFailures(failure) {
      if (!Number.isInteger(failure.count) || failure.count < 1) {
        throw new Error(`injectFailures needs a positive whole count, not ${failure.count}.`);
      }
      failures.push({ failure, remaining: failure.count });
    },
    injectLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    requestLog: () => [...log],
    callsByEndpoint() {
      const counts: Record<string, number> = {};
      for (const entry of log) counts[entry.endpoint] = (counts[entry.endpoint] ?? 0) + 1;
      return counts;
    },
    resetCounters() {
      log = [];
    },
    close() {
      for (const request of hung) request.socket.destroy();
      hung.clear();
      failures.length = 0;
    },
  };
}
