import { BATON_ORIGIN } from './baton-origin.ts';
import type { CardViewModel } from './card-view.ts';

/** `hubspot.fetch`: HubSpot signs the request and adds the caller's portal and user. */
export type HubSpotFetch = (
  url: string,
  options?: {
    readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    readonly body?: { readonly [key: string]: unknown };
    readonly timeout?: number;
  },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A refusal or failure, with Baton's own words for it, ready to show. */
export class BatonApiError extends Error {
  readonly status: number;
  readonly issues: readonly FieldIssue[];
  constructor(message: string, status: number, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'BatonApiError';
    this.status = status;
    this.issues = issues;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** One JSON call to Baton through `hubspot.fetch`; anything but a 2xx becomes a `BatonApiError`. */
export function batonCaller(fetcher: HubSpotFetch, origin: string = BATON_ORIGIN) {
  return async function call<T>(method: Method, path: string, body?: Record<string, unknown>): Promise<T> {
    let response: Awaited<ReturnType<HubSpotFetch>>;
    try {
      response = await fetcher(`${origin}${path}`, { method, ...(body === undefined ? {} : { body }) });
    } catch {
      throw new BatonApiError('Baton could not be reached. Try again in a moment.', 0);
    }
    const answer = (await response.json().catch(() => null)) as {
      error?: { message?: string; issues?: FieldIssue[] };
    } | null;
    if (!response.ok) {
      throw new BatonApiError(
        answer?.error?.message ?? `Baton answered ${response.status}`,
        response.status,
        answer?.error?.issues ?? [],
      );
    }
    return answer as T;
  };
}

/**
 * A request id for one click: `hubspot.fetch` may send a write twice (it retries once on 5xx),
 * and Baton answers a repeated id as it answered the first.
 */
export function newRequestId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
}

export const contactCardPath = (recordId: string) =>
  `/api/hubspot/cards/contacts/${encodeURIComponent(recordId)}`;

/** The card API: one contact's view, and the holder's accept and reject. */
export function cardApi(fetcher: HubSpotFetch, origin?: string) {
  const call = batonCaller(fetcher, origin);
  return {
    view: (recordId: string) => call<CardViewModel>('GET', contactCardPath(recordId)),
    accept: (recordId: string, requestId: string) =>
      call<CardViewModel>('POST', `${contactCardPath(recordId)}/accept`, { requestId }),
    reject: (recordId: string, requestId: string, reasonCode: string, feedback: string) =>
      call<CardViewModel>('POST', `${contactCardPath(recordId)}/reject`, {
        requestId,
        reasonCode,
        ...(feedback.trim() === '' ? {} : { feedback: feedback.trim() }),
      }),
  };
}

export type CardApi = ReturnType<typeof cardApi>;

export interface FieldNote {
  readonly id: string;
  readonly recordId: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: number;
  readonly status: 'open' | 'acted_on' | 'declined';
  readonly answeredBy: string | null;
  readonly answer: string | null;
  readonly answeredAt: number | null;
}

export interface FieldNotes {
  readonly notes: readonly FieldNote[];
  readonly canSend: boolean;
  readonly canAnswer: boolean;
}

/** The field intelligence thread of one contact: the rep tells marketing, marketing answers. */
export function fieldNotesApi(fetcher: HubSpotFetch, origin?: string) {
  const call = batonCaller(fetcher, origin);
  const path = (recordId: string) => `${contactCardPath(recordId)}/field-notes`;
  return {
    list: (recordId: string) => call<FieldNotes>('GET', path(recordId)),
    send: (recordId: string, requestId: string, body: string) =>
      call<FieldNotes>('POST', path(recordId), { requestId, body }),
    answer: (recordId: string, noteId: string, status: 'acted_on' | 'declined', answer: string) =>
      call<FieldNotes>('POST', `${path(recordId)}/${encodeURIComponent(noteId)}/answer`, { status, answer }),
  };
}

export type FieldNotesApi = ReturnType<typeof fieldNotesApi>;
