import { Client } from '@hubspot/api-client';

/** The parts of `@hubspot/api-client` Baton calls: CRM records, tasks, associations, properties, search, owners. */
export interface HubSpotSdk {
  readonly contacts: Client['crm']['contacts'];
  readonly leads: Client['crm']['objects']['leads'];
  readonly tasks: Client['crm']['objects']['tasks'];
  readonly associations: Client['crm']['associations']['v4'];
  readonly properties: Client['crm']['properties'];
  readonly owners: Client['crm']['owners'];
}

/** What a request shows a middleware: its headers and its serialised body. */
interface OutgoingRequest {
  setHeaderParam(key: string, value: string): void;
  getBody(): unknown;
  setBody(body: string): void;
}

/** What a response shows a middleware: status, headers (lower-case names) and the buffered body. */
export interface IncomingAnswer {
  readonly httpStatusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { text(): Promise<string> };
}

/**
 * A call-time middleware. Generic so one object fits every SDK module: each generated module
 * declares its own (nominally distinct) RequestContext and ResponseContext classes.
 */
export interface AttemptMiddleware {
  pre<R extends OutgoingRequest>(request: R): Promise<R>;
  post<A extends IncomingAnswer>(answer: A): Promise<A>;
}

/** The `_options` every SDK method takes last: this attempt's middleware after the SDK's own. */
export interface AttemptOptions {
  middleware: AttemptMiddleware[];
  middlewareMergeStrategy: 'append';
}

/**
 * The SDK with its own policies off, so Baton's stay the only ones: no Bottleneck limiter (none is
 * built without `limiterOptions`), no retries, and no token (each attempt sets its own). The SDK
 * sends through Node's global `fetch`, which nock intercepts in tests.
 *
 * The SDK keeps its decorators (limiter, retry) in one process-wide registry and applies them to
 * an API object when that object is first built, so every API Baton uses is built here, at once,
 * while the registry holds this client's empty set.
 */
export function createHubSpotSdk(apiBaseUrl: string): HubSpotSdk {
  const client = new Client({ basePath: apiBaseUrl.replace(/\/+$/, ''), numberOfApiCallRetries: 0 });
  return {
    contacts: client.crm.contacts,
    leads: client.crm.objects.leads,
    tasks: client.crm.objects.tasks,
    associations: client.crm.associations.v4,
    properties: client.crm.properties,
    owners: client.crm.owners,
  };
}

/**
 * Adds top-level fields to the JSON body the SDK serialised, for fields HubSpot's spec requires
 * that the SDK's model lacks (its serialiser drops whatever its model does not declare).
 */
export function withBodyFields(
  options: AttemptOptions,
  fields: Readonly<Record<string, unknown>>,
): AttemptOptions {
  const addFields: AttemptMiddleware = {
    async pre(request) {
      const body = request.getBody();
      if (typeof body === 'string') request.setBody(JSON.stringify({ ...JSON.parse(body), ...fields }));
      return request;
    },
    post: async (answer) => answer,
  };
  return { ...options, middleware: [addFields, ...options.middleware] };
}
