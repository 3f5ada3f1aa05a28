import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsforce from 'jsforce';
import { SaxesParser } from 'saxes';
import type { CustomFieldSpec } from '../../../src/simulate/salesforce-stand-in/org-schema.ts';
import type { SalesforceStandInOptions } from '../../../src/simulate/salesforce-stand-in/stand-in-options.ts';
import {
  type SalesforceStandIn,
  startSalesforceStandIn,
} from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';

export const APP = { clientId: '3MVG9stand-in-consumer-key', clientSecret: 'consumer-secret-for-tests' };
export const REDIRECT_URI = 'http://127.0.0.1:3999/oauth/salesforce/callback';

/** Fields like the ones Baton's package installs on Lead. */
export const PACKAGE_FIELDS: readonly CustomFieldSpec[] = [
  { name: 'baton__Stage__c', type: 'string', length: 80 },
  { name: 'baton__StageEnteredAt__c', type: 'datetime' },
  { name: 'baton__Disposition__c', type: 'picklist', picklistValues: ['Accepted', 'Rejected'] },
  { name: 'baton__RejectionReason__c', type: 'string', length: 255 },
  { name: 'baton__Score__c', type: 'double' },
  { name: 'baton__CardView__c', type: 'textarea' },
];

export function startOrg(overrides: Partial<SalesforceStandInOptions> = {}): Promise<SalesforceStandIn> {
  return startSalesforceStandIn({ ...APP, customLeadFields: PACKAGE_FIELDS, ...overrides });
}

export function pkcePair() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorize step as a browser walks it: the redirect's query (code, state, or error). */
export async function authorize(
  org: SalesforceStandIn,
  params: Record<string, string>,
): Promise<URLSearchParams> {
  const url = new URL('/services/oauth2/authorize', org.loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: APP.clientId,
    redirect_uri: REDIRECT_URI,
    ...params,
  }).toString();
  const answer = await fetch(url, { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`authorize answered ${answer.status}: ${await answer.text()}`);
  return new URL(answer.headers.get('location') ?? '').searchParams;
}

export async function postForm(org: SalesforceStandIn, path: string, form: Record<string, string>) {
  const answer = await fetch(new URL(path, org.loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? (JSON.parse(text) as Record<string, string>) : {} };
}

/** Installs the app through the web-server flow with PKCE, as Baton's callback would. */
export async function install(org: SalesforceStandIn) {
  const { verifier, challenge } = pkcePair();
  const redirect = await authorize(org, { code_challenge: challenge, state: 'signed-state' });
  const token = await postForm(org, '/services/oauth2/token', {
    grant_type: 'authorization_code',
    code: redirect.get('code') ?? '',
    code_verifier: verifier,
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
    redirect_uri: REDIRECT_URI,
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(token.body)}`);
  return {
    accessToken: token.body.access_token ?? '',
    refreshToken: token.body.refresh_token ?? '',
    body: token.body,
  };
}

/** jsforce as Baton uses it: pinned to 66.0, against the stand-in's instance URL. */
export async function connect(
  org: SalesforceStandIn,
  options: { readonly callOptions?: Record<string, string> } = {},
) {
  const { accessToken } = await install(org);
  return new jsforce.Connection({
    instanceUrl: org.instanceUrl,
    accessToken,
    version: '66.0',
    ...(options.callOptions ? { callOptions: options.callOptions } : {}),
  });
}

export async function rest<T = unknown>(
  org: SalesforceStandIn,
  accessToken: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const answer = await fetch(
    new URL(path.startsWith('/') ? path : `/services/data/v66.0/${path}`, org.instanceUrl),
    {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  );
  const text = await answer.text();
  const type = answer.headers.get('content-type') ?? '';
  return {
    status: answer.status,
    body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
    headers: answer.headers,
  };
}

export function soql(query: string): string {
  return `query?q=${encodeURIComponent(query)}`;
}

/** An XML element as a test reads it: local name, namespace, attributes by qualified name, children, text. */
export interface XmlElement {
  readonly name: string;
  readonly uri: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(
        Object.entries(tag.attributes).map(([name, attribute]) => [name, attribute.value]),
      ),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no XML element');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>`);
  return found;
}

export interface ReceivedMessage {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly organizationId: string;
  readonly notifications: {
    readonly id: string;
    readonly type: string;
    readonly fields: Record<string, string>;
  }[];
}

export function readNotifications(body: string): Omit<ReceivedMessage, 'headers' | 'body'> {
  const envelope = parseXml(body);
  const notifications = child(child(envelope, 'Body'), 'notifications');
  return {
    organizationId: child(notifications, 'OrganizationId').text,
    notifications: notifications.children
      .filter((element) => element.name === 'Notification')
      .map((notification) => {
        const sObject = child(notification, 'sObject');
        return {
          id: child(notification, 'Id').text,
          type: sObject.attributes['xsi:type'] ?? '',
          fields: Object.fromEntries(sObject.children.map((field) => [field.name, field.text])),
        };
      }),
  };
}

export const ACK_ENVELOPE =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

/** A stand-in for Baton's `/webhooks/salesforce`: records each message, answers what `answer` says. */
export async function startListener(
  answer: (index: number) => { readonly status: number; readonly body: string } = () => ({
    status: 200,
    body: ACK_ENVELOPE,
  }),
) {
  const messages: ReceivedMessage[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = answer(messages.length);
      messages.push({ headers: request.headers, body, ...readNotifications(body) });
      response.writeHead(reply.status, { 'content-type': 'text/xml; charset=utf-8' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/salesforce`,
    messages,
    notifications: () => messages.flatMap((message) => message.notifications),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
