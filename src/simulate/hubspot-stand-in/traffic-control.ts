import type { NextFunction, Request, Response } from 'express';
import { hubSpotErrorBody, rateLimitBody } from './hubspot-error-body.ts';

export interface RateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

export interface InjectedFault {
  readonly status: 429 | 500 | 502 | 503;
  /** How many requests get this answer. */
  readonly count: number;
  /** Only requests whose path starts with this. */
  readonly path?: string;
  /** Retry-After of an injected 429, seconds (default 1). */
  readonly retryAfterSeconds?: number;
}

export interface CallWindow {
  readonly windowStart: number;
  readonly calls: number;
}

export interface TrafficControl {
  readonly middleware: (request: Request, response: Response, next: NextFunction) => void;
  injectFaults(fault: InjectedFault): void;
  injectLatency(ms: number): void;
  /** The next `count` requests get no answer; their connection is dropped after `hangMs`. */
  injectTimeouts(count: number, hangMs: number): void;
  callsByEndpoint(): Record<string, number>;
  /** Portal API calls (what HubSpot's per-portal limit counts) in fixed windows of the limit's length. */
  callsByWindow(): CallWindow[];
  /** The most portal API calls received in any rolling window of the limit's length, 429s included. */
  maxCallsInAnyWindow(): number;
  rateLimited(): number;
  resetCounters(): void;
  close(): void;
}

/**
 * CRM search requests: HubSpot's specs exempt them from the ten-secondly limit
 * (`x-hubspot-rate-limit-exemptions`) and HubSpot holds them to a per-second limit of their own.
 */
function isSearchCall(method: string, path: string): boolean {
  return method === 'POST' && path.startsWith('/crm/') && path.endsWith('/search');
}

/** Portal API calls: what HubSpot counts against an install's limit (OAuth calls and searches are not). */
function isPortalCall(method: string, path: string): boolean {
  return (path.startsWith('/crm/') || path.startsWith('/appinstalls/')) && !isSearchCall(method, path);
}

/** Drops admissions older than the window; the Retry-After in seconds when the window is full. */
function admit(admitted: number[], limit: RateLimit, now: number): number | null {
  const windowStart = now - limit.windowMs;
  while (admitted.length > 0 && (admitted[0] ?? now) <= windowStart) admitted.shift();
  if (admitted.length >= limit.requests) {
    const freesAt = (admitted[0] ?? now) + limit.windowMs;
    return Math.max(1, Math.ceil((freesAt - now) / 1000));
  }
  admitted.push(now);
  return null;
}

export function createTrafficControl(options: {
  readonly clock: () => Date;
  readonly rateLimit: RateLimit;
  readonly searchRateLimit: RateLimit;
}) {
  const { rateLimit, searchRateLimit } = options;
  const byEndpoint = new Map<string, number>();
  let arrivals: number[] = [];
  let admitted: number[] = [];
  let searchesAdmitted: number[] = [];
  let rateLimitedCount = 0;
  let latencyMs = 0;
  let hangs = { remaining: 0, hangMs: 0 };
  const faults: { fault: InjectedFault; remaining: number }[] = [];
  const hung = new Set<Request>();

  const hold = (request: Request) => {
    hung.add(request);
    const timer = setTimeout(() => request.socket.destroy(), hangs.hangMs);
    request.socket.once('close', () => {
      clearTimeout(timer);
      hung.delete(request);
    });
  };
  const takeFault = (path: string) => {
    const rule = faults.find(
      (f) => f.remaining > 0 && (f.fault.path === undefined || path.startsWith(f.fault.path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  };
  const answerFault = (response: Response, fault: InjectedFault) => {
    if (fault.status === 429) {
      rateLimitedCount += 1;
      response
        .set('Retry-After', String(fault.retryAfterSeconds ?? 1))
        .status(429)
        .json(rateLimitBody());
    } else if (fault.status === 502) {
      response.status(502).type('html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
    } else {
      const category = fault.status === 500 ? 'INTERNAL_ERROR' : 'SERVICE_UNAVAILABLE';
      response
        .status(fault.status)
        .json(hubSpotErrorBody(category, 'The service is unavailable. Try again later.'));
    }
  };

  const middleware = (request: Request, response: Response, next: NextFunction) => {
    const now = options.clock().getTime();
    const endpoint = `${request.method} ${request.path}`;
    byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + 1);
    const portalCall = isPortalCall(request.method, request.path);
    const searchCall = isSearchCall(request.method, request.path);
    if (portalCall) arrivals.push(now);
    if (hangs.remaining > 0) {
      hangs.remaining -= 1;
      hold(request);
      return;
    }
    const fault = takeFault(request.path);
    if (fault) return answerFault(response, fault);
    if (searchCall) {
      const retryAfterSeconds = admit(searchesAdmitted, searchRateLimit, now);
      if (retryAfterSeconds !== null) {
        rateLimitedCount += 1;
        response.set('Retry-After', String(retryAfterSeconds)).status(429).json(rateLimitBody('SECONDLY'));
        return;
      }
    }
    if (portalCall) {
      const retryAfterSeconds = admit(admitted, rateLimit, now);
      if (retryAfterSeconds !== null) {
        rateLimitedCount += 1;
        response.set('Retry-After', String(retryAfterSeconds)).status(429).json(rateLimitBody());
        return;
      }
      response.set({
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(rateLimit.windowMs),
        'X-HubSpot-RateLimit-Max': String(rateLimit.requests),
        'X-HubSpot-RateLimit-Remaining': String(rateLimit.requests - admitted.length),
      });
    }
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  };

  const control: TrafficControl = {
    middleware,
    injectFaults(fault) {
      faults.push({ fault, remaining: fault.count });
    },
    injectLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    injectTimeouts(count, hangMs) {
      hangs = { remaining: count, hangMs };
    },
    callsByEndpoint: () => Object.fromEntries(byEndpoint),
    callsByWindow() {
      const windows = new Map<number, number>();
      for (const at of arrivals) {
        const windowStart = at - (at % rateLimit.windowMs);
        windows.set(windowStart, (windows.get(windowStart) ?? 0) + 1);
      }
      return [...windows].sort(([a], [b]) => a - b).map(([windowStart, calls]) => ({ windowStart, calls }));
    },
    maxCallsInAnyWindow() {
      const sorted = [...arrivals].sort((a, b) => a - b);
      let most = 0;
      let first = 0;
      for (let last = 0; last < sorted.length; last += 1) {
        while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= rateLimit.windowMs) first += 1;
        most = Math.max(most, last - first + 1);
      }
      return most;
    },
    rateLimited: () => rateLimitedCount,
    resetCounters() {
      byEndpoint.clear();
      arrivals = [];
      rateLimitedCount = 0;
    },
    close() {
      for (const request of hung) request.socket.destroy();
      hung.clear();
      faults.length = 0;
      admitted = [];
      searchesAdmitted = [];
    },
  };
  return control;
}
