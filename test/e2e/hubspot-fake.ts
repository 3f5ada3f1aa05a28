import nock from 'nock';
import { loadHubSpotContractIfPresent } from '../contracts/hubspot-contract.ts';

export const HUBSPOT_API = 'https://api.hubapi.test';

export interface FakeCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * HubSpot at the HTTP boundary for end-to-end tests: nock answers the token, property and contact
 * endpoints from a small in-memory portal, records every call, and checks each one against the
 * vendor's OpenAPI specs where they are present.
 */
export async function fakeHubSpotPortal(options: { hubId: number }) {
  const contract = await loadHubSpotContractIfPresent();
  const calls: FakeCall[] = [];
  const problems: string[] = [];
  const contacts = new Map<string, { properties: Record<string, string>; updatedAt: number }>();
  const leads = new Map<
    string,
    { properties: Record<string, string>; updatedAt: number; contactId: string }
  >();
  let clockMs = Date.parse('2026-03-02T09:00:00Z');

  type Reply = readonly [number, unknown];
  const answer = (handle: (path: string, body: unknown) => Reply) => async (request: Request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const form = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const body = form ? Object.fromEntries(new URLSearchParams(text)) : text ? JSON.parse(text) : undefined;
    const path = url.pathname + url.search;
    calls.push({ method: request.method, path, body });
    const found = contract?.problems({ method: request.method, path, body }) ?? [];
    problems.push(...found.map((p) => `${path}: ${p}`));
    const [status, reply] = handle(url.pathname, body);
    return [status, JSON.stringify(reply), { 'content-type': 'application/json' }] as const;
  };
  const complete = (results: unknown[]) => ({
    status: 'COMPLETE',
    results,
    startedAt: '2026-03-02T09:00:00Z',
    completedAt: '2026-03-02T09:00:00Z',
  });
  const asRecord = (id: string, properties: Record<string, string | null>, updatedAt: number) => {
    const at = new Date(updatedAt).toISOString();
    return { id, properties, createdAt: at, updatedAt: at, archived: false };
  };

  nock(HUBSPOT_API)
    .persist()
    .post('/oauth/2026-03/token')
    .reply(
      answer(() => [
        200,
        {
          access_token: `access-${calls.length}-${'x'.repeat(40)}`,
          refresh_token: 'refresh-token-value',
          expires_in: 1800,
          token_type: 'bearer',
          hub_id: options.hubId,
          scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
        },
      ]),
    )
    .post(/^\/crm\/v3\/properties\/(contacts|leads)\/groups/)
    .reply(
      answer((path, body) =>
        path.includes('/leads/')
          ? [403, { status: 'error', category: 'MISSING_SCOPES', message: 'This portal has no Lead object' }]
          : [201, body],
      ),
    )
    .post(/^\/crm\/v3\/properties\/(contacts|leads)\/batch\/(read|create)/)
    .reply(
      answer((path, body) => {
        if (path.includes('/leads/'))
          return [403, { status: 'error', category: 'MISSING_SCOPES', message: 'no leads' }];
        const inputs = (body as { inputs: { name: string }[] }).inputs;
        return path.endsWith('/create')
          ? [
              201,
              complete(inputs.map((p) => ({ ...p, groupName: 'baton', createdAt: '2026-03-02T09:00:00Z' }))),
            ]
          : [200, complete([])];
      }),
    )
    .post(/^\/crm\/v3\/objects\/contacts\/batch\/read/)
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string }[]; properties: string[] };
        const results = parsed.inputs.flatMap(({ id }) => {
          const contact = contacts.get(id);
          if (!contact) return [];
          const properties = Object.fromEntries(
            parsed.properties.map((p) => [p, contact.properties[p] ?? null]),
          );
          return [asRecord(id, properties, contact.updatedAt)];
        });
        return [200, complete(results)];
      }),
    )
    .post(/^\/crm\/v3\/objects\/leads\/batch\/read/)
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string }[]; properties: string[] };
        const results = parsed.inputs.flatMap(({ id }) => {
          const lead = leads.get(id);
          if (!lead) return [];
          const properties = Object.fromEntries(
            parsed.properties.map((p) => [p, lead.properties[p] ?? null]),
          );
          return [asRecord(id, properties, lead.updatedAt)];
        });
        return [200, complete(results)];
      }),
    )
    .post('/crm/v4/associations/leads/contacts/batch/read')
    .reply(
      answer((_path, body) => {
        const { inputs } = body as { inputs: { id: string }[] };
        const results = inputs.flatMap(({ id }) => {
          const lead = leads.get(id);
          if (!lead) return [];
          const primary = { category: 'HUBSPOT_DEFINED', typeId: 578, label: 'Primary' };
          return [{ from: { id }, to: [{ toObjectId: lead.contactId, associationTypes: [primary] }] }];
        });
        return [200, complete(results)];
      }),
    )
    .post('/crm/v3/objects/leads/batch/update')
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string; properties: Record<string, string> }[] };
        const results = parsed.inputs.flatMap(({ id, properties }) => {
          const lead = leads.get(id);
          if (!lead) return [];
          lead.properties = { ...lead.properties, ...properties };
          return [asRecord(id, lead.properties, lead.updatedAt)];
        });
        return [200, complete(results)];
      }),
    )
    .post('/crm/v3/objects/contacts/batch/update')
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string; properties: Record<string, string> }[] };
        const results = parsed.inputs.map(({ id, properties }) => {
          const contact = contacts.get(id) ?? { properties: {}, updatedAt: clockMs };
          contact.properties = { ...contact.properties, ...properties };
          contacts.set(id, contact);
          return asRecord(id, contact.properties, contact.updatedAt);
        });
        return [200, complete(results)];
      }),
    );

  return {
    calls,
    problems,
    contacts,
    /** Changes a contact as a HubSpot user would, at a later CRM time than any change before. */
    setContact(id: string, properties: Record<string, string>) {
      clockMs += 60_000;
      const contact = contacts.get(id) ?? { properties: { createdate: String(clockMs) }, updatedAt: clockMs };
      contacts.set(id, { properties: { ...contact.properties, ...properties }, updatedAt: clockMs });
      return clockMs;
    },
    leads,
    /** Creates or changes a Lead object on a contact (moving it there), as a rep or workflow would in HubSpot. */
    setLead(id: string, contactId: string, properties: Record<string, string>) {
      clockMs += 60_000;
      const lead = leads.get(id) ?? {
        properties: { createdate: String(clockMs) },
        updatedAt: clockMs,
        contactId,
      };
      leads.set(id, {
        ...lead,
        contactId,
        properties: { ...lead.properties, ...properties },
        updatedAt: clockMs,
      });
      return clockMs;
    },
    deleteLead(id: string) {
      clockMs += 60_000;
      leads.delete(id);
      return clockMs;
    },
    callsTo: (path: string) => calls.filter((c) => c.path.startsWith(path)),
  };
}
