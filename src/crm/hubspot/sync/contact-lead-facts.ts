import { LEAD_ID_PROPERTY, leadFacts } from '../hubspot-leads.ts';
import type { HubSpotRecord, HubSpotRecordsPort } from './hubspot-records-port.ts';

/** What a batch learned of a contact's Lead: its facts, emptied when the Lead went away. */
export interface LeadFactsUpdate {
  readonly facts: Readonly<Record<string, string | null>>;
  /** When the Lead last changed: a hand-off's time is the Lead's, not the contact's. */
  readonly changedAt: number;
}

/** Folds a Lead onto its contact; of several Leads of one contact, the one changed last shows. */
export function foldLead(
  updates: Map<string, LeadFactsUpdate>,
  contactId: string,
  leadId: string,
  lead: HubSpotRecord,
): void {
  const held = updates.get(contactId);
  if (held && held.changedAt > lead.updatedAt && held.facts[LEAD_ID_PROPERTY]) return;
  updates.set(contactId, { facts: leadFacts(leadId, lead.properties), changedAt: lead.updatedAt });
}

/**
 * The Leads these contacts hold now, as facts for their snapshots: how the backfill learns of
 * Leads created before the install, which no webhook will announce. A Lead is folded onto its
 * primary contact only, as the webhook sync does. Per 100 contacts one association read, and per
 * 100 Leads found one Lead read and one read of their primary contacts.
 */
export async function readLeadFactsOfContacts(
  records: HubSpotRecordsPort,
  tenantId: string,
  contactIds: readonly string[],
  leadProperties: readonly string[],
): Promise<Map<string, LeadFactsUpdate>> {
  const updates = new Map<string, LeadFactsUpdate>();
  const leadsOf = await records.leadsOfContacts(tenantId, contactIds);
  const leadIds = [...new Set([...leadsOf.values()].flat())];
  if (leadIds.length === 0) return updates;
  const leads = await records.readLeads(tenantId, leadIds, leadProperties);
  const primaries = leads.size === 0 ? new Map() : await records.contactsOfLeads(tenantId, [...leads.keys()]);
  for (const [leadId, lead] of leads) {
    const contactId = primaries.get(leadId);
    if (contactId !== undefined && leadsOf.has(contactId)) foldLead(updates, contactId, leadId, lead);
  }
  return updates;
}
