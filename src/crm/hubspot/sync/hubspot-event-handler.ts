import { z } from 'zod';
import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { RecordChange } from '../../../pipeline/apply-record-changes.ts';
import type { SyncBatch } from '../../../pipeline/crm-port.ts';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxRow } from '../../../store/inbox-intake.ts';
import { findSnapshotsLinkedTo } from '../../../store/snapshots.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { clearedLeadFacts, LEAD_ID_PROPERTY, leadFactsOf, splitPropertiesToRead } from '../hubspot-leads.ts';
import { touchesFromHubSpotContact } from '../hubspot-touches.ts';
import { HUBSPOT_EVENT } from '../intake/hubspot-event-kind.ts';
import { hubSpotEventSchema } from '../intake/hubspot-event-schema.ts';
import { type ClassifiedEvents, classifyHubSpotEvents } from './classify-hubspot-events.ts';
import { confirmRemovals, MERGED_IDS_PROPERTY } from './confirm-removals.ts';
import { foldLead, type LeadFactsUpdate } from './contact-lead-facts.ts';
import type { HubSpotRecord, HubSpotRecordsPort } from './hubspot-records-port.ts';
import { hubSpotPropertiesToRead } from './properties-to-read.ts';

const CONTACTS = 'contacts';

/**
 * The read side of the HubSpot sync: turns a tenant's webhook events into a batch. It reads the
 * touched contacts from HubSpot in batches, those a deletion names included, with the Leads that
 * changed folded onto them. Removals are confirmed by HubSpot's answer rather than taken from the
 * webhook body (see `confirm-removals.ts`); the pipeline then purges, merges, applies and queues
 * the write-backs.
 */
export async function readHubSpotEvents(
  deps: { db: Db; records: HubSpotRecordsPort; logger: Logger },
  tenant: Tenant,
  config: TenantConfig,
  items: readonly InboxRow[],
): Promise<SyncBatch> {
  const classified = classifyHubSpotEvents(items.flatMap(parseEvents));
  const toRead = splitPropertiesToRead(hubSpotPropertiesToRead(config));
  const leadFactsByContact = await readLeadChanges(deps, tenant.id, classified, toRead.lead);
  const contactIds = [...new Set([...classified.refresh, ...classified.purge, ...leadFactsByContact.keys()])];
  const properties =
    classified.merges.length === 0 ? toRead.contact : [...toRead.contact, MERGED_IDS_PROPERTY];
  // One read serves both: contacts to refresh, and the answer that confirms a removal.
  const records =
    contactIds.length === 0
      ? new Map<string, HubSpotRecord>()
      : await deps.records.readContacts(tenant.id, contactIds, properties);
  const removals = confirmRemovals(classified, records);
  for (const claim of removals.unconfirmed) {
    deps.logger.warn(
      { tenant: tenant.id, contact: claim.contactId, claim: claim.claim, reason: claim.reason },
      'HubSpot webhook removal not confirmed by HubSpot; ignored',
    );
  }
  return {
    purges: removals.purge.map((recordId) => ({ objectType: CONTACTS, recordId })),
    merges: removals.merges.map((merge) => ({ objectType: CONTACTS, ...merge })),
    changes: contactChanges(config, records, leadFactsByContact),
  };
}

/**
 * Contacts read from HubSpot as record changes: the webhook sync and the backfill import
 * contacts the same way. Lead facts already stored on a contact are kept unless
 * `leadFactsByContact` brings newer ones.
 */
export function contactChanges(
  config: TenantConfig,
  records: ReadonlyMap<string, HubSpotRecord>,
  leadFactsByContact: ReadonlyMap<string, LeadFactsUpdate> = new Map(),
): RecordChange[] {
  return [...records].map(([id, record]) => {
    const lead = leadFactsByContact.get(id);
    return {
      objectType: CONTACTS,
      snapshot: {
        crm: 'hubspot',
        recordId: id,
        properties: { ...record.properties, ...lead?.facts },
        observedAt: Math.max(record.updatedAt, lead?.changedAt ?? 0),
      },
      touches: touchesFromHubSpotContact(record.properties, config.channels, config.sourceMapping),
      ...(lead ? {} : { carry: leadFactsOf }),
    };
  });
}

/**
 * Reads the Leads this batch touched and the contact each belongs to, and finds the contacts
 * whose Lead went away: deleted, merged away, or now another contact's. Costs nothing when no
 * Lead changed, so contact-only traffic stays at one read and one write per 100 records.
 */
async function readLeadChanges(
  deps: { db: Db; records: HubSpotRecordsPort },
  tenantId: string,
  classified: ClassifiedEvents,
  leadProperties: readonly string[],
): Promise<Map<string, LeadFactsUpdate>> {
  const updates = new Map<string, LeadFactsUpdate>();
  const { refresh, removed } = classified.leads;
  if (refresh.length === 0 && removed.length === 0) return updates;
  // The contacts showing these Leads now: a removed Lead leaves its contact, and so does a Lead
  // whose primary contact is now another one.
  const holders = await findSnapshotsLinkedTo(deps.db, tenantId, CONTACTS, [
    ...removed.map((lead) => lead.id),
    ...refresh,
  ]);
  const leads =
    refresh.length === 0 ? new Map() : await deps.records.readLeads(tenantId, refresh, leadProperties);
  const owners =
    leads.size === 0 ? new Map() : await deps.records.contactsOfLeads(tenantId, [...leads.keys()]);
  for (const holder of holders) {
    const leadId = holder.properties[LEAD_ID_PROPERTY] ?? '';
    const gone = removed.find((r) => r.id === leadId);
    const moved = leads.get(leadId);
    if (gone || (moved && owners.get(leadId) !== holder.recordId)) {
      updates.set(holder.recordId, {
        facts: clearedLeadFacts(holder.properties),
        changedAt: gone?.occurredAt ?? moved?.updatedAt ?? holder.observedAt,
      });
    }
  }
  for (const [leadId, lead] of leads) {
    const contactId = owners.get(leadId);
    if (contactId !== undefined) foldLead(updates, contactId, leadId, lead);
  }
  return updates;
}

const storedEventsSchema = z.union([
  z.object({ type: z.literal(HUBSPOT_EVENT), events: z.array(hubSpotEventSchema).min(1) }),
  // Items stored one event each, before events were stored by record.
  z.object({ type: z.literal(HUBSPOT_EVENT), event: hubSpotEventSchema }).transform(({ type, event }) => ({
    type,
    events: [event],
  })),
]);

function parseEvents(item: InboxRow) {
  const parsed = storedEventsSchema.safeParse(item.payload);
  if (!parsed.success) throw new InputInvalidError(`inbox item ${item.id} holds no valid HubSpot events`);
  return parsed.data.events;
}
