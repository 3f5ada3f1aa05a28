import nock from 'nock';
import { API, batchAnswer, callRecorder } from '../api/hubspot-test-kit.ts';

export interface PortalLead {
  readonly id: string;
  /** The contact the Lead was created on (association type 578). */
  readonly primaryContactId: string;
  /** Other contacts the Lead is associated with, without being theirs. */
  readonly alsoAssociatedWith?: readonly string[];
  readonly updatedAt: number;
  readonly properties: Readonly<Record<string, string>>;
}

const PRIMARY = { category: 'HUBSPOT_DEFINED', typeId: 578, label: 'Primary' };
const OTHER = { category: 'HUBSPOT_DEFINED', typeId: 608, label: null };

/**
 * A portal's Lead objects at the HTTP boundary: the v4 association reads in both directions and
 * the Lead batch read, answered as HubSpot's specs describe them.
 */
export function leadStandIn(leads: readonly PortalLead[]) {
  const seen = callRecorder();
  const contactsOf = (lead: PortalLead) => [lead.primaryContactId, ...(lead.alsoAssociatedWith ?? [])];
  const inputs = (body: unknown) => (body as { inputs: { id: string }[] }).inputs.map((input) => input.id);
  nock(API)
    .persist()
    .post('/crm/v4/associations/contacts/leads/batch/read')
    .reply(async (request: Request) => {
      const call = await seen.record(request);
      const results = inputs(call.body).flatMap((contactId) => {
        const held = leads.filter((lead) => contactsOf(lead).includes(contactId));
        if (held.length === 0) return [];
        return [
          {
            from: { id: contactId },
            to: held.map((lead) => ({
              toObjectId: lead.id,
              associationTypes: [lead.primaryContactId === contactId ? PRIMARY : OTHER],
            })),
          },
        ];
      });
      return [200, batchAnswer(results)];
    })
    .post('/crm/v4/associations/leads/contacts/batch/read')
    .reply(async (request: Request) => {
      const call = await seen.record(request);
      const results = inputs(call.body).flatMap((leadId) => {
        const lead = leads.find((l) => l.id === leadId);
        if (!lead) return [];
        return [
          {
            from: { id: leadId },
            to: contactsOf(lead).map((contactId) => ({
              toObjectId: contactId,
              associationTypes: [contactId === lead.primaryContactId ? PRIMARY : OTHER],
            })),
          },
        ];
      });
      return [200, batchAnswer(results)];
    })
    .post(/^\/crm\/v3\/objects\/leads\/batch\/read/)
    .reply(async (request: Request) => {
      const call = await seen.record(request);
      const { properties } = call.body as { properties: string[] };
      const results = inputs(call.body).flatMap((leadId) => {
        const lead = leads.find((l) => l.id === leadId);
        if (!lead) return [];
        const at = new Date(lead.updatedAt).toISOString();
        return [
          {
            id: leadId,
            properties: Object.fromEntries(properties.map((name) => [name, lead.properties[name] ?? null])),
            createdAt: at,
            updatedAt: at,
            archived: false,
          },
        ];
      });
      return [200, batchAnswer(results)];
    });
  return seen;
}
