import { BatonError } from './errors.ts';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
};

export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'dead'; readonly reason: string };

/**
 * One ordered policy for every retry in Baton:
 * 1. errors that can never succeed go straight to the dead letters;
 * 2. after `maxAttempts` tries anything goes there, with its last error;
 * 3. a server-requested wait (Retry-After) is honoured exactly, never shortened;
 * 4. otherwise exponential backoff with full jitter, so retrying workers do not stampede.
 * `random` is injected so tests are deterministic.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const reason = describeError(error);
  if (error instanceof BatonError && error.retry === 'never') return { kind: 'dead', reason };
  if (attempt >= policy.maxAttempts) {
    return { kind: 'dead', reason: `gave up after ${attempt} attempts: ${reason}` };
  }
  if (error instanceof BatonError && error.retry === 'retry_after' && 'retryAfterMs' in error) {
    return { kind: 'retry', delayMs: Number(error.retryAfterMs), reason };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return { kind: 'retry', delayMs: Math.round(random() * ceiling), reason };
}

export function describeError(error: unknown): string {
  if (error instanceof BatonError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
