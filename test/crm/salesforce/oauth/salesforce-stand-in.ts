import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setDispatcher } from 'jsforce/lib/request.js';
import nock from 'nock';
import { Agent, type Dispatcher } from 'undici';
import { REVOKE_PATH } from '../../../../src/crm/salesforce/oauth/disconnect-salesforce-tenant.ts';
import { TOKEN_PATH } from '../../../../src/crm/salesforce/oauth/salesforce-token-endpoint.ts';

export const LOGIN_URL = 'https://login.salesforce.com';
export const INSTANCE_URL = 'https://acme.my.salesforce.com';
/** The identity URL names ids in their 15-character form here; Baton keys by the 18-character one. */
export const ORG_ID_15 = '00D5e000001aBcD';
export const ORG_ID_18 = '00D5e000001aBcDEAU';
export const USER_ID_15 = '0055e000003xYzQ';
export const USER_ID_18 = '0055e000003xYzQAAU';
export const API_PATH = '/services/data/v66.0';
export const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

/** A request Baton sent to Salesforce, as nock received it. */
export interface SentRequest {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The form fields, for form-encoded bodies. */
  readonly form: Readonly<Record<string, string>>;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

/** Shaped like Salesforce's: an org-prefixed session id, and an opaque refresh token. */
export function salesforceToken(kind: 'access' | 'refresh'): string {
  const random = randomBytes(48).toString('base64url');
  return kind === 'access' ? `${ORG_ID_15}!AQ4A${random}` : `5Aep861${random}`;
}

/** A token endpoint answer (Salesforce help, "OAuth 2.0 Web Server Flow"): no expires_in. */
export function tokenAnswer(options: {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly instanceUrl?: string;
  readonly scope?: string;
}): Record<string, unknown> {
  return {
    access_token: options.accessToken,
    ...(options.refreshToken === undefined ? {} : { refresh_token: options.refreshToken }),
    signature: randomBytes(32).toString('base64'),
    scope: options.scope ?? 'refresh_token api',
    instance_url: options.instanceUrl ?? INSTANCE_URL,
    id: `${LOGIN_URL}/id/${ORG_ID_15}/${USER_ID_15}`,
    token_type: 'Bearer',
    issued_at: '1772445600000',
  };
}

/**
 * Salesforce's login host and one org's instance, mocked at the HTTP boundary. Every request is
 * recorded so tests can count calls and read what was sent.
 */
export function createSalesforceStandIn() {
  const sent: SentRequest[] = [];

  const respond = (answer: Answer) => async (request: Request) => {
    const url = new URL(request.url);
    const body = await request.text();
    const isForm = (request.headers.get('content-type') ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    sent.push({
      host: url.origin,
      method: request.method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      form: isForm ? Object.fromEntries(new URLSearchParams(body)) : {},
    });
    const json = typeof answer.body === 'object' && answer.body !== null;
    return [
      answer.status,
      json ? JSON.stringify(answer.body) : String(answer.body ?? ''),
      { ...(json ? { 'content-type': 'application/json;charset=UTF-8' } : {}), ...answer.headers },
    ] as const;
  };

  const intercept = (
    origin: string,
    method: 'get' | 'post' | 'patch',
    path: string,
    answer: Answer,
    times: number,
  ) => {
    const interceptor = nock(origin)[method](path).query(true).times(times);
    (answer.delayMs ? interceptor.delay(answer.delayMs) : interceptor).reply(respond(answer));
  };

  return {
    sent,
    token: (answer: Answer, times = 1) => intercept(LOGIN_URL, 'post', TOKEN_PATH, answer, times),
    revoke: (answer: Answer) => intercept(LOGIN_URL, 'post', REVOKE_PATH, answer, 1),
    /** A REST call on the org's instance, under `/services/data/v66.0`. */
    api: (method: 'get' | 'post' | 'patch', path: string, answer: Answer, times = 1) =>
      intercept(INSTANCE_URL, method, `${API_PATH}${path}`, answer, times),
    orgName: (answer: Answer) => intercept(INSTANCE_URL, 'get', `${API_PATH}/query`, answer, 1),
    sentTo: (path: string) => sent.filter((request) => request.path.split('?')[0] === path),
  };
}

export type SalesforceStandIn = ReturnType<typeof createSalesforceStandIn>;

export function organizationAnswer(name: string): Answer {
  return {
    status: 200,
    body: { totalSize: 1, done: true, records: [{ attributes: { type: 'Organization' }, Name: name }] },
  };
}

/**
 * jsforce streams every request body to undici and writes it a timer tick later, and undici
 * sends no headers before the first body chunk. nock 15 intercepts at the socket, and passes a
 * socket through to the real host (disableNetConnect or not) when the client reads before it
 * writes: now and then a token request went to the network and failed. jsforce sends bodies it
 * already holds in full (form strings, JSON), so buffering them here changes no byte that is
 * sent, only when: headers and body leave together, as from any other client.
 */
const bufferRequestBodies: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const { body } = options;
  if (body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    return dispatch(options, handler);
  }
  void (async () => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
      dispatch({ ...options, body: Buffer.concat(chunks) }, handler);
    } catch (error) {
      // undici then fails the request the way it fails any broken body.
      dispatch({ ...options, body: Readable.from(failing(error)) }, handler);
    }
  })();
  return true;
};

async function* failing(error: unknown): AsyncGenerator<Buffer> {
  yield* [];
  throw error;
}

export function blockRealNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  setDispatcher(new Agent({ connect: { allowH2: false } }).compose(bufferRequestBodies));
}

/** jsforce's own dispatcher again, once a suite is done. */
export function restoreJsforceDispatcher(): void {
  setDispatcher();
}

export function resetSalesforce(): void {
  nock.cleanAll();
}
