import {
  AuthRevokedError,
  RateLimitedError,
  TokenExpiredError,
  UpstreamUnavailableError,
} from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { decideRetry, type RetryPolicy } from '../../../retry-policy.ts';
import { attemptOnce, type SdkCall } from './hubspot-attempt.ts';
import { HubSpotRejectionError, readHubSpotErrorBody } from './hubspot-rejection.ts';
import type { HubSpotSdk } from './hubspot-sdk.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface HubSpotAccessTokens {
  getAccessToken(tenantId: string): Promise<string>;
  /** Refreshes now, whatever the stored expiry says (HubSpot answered 401). */
  forceRefresh(tenantId: string): Promise<string>;
}

export interface HubSpotHttp {
  /**
   * Runs one SDK call under Baton's policies. `operation` ("POST /crm/v3/…") names it in logs and
   * errors; `send` may run several times (retries), each time with a fresh attempt's options.
   */
  call<T>(tenantId: string, operation: string, send: SdkCall<T>): Promise<T>;
}

export interface HubSpotHttpOptions {
  /** The SDK, built once per process by `createHubSpotSdk`. */
  readonly sdk: HubSpotSdk;
  readonly tokens: HubSpotAccessTokens;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** How long one attempt may wait for HubSpot's answer before it counts as failed. */
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
 * The one way Baton calls HubSpot's CRM API, through `@hubspot/api-client` with its own limiter and
 * retries off: each attempt, retries included, first takes a permit from the portal's shared
 * limiter and then sends exactly one request. A 401 refreshes the token once (the provider
 * serialises refreshes across processes), a 429 waits what HubSpot asked, 5xx and network
 * failures back off with full jitter. All calls Baton makes are idempotent (reads, batch updates
 * that set values, creates whose 409 means done), so retrying after a timeout is safe.
 */
export function createHubSpotHttp(options: HubSpotHttpOptions): HubSpotHttp {
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transientRetry = options.transientRetry ?? TRANSIENT_RETRY;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
  const maxInCallWaitMs = options.maxInCallWaitMs ?? 30_000;

  return {
    async call(tenantId, operation, send) {
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
        const outcome = await attemptOnce(options.sdk, send, token, timeoutMs);
        if (outcome.kind === 'ok') return outcome.value;
        if (outcome.kind === 'failed') {
          await waitOrGiveUp(
            new UpstreamUnavailableError(describeFailure(operation, outcome, timeoutMs), outcome.cause),
          );
          continue;
        }
        const { status } = outcome;
        const error = readHubSpotErrorBody(outcome.body);
        if (status === 401) {
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
        if (status === 429) {
          const waitMs = retryAfterMs(outcome.retryAfter, error.policyName, clock());
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
        if (status >= 500) {
          await waitOrGiveUp(
            new UpstreamUnavailableError(`HubSpot answered ${status} to ${operation}: ${error.message}`),
          );
          continue;
        }
        throw new HubSpotRejectionError(operation, status, error);
      }
    },
  };
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

function describeFailure(
  operation: string,
  outcome: { readonly cause: unknown; readonly timedOut: boolean; readonly answered: boolean },
  timeoutMs: number,
): string {
  if (outcome.timedOut) return `HubSpot did not answer ${operation} within ${timeoutMs} ms`;
  if (outcome.answered) return `HubSpot answered ${operation} with a body Baton could not read`;
  const { cause } = outcome;
  const detail =
    cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '';
  return `could not reach HubSpot for ${operation}${detail ? `: ${detail}` : ''}`;
}
