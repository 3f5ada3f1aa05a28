/**
 * The few ways work can fail, each with a stable code and what it means for retrying. Every edge
 * maps these the same way (see `httpStatusOf`), and the worker's retry policy reads `retry`.
 */
export type RetryMeaning = 'retry_later' | 'retry_after' | 'reauthorize' | 'never';

export class BatonError extends Error {
  readonly code: string;
  readonly retry: RetryMeaning;
  readonly status: number;

  constructor(
    code: string,
    message: string,
    options: { retry: RetryMeaning; status: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retry = options.retry;
    this.status = options.status;
  }
}

/** Bad input from a caller: nothing was changed. */
export class InputInvalidError extends BatonError {
  readonly issues: readonly { path: string; message: string }[];

  constructor(message: string, issues: readonly { path: string; message: string }[] = []) {
    super('input_invalid', message, { retry: 'never', status: 400 });
    this.issues = issues;
  }
}

export class NotFoundError extends BatonError {
  constructor(message: string) {
    super('not_found', message, { retry: 'never', status: 404 });
  }
}

/** The caller is who they say, but may not do this: a 403 that says why. */
export class ForbiddenError extends BatonError {
  constructor(message: string) {
    super('forbidden', message, { retry: 'never', status: 403 });
  }
}

/** The caller could not prove who they are (a missing, forged or stale signature): 401. */
export class SignatureInvalidError extends BatonError {
  constructor(message: string) {
    super('signature_invalid', message, { retry: 'never', status: 401 });
  }
}

/** A console request with no session, or one that has expired or was signed out: 401. */
export class UnauthenticatedError extends BatonError {
  constructor(message: string) {
    super('unauthenticated', message, { retry: 'never', status: 401 });
  }
}

/** The request contradicts what is stored (an action already taken, a request id reused for another): 409. */
export class ConflictError extends BatonError {
  constructor(message: string) {
    super('conflict', message, { retry: 'never', status: 409 });
  }
}

/** The CRM (or anything upstream) said slow down; `retryAfterMs` is what it asked for. */
export class RateLimitedError extends BatonError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super('rate_limited', message, { retry: 'retry_after', status: 429 });
    this.retryAfterMs = retryAfterMs;
  }
}

/** A passing upstream failure (5xx, timeout, connection reset): try again with backoff. */
export class UpstreamUnavailableError extends BatonError {
  constructor(message: string, cause?: unknown) {
    super('upstream_unavailable', message, { retry: 'retry_later', status: 503, cause });
  }
}

/** The tenant's access was revoked or its refresh token is dead: stop calling until reinstalled. */
export class AuthRevokedError extends BatonError {
  constructor(message: string) {
    super('auth_revoked', message, { retry: 'never', status: 401 });
  }
}

/**
 * An upstream system (a CRM) refused the request for a reason retrying will not fix. The caller
 * of Baton did nothing wrong, so it answers 502, never a 400 blaming them.
 */
export class UpstreamRejectedError extends BatonError {
  constructor(message: string) {
    super('upstream_rejected', message, { retry: 'never', status: 502 });
  }
}

/** An inbox item whose payload type no handler knows: no retry will find one. */
export class PayloadTypeUnknownError extends BatonError {
  constructor(kind: string) {
    super('payload_type_unknown', `no handler for payload type "${kind}"`, { retry: 'never', status: 500 });
  }
}

/** The access token expired: refresh once, then retry. */
export class TokenExpiredError extends BatonError {
  constructor(message: string) {
    super('token_expired', message, { retry: 'reauthorize', status: 401 });
  }
}

export function httpStatusOf(error: unknown): number {
  return error instanceof BatonError ? error.status : 500;
}
