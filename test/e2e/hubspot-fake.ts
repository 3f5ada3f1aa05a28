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
  /** The portal's contact properties in the baton group, and what its property API answers. */
  const schema = {
    group: false,
    properties: new Map<string, { name: string }>(),
    /** 503 to every property call (HubSpot down). */
    outage: false,
    /** 403 to contact property calls (the app lacks the schema scope). */
    refuseContacts: false,
    /** Accepts property creations without keeping them (a portal that keeps removing them). */
    forgetCreated: false,
  };
  /** Tasks apps created (SLA breach notifications). */
  const tasks: { id: string; properties: Record<string, string>; contactIds: string[] }[] = [];
  /** Contact updates HubSpot accepted, in order. */
  const writes: { id: string; properties: Record<string, string> }[] = [];
  const schemaRefusal = (path: string): readonly [number, unknown] | null => {
    if (schema.outage)
      return [503, { status: 'error', category: 'INTERNAL_ERROR', message: 'Service Unavailable' }];
    if (schema.refuseContacts && path.includes('/contacts/'))
      return [
        403,
        {
          status: 'error',
          category: 'MISSING_SCOPES',
          message: "This app hasn't been granted all required scopes to make this call.",
        },
      ];
    return null;
  };

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
      answer((path, body) => {
        const refused = schemaRefusal(path);
        if (refused) return refused;
        if (path.includes('/leads/'))
          return [
            403,
            { status: 'error', category: 'MISSING_SCOPES', message: 'This portal has no Lead object' },
          ];
        if (schema.group) return [409, { status: 'error', category: 'CONFLICT', message: 'group exists' }];
        schema.group = true;
        return [201, body];
      }),
    )
    .post(/^\/crm\/v3\/properties\/(contacts|leads)\/batch\/(read|create)/)
    .reply(
      answer((path, body) => {
        const refused = schemaRefusal(path);
        if (refused) return refused;
        if (path.includes('/leads/'))
          return [403, { status: 'error', category: 'MISSING_SCOPES', message: 'no leads' }];
        const inputs = (body as { inputs: { name: string }[] }).inputs;
        if (path.endsWith('/read')) {
          return [200, complete(inputs.flatMap(({ name }) => schema.properties.get(name) ?? []))];
        }
        const created = inputs.map((p) => ({ ...p, groupName: 'baton', createdAt: '2026-03-02T09:00:00Z' }));
        if (!schema.forgetCreated)
          for (const property of created) schema.properties.set(property.name, property);
        return [201, complete(created)];
      }),
    )
    .post(/^\/crm\/v3\/objects\/contacts\/batch\/read/)
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string }[]; properties: string[] };
        const missing = parsed.inputs.map(({ id }) => id).filter((id) => !contacts.has(id));
        const results = parsed.inputs.flatMap(({ id }) => {
          const contact = contacts.get(id);
          if (!contact) return [];
          const properties = Object.fromEntries(
            parsed.properties.map((p) => [p, contact.properties[p] ?? null]),
          );
          return [asRecord(id, properties, contact.updatedAt)];
        });
        // Deleted, archived and merged-away ids are not found, as HubSpot answers them.
        if (missing.length === 0) return [200, complete(results)];
        const notFound = {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
          context: { ids: missing },
        };
        return [207, { ...complete(results), numErrors: 1, errors: [notFound] }];
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
    .post('/crm/v3/objects/tasks/batch/create')
    .reply(
      answer((_path, body) => {
        const parsed = body as {
          inputs: { properties: Record<string, string>; associations: { to: { id: string } }[] }[];
        };
        const results = parsed.inputs.map(({ properties, associations }) => {
          const task = {
            id: String(700_000 + tasks.length),
            properties,
            contactIds: associations.map((a) => a.to.id),
          };
          tasks.push(task);
          return asRecord(task.id, properties, clockMs);
        });
        return [201, complete(results)];
      }),
    )
    .post('/crm/v3/objects/contacts/batch/update')
    .reply(
      answer((_path, body) => {
        const parsed = body as { inputs: { id: string; properties: Record<string, string> }[] };
        // As HubSpot does, one unknown property refuses the whole batch, naming no record.
        const unknown = parsed.inputs
          .flatMap((input) => Object.keys(input.properties))
          .filter((name) => name.startsWith('baton_') && !schema.properties.has(name));
        if (unknown.length > 0) return [400, missingPropertiesBody(unknown)];
        writes.push(...parsed.inputs);
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
    tasks,
    schema,
    writes,
    /** Someone deleted Baton's properties in the portal (the group stays). */
    dropProperties() {
      schema.properties.clear();
    },
    /** Changes a contact as a HubSpot user would, at a later CRM time than any change before. */
    setContact(id: string, properties: Record<string, string>) {
      clockMs += 60_000;
      const contact = contacts.get(id) ?? { properties: { createdate: String(clockMs) }, updatedAt: clockMs };
      contacts.set(id, { properties: { ...contact.properties, ...properties }, updatedAt: clockMs });
      return clockMs;
    },
    /** Deletes a contact (or erases it for a privacy deletion) as HubSpot does: it reads as not found. */
    deleteContact(id: string) {
      clockMs += 60_000;
      contacts.delete(id);
      return clockMs;
    },
    /** Merges `from` into `into`: `from` is gone and `into` lists it in `hs_merged_object_ids`. */
    mergeContacts(into: string, from: string) {
      clockMs += 60_000;
      const survivor = contacts.get(into);
      if (!survivor) throw new Error(`no contact ${into} to merge into`);
      const merged = [survivor.properties.hs_merged_object_ids, from].filter(Boolean).join(';');
      contacts.set(into, {
        properties: { ...survivor.properties, hs_merged_object_ids: merged },
        updatedAt: clockMs,
      });
      contacts.delete(from);
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

/** HubSpot's answer to a write naming properties the portal does not have. */
function missingPropertiesBody(names: readonly string[]) {
  const problems = names.map((name) => ({
    isValid: false,
    message: `Property "${name}" does not exist`,
    error: 'PROPERTY_DOESNT_EXIST',
    name,
  }));
  return {
    status: 'error',
    category: 'VALIDATION_ERROR',
    message: `Property values were not valid: ${JSON.stringify(problems)}`,
    correlationId: '5d9b1c4e-8f3a-4b2d-9c6e-7a1f0e2d3c4b',
  };
}
