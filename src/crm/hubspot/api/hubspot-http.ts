import {
  AuthRevokedError,
  RateLimitedError,
  TokenExpiredError,
  UpstreamUnavailableError,
} from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { decideRetry, type RetryPolicy } from '../../../retry-policy.ts';
import { HubSpotRejectionError, readHubSpotErrorBody } from './hubspot-rejection.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface HubSpotAccessTokens {
  getAccessToken(tenantId: string): Promise<string>;
  /** Refreshes now, whatever the stored expiry says (HubSpot answered 401). */
  forceRefresh(tenantId: string): Promise<string>;
}

export interface HubSpotCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface HubSpotAnswer {
  readonly status: number;
  /** Parsed JSON, or null for an empty body. */
  readonly body: unknown;
}

export interface HubSpotHttp {
  request(tenantId: string, call: HubSpotCall): Promise<HubSpotAnswer>;
}

export interface HubSpotHttpOptions {
  readonly apiBaseUrl: string;
  readonly tokens: HubSpotAccessTokens;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** 5xx, timeouts and connection failures: attempts in one call, backoff with full jitter. */
  readonly transientRetry?: RetryPolicy;
  /** 429s answered in one call by waiting what HubSpot asked; past this the worker reschedules. */
  readonly maxRateLimitRetries?: number;
  /** A 429 asking for a longer wait than this is handed to the worker at once. */
  readonly maxInCallWaitMs?: number;
}

const TRANSIENT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;
/** Waits for HubSpot's named limits when a 429 carries no Retry-After. */
const POLICY_WAIT_MS: Readonly<Record<string, number>> = {
  SECONDLY: 1_000,
  TEN_SECONDLY_ROLLING: 10_000,
  DAILY: 60 * 60_000,
};

export function hubSpotRateLimitKey(tenantId: string): string {
  return `hubspot:${tenantId}`;
}

/**
 * The one way Baton calls HubSpot's CRM API. Every attempt, retries included, first takes a permit
 * from the portal's shared limiter. All calls Baton makes through it are idempotent (reads, batch
 * updates that set values, creates whose 409 means done), so retrying after a timeout is safe.
 */
export function createHubSpotHttp(options: HubSpotHttpOptions): HubSpotHttp {
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transientRetry = options.transientRetry ?? TRANSIENT_RETRY;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
  const maxInCallWaitMs = options.maxInCallWaitMs ?? 30_000;
  const base = options.apiBaseUrl.replace(/\/+$/, '');

  return {
    async request(tenantId, call) {
      const operation = `${call.method} ${call.path}`;
      const url = `${base}${call.path}${call.query ? `?${new URLSearchParams(call.query)}` : ''}`;
      const log = options.logger.child({ tenant: tenantId, operation });
      let token = await options.tokens.getAccessToken(tenantId);
      let refreshed = false;
      let rateLimitedTimes = 0;
      let transientFailures = 0;

      const waitOrGiveUp = async (error: UpstreamUnavailableError): Promise<void> => {
        transientFailures += 1;
        const decision = decideRetry(error, transientFailures, transientRetry, random);
        if (decision.kind === 'dead') throw error;
        log.warn(
          { attempt: transientFailures, delayMs: decision.delayMs, reason: error.message },
          'retrying HubSpot',
        );
        await sleep(decision.delayMs);
      };

      for (;;) {
        await options.limiter.acquire(hubSpotRateLimitKey(tenantId));
        let response: Response;
        let body: unknown;
        try {
          response = await send(url, {
            method: call.method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json',
              ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          body = await readBody(response);
        } catch (cause) {
          await waitOrGiveUp(
            new UpstreamUnavailableError(describeFailure(operation, cause, timeoutMs), cause),
          );
          continue;
        }

        if (response.ok) return { status: response.status, body };
        const error = readHubSpotErrorBody(body);
        if (response.status === 401) {
          if (!refreshed) {
            refreshed = true;
            token = await options.tokens.forceRefresh(tenantId);
            continue;
          }
          // HubSpot says EXPIRED_AUTHENTICATION for a stale token; anything else on a token just
          // refreshed means the install no longer grants access.
          const message = `HubSpot refused ${operation} with a fresh token (${error.category})`;
          throw error.category === 'EXPIRED_AUTHENTICATION'
            ? new TokenExpiredError(message)
            : new AuthRevokedError(message);
        }
        if (response.status === 429) {
          const waitMs = retryAfterMs(response.headers.get('retry-after'), error.policyName, clock());
          rateLimitedTimes += 1;
          const message = `HubSpot rate-limited ${operation} (${error.policyName ?? 'no policy named'})`;
          if (rateLimitedTimes > maxRateLimitRetries || waitMs > maxInCallWaitMs) {
            throw new RateLimitedError(message, waitMs);
          }
          log.warn(
            { waitMs, policy: error.policyName, times: rateLimitedTimes },
            'HubSpot rate limit; waiting',
          );
          await sleep(waitMs);
          continue;
        }
        if (response.status >= 500) {
          await waitOrGiveUp(
            new UpstreamUnavailableError(
              `HubSpot answered ${response.status} to ${operation}: ${error.message}`,
            ),
          );
          continue;
        }
        throw new HubSpotRejectionError(operation, response.status, error);
      }
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    if (response.ok) throw new Error(`HubSpot answered ${response.status} with a body that is not JSON`);
    return text;
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110); without it, the named policy's window. */
export function retryAfterMs(header: string | null, policyName: string | null, now: Date): number {
  if (header !== null && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  if (header !== null) {
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return (policyName ? POLICY_WAIT_MS[policyName] : undefined) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
}

function describeFailure(operation: string, cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error && cause.name === 'TimeoutError') {
    return `HubSpot did not answer ${operation} within ${timeoutMs} ms`;
  }
  const detail =
    cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '';
  return `could not reach HubSpot for ${operation}${detail ? `: ${detail}` : ''}`;
}
