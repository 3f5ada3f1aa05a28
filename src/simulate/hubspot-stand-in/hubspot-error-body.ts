import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export interface HubSpotErrorDetail {
  readonly message: string;
  readonly code?: string;
  readonly in?: string;
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

/** Fields HubSpot adds to some errors beyond status, message, correlationId and category. */
export interface HubSpotErrorExtras {
  readonly subCategory?: string;
  readonly context?: Readonly<Record<string, readonly string[]>>;
  readonly errors?: readonly HubSpotErrorDetail[];
  readonly links?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

/** HubSpot's error body: `status: 'error'` plus the fields its OpenAPI `Error` schema requires. */
export function hubSpotErrorBody(category: string, message: string, extras: HubSpotErrorExtras = {}) {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extras };
}

export function sendHubSpotError(
  response: Response,
  httpStatus: number,
  category: string,
  message: string,
  extras: HubSpotErrorExtras = {},
): void {
  response.status(httpStatus).json(hubSpotErrorBody(category, message, extras));
}

/** One failed record of a batch, in the spec's `StandardError` shape (every field required). */
export function standardError(
  category: string,
  message: string,
  context: Readonly<Record<string, readonly string[]>>,
  errors: readonly HubSpotErrorDetail[] = [],
) {
  return { status: 'error', category, message, context, errors, links: {} };
}

export const RATE_LIMIT_MESSAGE = 'You have reached your ten_secondly_rolling limit.';

/** The limits HubSpot names in a 429: the portal-wide rolling one, and the search endpoints' own. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY';

export function rateLimitBody(policy: RateLimitPolicy = 'TEN_SECONDLY_ROLLING') {
  return {
    status: 'error',
    message: `You have reached your ${policy.toLowerCase()} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
  };
}

/**
 * HubSpot's batch answer: every record it could handle, and a 207 listing the rest under
 * `errors` when some failed.
 */
export function sendBatchAnswer(
  response: Response,
  answer: {
    readonly results: readonly unknown[];
    readonly errors: readonly unknown[];
    readonly startedAt: string;
    readonly completedAt: string;
    readonly successStatus?: 200 | 201;
  },
): void {
  const { results, errors, startedAt, completedAt } = answer;
  response.status(errors.length > 0 ? 207 : (answer.successStatus ?? 200)).json({
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt,
    completedAt,
  });
}
