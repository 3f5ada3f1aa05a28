import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubSpotStandInOptions } from '../../src/simulate/hubspot-stand-in/stand-in-options.ts';
import type { HubSpotWebhookEvent } from '../../src/simulate/hubspot-stand-in/webhook-events.ts';

/** HubSpot's error body, as tests read it. */
export interface ErrorAnswer {
  readonly status: string;
  readonly message: string;
  readonly correlationId: string;
  readonly category: string;
  readonly context?: Readonly<Record<string, readonly string[]>>;
  readonly errors?: readonly { readonly message: string; readonly code?: string }[];
}

export interface RecordAnswer {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archived: boolean;
}

export interface BatchAnswer<T = RecordAnswer> {
  readonly status: string;
  readonly results: readonly T[];
  readonly numErrors?: number;
  readonly errors?: readonly ErrorAnswer[];
}

export interface PropertyAnswer {
  readonly name: string;
  readonly options: readonly { readonly value: string }[];
}

export interface OwnersAnswer {
  readonly results: readonly { readonly email: string; readonly teams: readonly unknown[] }[];
  readonly paging?: { readonly next: { readonly after: string } };
}

export interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly scopes: readonly string[];
}

/** Parses a JSON answer as the shape the test expects; assertions then check it. */
export async function readJson<T>(response: Response): Promise<T> {
  return JSON.parse(await response.text());
}

import {
  type HubSpotStandIn,
  startHubSpotStandIn,
} from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { hubSpotSpecs } from '../contracts/hubspot-contract.ts';

export const APP = {
  clientId: 'client-7f3a',
  clientSecret: 'secret-for-tests',
  appId: 1_160_452,
  portalId: 62_515,
};
export const REDIRECT_URI = 'http://127.0.0.1:3999/oauth/hubspot/callback';
export const BATON_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.objects.owners.read',
];

export function startStandIn(overrides: Partial<HubSpotStandInOptions> = {}): Promise<HubSpotStandIn> {
  return startHubSpotStandIn({ ...APP, openApiDirectory: hubSpotSpecs, ...overrides });
}

/** Walks the install as a browser and Baton would: authorize page, redirect, code exchange. */
export async function installApp(
  standIn: HubSpotStandIn,
  scopes: { required?: readonly string[]; optional?: readonly string[] } = {},
): Promise<{ accessToken: string; refreshToken: string; body: TokenAnswer }> {
  const authorize = new URL(standIn.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: APP.clientId,
    redirect_uri: REDIRECT_URI,
    scope: (scopes.required ?? BATON_SCOPES).join(' '),
    optional_scope: (scopes.optional ?? []).join(' '),
    state: 'signed-state',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await postForm(standIn, '/oauth/2026-03/token', {
    grant_type: 'authorization_code',
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
    redirect_uri: REDIRECT_URI,
    code,
  });
  const body = await readJson<TokenAnswer>(token);
  return { accessToken: body.access_token, refreshToken: body.refresh_token, body };
}

export function postForm(
  standIn: HubSpotStandIn,
  path: string,
  form: Record<string, string>,
): Promise<Response> {
  return fetch(`${standIn.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

export async function callApi<T = ErrorAnswer>(
  standIn: HubSpotStandIn,
  accessToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${standIn.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly events: HubSpotWebhookEvent[];
}

/** A stand-in for Baton's webhook route: records raw deliveries, answers what `answer` says. */
export async function startWebhookReceiver(answer: (deliveryIndex: number) => number = () => 200) {
  const deliveries: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const status = answer(deliveries.length);
      deliveries.push({ headers: request.headers, rawBody, events: JSON.parse(rawBody) });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/hubspot`,
    deliveries,
    events: () => deliveries.flatMap((delivery) => delivery.events),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
