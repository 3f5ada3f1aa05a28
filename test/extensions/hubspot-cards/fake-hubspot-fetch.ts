import type { HubSpotFetch } from '../../../extensions/hubspot/src/app/cards/baton-api.ts';

export interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly body: Record<string, unknown> | undefined;
}

type Answer = { readonly status: number; readonly body: unknown } | Error;

/**
 * `hubspot.fetch` as the cards see it, answering from a script by method and path: what HubSpot's
 * proxy would hand back from Baton. Each call is recorded; an unscripted call answers 404.
 */
export function fakeHubSpotFetch(script: Record<string, Answer | (() => Answer)>) {
  const calls: FetchCall[] = [];
  const fetcher: HubSpotFetch = async (url, options) => {
    const method = options?.method ?? 'GET';
    calls.push({ url, method, body: options?.body as Record<string, unknown> | undefined });
    const path = new URL(url).pathname;
    const entry = script[`${method} ${path}`];
    const answer =
      typeof entry === 'function'
        ? entry()
        : (entry ?? { status: 404, body: { error: { message: 'not found' } } });
    if (answer instanceof Error) throw answer;
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      json: async () => structuredClone(answer.body),
    };
  };
  return { fetcher, calls };
}
