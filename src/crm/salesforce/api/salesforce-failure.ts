import { RateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../../errors.ts';

/** How long Baton leaves an org alone once its API allocation is spent (it is a rolling 24 h count). */
export const ALLOCATION_BACKOFF_MS = 15 * 60_000;

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { errorCode?: unknown }).errorCode;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Salesforce's refusals as Baton's retry meanings: a spent allocation waits, a passing failure
 * (5xx, a timeout, a dropped connection) is tried again with backoff; anything else is what it
 * is. jsforce names the REST error in `errorCode`; HTTP failures carry the status in it.
 */
export function salesforceFailure(error: unknown, doing: string): unknown {
  const code = errorCodeOf(error);
  if (code === 'REQUEST_LIMIT_EXCEEDED')
    return new RateLimitedError(`Salesforce's API allocation is spent (${doing})`, ALLOCATION_BACKOFF_MS);
  if (
    code === 'SERVER_UNAVAILABLE' ||
    code === 'UNKNOWN_EXCEPTION' ||
    code === 'UNABLE_TO_LOCK_ROW' ||
    /^ERROR_HTTP_5\d\d$/.test(code ?? '')
  )
    return new UpstreamUnavailableError(`Salesforce is unavailable (${doing}): ${code}`, error);
  // A query Salesforce cannot run fails the same way every time: it waits for a person (the dead letters).
  if (code === 'MALFORMED_QUERY' || code === 'INVALID_FIELD' || code === 'INVALID_TYPE')
    return new UpstreamRejectedError(
      `Salesforce refused the query (${doing}): ${code}: ${lastLineOf(error)}`,
    );
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'FetchError' || name === 'TypeError')
    return new UpstreamUnavailableError(`Salesforce did not answer (${doing})`, error);
  return error;
}

/** Salesforce's query errors end with the reason on their last line ("No such column 'X' on entity 'Lead'"). */
function lastLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
}
