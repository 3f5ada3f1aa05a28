import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { EXTERNAL_INSTALL_PATH } from '../../../../src/crm/hubspot/oauth/disconnect-hubspot-tenant.ts';
import { INTROSPECT_PATH, TOKEN_PATH } from '../../../../src/crm/hubspot/oauth/hubspot-token-endpoint.ts';
import { loadHubSpotContractIfPresent } from '../../../contracts/hubspot-contract.ts';

export const API_BASE_URL = 'https://api.hubapi.test';

/** A request Baton sent to HubSpot, as nock received it. */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The form fields, for form-encoded bodies. */
  readonly form: Readonly<Record<string, string>>;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

/** HubSpot tokens are long (store at least 300 characters, PLATFORMS.md); test ones are too. */
export function hubSpotToken(kind: 'access' | 'refresh'): string {
  return `${kind === 'access' ? 'CKP' : 'na1-'}${randomBytes(170).toString('hex')}`;
}

/** A token response shaped like oauth.2026-03.json's AccessTokenResponse. */
export function grantBody(options: {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly hubId?: number | null;
  readonly expiresIn?: number;
}): Record<string, unknown> {
  return {
    token_type: 'bearer',
    token_use: 'access_token',
    access_token: options.accessToken,
    refresh_token: options.refreshToken,
    expires_in: options.expiresIn ?? 1800,
    scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    user_id: 7_001_234,
    ...(options.hubId === null ? {} : { hub_id: options.hubId ?? 62_515 }),
  };
}

/**
 * HubSpot's OAuth and app-install endpoints, mocked at the HTTP boundary. Every request is
 * recorded so tests can count calls and check each one against HubSpot's published spec.
 */
export function createHubSpotOAuthStandIn() {
  const sent: SentRequest[] = [];

  const respond = (answer: Answer) => async (request: Request) => {
    const url = new URL(request.url);
    const body = await request.text();
    const isForm = (request.headers.get('content-type') ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    sent.push({
      method: request.method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      body,
      form: isForm ? Object.fromEntries(new URLSearchParams(body)) : {},
    });
    return [answer.status, answer.body ?? '', answer.headers ?? {}] as const;
  };

  const intercept = (method: 'post' | 'delete', path: string, answer: Answer, times: number) => {
    const interceptor = nock(API_BASE_URL)[method](path).times(times);
    (answer.delayMs ? interceptor.delay(answer.delayMs) : interceptor).reply(respond(answer));
  };

  return {
    sent,
    token: (answer: Answer, times = 1) => intercept('post', TOKEN_PATH, answer, times),
    introspect: (answer: Answer) => intercept('post', INTROSPECT_PATH, answer, 1),
    uninstall: (answer: Answer) => intercept('delete', EXTERNAL_INSTALL_PATH, answer, 1),
    sentTo: (path: string) => sent.filter((request) => request.path === path),
  };
}

export type HubSpotOAuthStandIn = ReturnType<typeof createHubSpotOAuthStandIn>;

/**
 * The OAuth requests HubSpot publishes a spec for; the app-install DELETE has none in the vendor
 * folder. None without HubSpot's specs: there is nothing to check against (the run's start says so).
 */
export async function specProblems(sent: readonly SentRequest[]): Promise<string[]> {
  const contract = await loadHubSpotContractIfPresent();
  if (contract === null) return [];
  return sent
    .filter((request) => request.path !== EXTERNAL_INSTALL_PATH)
    .flatMap((request) => contract.problems(request));
}

export function blockRealNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function resetHubSpot(): void {
  nock.cleanAll();
}
