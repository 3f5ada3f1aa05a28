import type { AttemptOptions, HubSpotSdk, IncomingAnswer } from './hubspot-sdk.ts';

/** One SDK call: the SDK method to run, handed the options that carry this attempt's token. */
export type SdkCall<T> = (sdk: HubSpotSdk, options: AttemptOptions) => Promise<T>;

export type AttemptOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** HubSpot answered a status outside 2xx; `body` is its parsed JSON, its text, or null. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly retryAfter: string | null;
      readonly body: unknown;
    }
  /** No usable answer: connection failure, timeout, or (`answered`) a 2xx the SDK could not read. */
  | {
      readonly kind: 'failed';
      readonly cause: unknown;
      readonly timedOut: boolean;
      readonly answered: boolean;
    };

interface Refusal {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

/**
 * Sends exactly one HTTP request through the SDK. A call-time middleware sets the bearer token
 * and keeps the raw answer of a refusal: the SDK's error models drop fields Baton reads (the 429's
 * `policyName`). The SDK's fetch takes no abort signal, so a timed-out request is abandoned, not
 * aborted: Baton moves on and the socket closes when HubSpot answers or the connection fails.
 * A request the SDK refuses to build (a required argument missing) is a bug: thrown, not retried.
 */
export async function attemptOnce<T>(
  sdk: HubSpotSdk,
  send: SdkCall<T>,
  token: string,
  timeoutMs: number,
): Promise<AttemptOutcome<T>> {
  const seen: { sent: boolean; answered: boolean; refusal: Refusal | null } = {
    sent: false,
    answered: false,
    refusal: null,
  };
  const options: AttemptOptions = {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        async pre(request) {
          seen.sent = true;
          request.setHeaderParam('Authorization', `Bearer ${token}`);
          return request;
        },
        async post<A extends IncomingAnswer>(answer: A) {
          seen.answered = true;
          if (answer.httpStatusCode < 200 || answer.httpStatusCode > 299) {
            seen.refusal = {
              status: answer.httpStatusCode,
              retryAfter: answer.headers['retry-after'] ?? null,
              text: await answer.body.text(),
            };
          }
          return answer;
        },
      },
    ],
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const settled = await Promise.race([
      send(sdk, options).then(
        (value) => ({ value }),
        (cause: unknown) => ({ cause }),
      ),
      timeout,
    ]);
    if (settled === 'timeout') return { kind: 'failed', cause: null, timedOut: true, answered: false };
    const refused = seen.refusal;
    if (refused) {
      return {
        kind: 'refused',
        status: refused.status,
        retryAfter: refused.retryAfter,
        body: parseBody(refused.text),
      };
    }
    if ('cause' in settled && !seen.sent) throw settled.cause;
    if ('cause' in settled) {
      return { kind: 'failed', cause: settled.cause, timedOut: false, answered: seen.answered };
    }
    return { kind: 'ok', value: settled.value };
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
