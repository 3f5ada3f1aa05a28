import { ConfigurationInvalidError } from './core/validation.ts';
import { BatonError, type RetryMeaning } from './errors.ts';
import { TokenDecryptionError } from './store/token-cipher.ts';

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
  const meaning = retryMeaningOf(error);
  if (meaning === 'never') return { kind: 'dead', reason };
  if (attempt >= policy.maxAttempts) {
    return { kind: 'dead', reason: `gave up after ${attempt} attempts: ${reason}` };
  }
  if (meaning === 'retry_after' && error instanceof BatonError && 'retryAfterMs' in error) {
    return { kind: 'retry', delayMs: Number(error.retryAfterMs), reason };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return { kind: 'retry', delayMs: Math.round(random() * ceiling), reason };
}

/**
 * What retrying means for an error. Two errors live outside the BatonError tree (the pure core
 * and the cipher do not depend on it) and can never succeed on a retry: a configuration that
 * fails validation, and a token sealed under another key. Anything else unknown is taken as
 * passing.
 */
export function retryMeaningOf(error: unknown): RetryMeaning {
  if (error instanceof BatonError) return error.retry;
  if (error instanceof ConfigurationInvalidError || error instanceof TokenDecryptionError) return 'never';
  return 'retry_later';
}

export function describeError(error: unknown): string {
  if (error instanceof BatonError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
