import { z } from 'zod';
import { InputInvalidError } from '../../../errors.ts';
import { applyRecordChanges, type RecordChange } from '../../../pipeline/apply-record-changes.ts';
import { loadTenantConfig, type TenantConfig } from '../../../pipeline/tenant-config.ts';
import type { Db, Tx } from '../../../store/database.ts';
import { enqueue, type InboxRow } from '../../../store/inbox-intake.ts';
import { deleteRecordData, mergeRecordLedgers } from '../../../store/ledger.ts';
import { findSnapshotsWithProperty, getSnapshots } from '../../../store/snapshots.ts';
import { getTenant, type Tenant } from '../../../store/tenants.ts';
import { mergeRecordTouches } from '../../../store/touches.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { HUBSPOT_BATCH_SIZE } from '../api/hubspot-records.ts';
import { clearedLeadFacts, LEAD_ID_PROPERTY, leadFactsOf, splitPropertiesToRead } from '../hubspot-leads.ts';
import { touchesFromHubSpotContact } from '../hubspot-touches.ts';
import { HUBSPOT_EVENT } from '../intake/hubspot-event-kind.ts';
import { hubSpotEventSchema } from '../intake/hubspot-event-schema.ts';
import { type ClassifiedEvents, classifyHubSpotEvents } from './classify-hubspot-events.ts';
import { foldLead, type LeadFactsUpdate } from './contact-lead-facts.ts';
import type { HubSpotRecord, HubSpotRecordsPort } from './hubspot-records-port.ts';
import { hubSpotWritebackItem } from './hubspot-writeback-handler.ts';
import { hubSpotPropertiesToRead } from './properties-to-read.ts';
import { redactContactEvents } from './redact-contact-events.ts';

const CONTACTS = 'contacts';

type Prepared =
  | { readonly skip: true }
  | {
      readonly skip: false;
      readonly tenant: Tenant;
      readonly config: TenantConfig;
      readonly classified: ClassifiedEvents;
      readonly records: ReadonlyMap<string, HubSpotRecord>;
      /** Contact id → the Lead facts this batch learned (emptied when its Lead went away). */
      readonly leadFactsByContact: ReadonlyMap<string, LeadFactsUpdate>;
    };

/**
 * Turns a tenant's webhook events into ledger facts. `prepare` reads the touched contacts from
 * HubSpot in batches (outside any transaction); `apply` purges, merges and runs the pipeline, and
 * queues a write-back for every refreshed contact in the same transaction, so the write-back can
 * never be lost or run for work that rolled back.
 */
export function createHubSpotEventHandler(deps: {
  db: Db;
  records: HubSpotRecordsPort;
}): InboxHandler<Prepared> {
  return {
    recordsPerCall: HUBSPOT_BATCH_SIZE,
    async prepare(items) {
      const tenant = await tenantOf(deps.db, items);
      if (tenant?.status !== 'active') return { skip: true };
      const config = await loadTenantConfig(deps.db, tenant);
      const classified = classifyHubSpotEvents(items.flatMap(parseEvents));
      const toRead = splitPropertiesToRead(hubSpotPropertiesToRead(config));
      const leadFactsByContact = await readLeadChanges(deps, tenant.id, classified, toRead.lead);
      const purged = new Set(classified.purge);
      const contactIds = [
        ...new Set([
          ...classified.refresh,
          ...[...leadFactsByContact.keys()].filter((id) => !purged.has(id)),
        ]),
      ];
      const records =
        contactIds.length === 0
          ? new Map<string, HubSpotRecord>()
          : await deps.records.readContacts(tenant.id, contactIds, toRead.contact);
      return { skip: false, tenant, config, classified, records, leadFactsByContact };
    },

    async apply(tx, _items, prepared, now) {
      if (prepared.skip) return;
      const { tenant, config, classified, records, leadFactsByContact } = prepared;
      for (const id of classified.purge) await deleteRecordData(tx, tenant.id, id);
      await redactContactEvents(tx, tenant.id, classified.purge);
      for (const merge of classified.merges) {
        for (const from of merge.from) {
          await mergeRecordLedgers(tx, tenant.id, from, merge.into);
          await mergeRecordTouches(tx, tenant.id, from, merge.into);
          await deleteRecordData(tx, tenant.id, from);
        }
      }
      await applyContactRecords(tx, { tenant, config, records, leadFactsByContact }, now);
    },
  };
}

/**
 * Runs contacts read from HubSpot through the pipeline and queues their write-back, in the
 * caller's transaction: the webhook worker and the backfill import contacts the same way. Lead
 * facts already stored on a contact are kept unless `leadFactsByContact` brings newer ones.
 */
export async function applyContactRecords(
  tx: Tx,
  input: {
    readonly tenant: Tenant;
    readonly config: TenantConfig;
    readonly records: ReadonlyMap<string, HubSpotRecord>;
    readonly leadFactsByContact?: ReadonlyMap<string, LeadFactsUpdate>;
  },
  now: Date,
): Promise<void> {
  const { tenant, config, records } = input;
  const leadFactsByContact = input.leadFactsByContact ?? new Map<string, LeadFactsUpdate>();
  const carried = await carriedLeadFacts(tx, tenant.id, [...records.keys()], leadFactsByContact);
  const changes: RecordChange[] = [...records].map(([id, record]) => {
    const lead = leadFactsByContact.get(id);
    return {
      objectType: CONTACTS,
      snapshot: {
        crm: 'hubspot',
        recordId: id,
        properties: { ...record.properties, ...(lead?.facts ?? carried.get(id)) },
        observedAt: Math.max(record.updatedAt, lead?.changedAt ?? 0),
      },
      touches: touchesFromHubSpotContact(record.properties, config.channels, config.sourceMapping),
    };
  });
  if (changes.length === 0) return;
  await applyRecordChanges(tx, config, changes, now);
  await enqueue(
    tx,
    changes.map(({ snapshot }) =>
      hubSpotWritebackItem(tenant, snapshot.recordId, String(snapshot.observedAt)),
    ),
    now,
  );
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
  const holders = await findSnapshotsWithProperty(deps.db, tenantId, CONTACTS, LEAD_ID_PROPERTY, [
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

/** Lead facts already on the stored snapshots of contacts this batch did not learn a Lead for. */
async function carriedLeadFacts(
  tx: Tx,
  tenantId: string,
  contactIds: readonly string[],
  learned: ReadonlyMap<string, LeadFactsUpdate>,
): Promise<Map<string, Record<string, string | null>>> {
  const stored = await getSnapshots(
    tx,
    tenantId,
    CONTACTS,
    contactIds.filter((id) => !learned.has(id)),
  );
  return new Map(stored.map((snapshot) => [snapshot.recordId, leadFactsOf(snapshot.properties)]));
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

async function tenantOf(db: Db, items: readonly InboxRow[]): Promise<Tenant | null> {
  const tenantId = items[0]?.tenantId;
  return tenantId ? getTenant(db, tenantId) : null;
}
