import { z } from 'zod';
import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { loadCardViews } from '../../../pipeline/load-card-view.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxItem, InboxRow } from '../../../store/inbox-intake.ts';
import { getSnapshots, mergeSnapshotProperties } from '../../../store/snapshots.ts';
import { getTenant } from '../../../store/tenants.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { BATON_PROPERTY_NAMES, batonPropertyValues, changedBatonProperties } from '../baton-properties.ts';
import { asLeadFacts, LEAD_ID_PROPERTY, leadValues } from '../hubspot-leads.ts';
import { CONTACT_OBJECT_TYPE_ID, hubSpotRecordKey } from '../intake/hubspot-event-schema.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';

export const HUBSPOT_WRITEBACK = 'hubspot_writeback';
const CONTACTS = 'contacts';

/**
 * Queues a write-back of one contact. `reason` makes the dedupe key: the same reason queued twice
 * (a replayed batch, two sweeps in one window) is one write-back.
 */
export function hubSpotWritebackItem(
  tenant: { readonly id: string; readonly externalId: string },
  recordId: string,
  reason: string,
): InboxItem {
  return {
    crm: 'hubspot',
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    // Record ids are a portal's own: another portal may hold the same id for the same reason.
    dedupeKey: `writeback:${tenant.externalId}:${CONTACTS}:${recordId}:${reason}`,
    recordKey: hubSpotRecordKey(CONTACT_OBJECT_TYPE_ID, recordId),
    payload: { type: HUBSPOT_WRITEBACK, objectType: CONTACTS, recordId },
  };
}

const writebackSchema = z.object({
  type: z.literal(HUBSPOT_WRITEBACK),
  objectType: z.literal(CONTACTS),
  recordId: z.string().min(1),
});

type Updates = readonly { readonly id: string; readonly properties: Readonly<Record<string, string>> }[];
type Rejections = readonly { readonly id: string; readonly message: string }[];

interface Written {
  readonly tenantId: string;
  readonly updates: Updates;
  readonly rejected: Rejections;
  /** Lead objects written, with the contact each is folded onto. */
  readonly leadUpdates: readonly {
    readonly id: string;
    readonly contactId: string;
    readonly properties: Readonly<Record<string, string>>;
  }[];
  readonly leadsRejected: Rejections;
}

/**
 * Writes Baton's view of each record back to HubSpot: only the `baton_` properties whose values
 * differ from what HubSpot holds, up to 100 records in one batch call, on the contact and on its
 * Lead object when it has one. The calls happen in `prepare`, outside the transaction; it is idempotent (it sets values, never increments), so a
 * retry after a failure later in the group sends the same values again and changes nothing.
 * Records HubSpot rejects (VALIDATION_ERROR) are logged and not retried.
 */
export function createHubSpotWritebackHandler(deps: {
  db: Db;
  records: HubSpotRecordsPort;
  logger: Logger;
}): InboxHandler<Written | null> {
  return {
    async prepare(items, now) {
      const tenantId = items[0]?.tenantId;
      const tenant = tenantId ? await getTenant(deps.db, tenantId) : null;
      if (tenant?.status !== 'active') return null;
      const ids = [...new Set(items.map(recordIdOf))];
      const [views, snapshots] = await Promise.all([
        loadCardViews(deps.db, tenant, CONTACTS, ids, now),
        getSnapshots(deps.db, tenant.id, CONTACTS, ids),
      ]);
      const held = new Map(snapshots.map((snapshot) => [snapshot.recordId, snapshot.properties]));
      const updates = [];
      const leadUpdates = [];
      for (const [id, view] of views) {
        const desired = batonPropertyValues(view);
        const properties = held.get(id) ?? {};
        const changed = changedBatonProperties(properties, desired);
        if (Object.keys(changed).length > 0) updates.push({ id, properties: changed });
        // The contact's Lead object carries the same view, for Lead views and reports in HubSpot.
        const leadId = properties[LEAD_ID_PROPERTY];
        if (!leadId) continue;
        const leadChanged = changedBatonProperties(leadValues(properties, BATON_PROPERTY_NAMES), desired);
        if (Object.keys(leadChanged).length > 0)
          leadUpdates.push({ id: leadId, contactId: id, properties: leadChanged });
      }
      const [contacts, leads] = await Promise.all([
        updates.length === 0 ? { rejected: [] } : deps.records.updateContacts(tenant.id, updates),
        leadUpdates.length === 0 ? { rejected: [] } : deps.records.updateLeads(tenant.id, leadUpdates),
      ]);
      return {
        tenantId: tenant.id,
        updates,
        rejected: contacts.rejected,
        leadUpdates,
        leadsRejected: leads.rejected,
      };
    },

    async apply(tx, _items, written, now) {
      if (!written) return;
      const rejected = new Set(written.rejected.map((r) => r.id));
      const leadsRejected = new Set(written.leadsRejected.map((r) => r.id));
      const merged = new Map<string, Record<string, string>>();
      for (const update of written.updates) {
        if (!rejected.has(update.id)) merged.set(update.id, { ...update.properties });
      }
      for (const lead of written.leadUpdates) {
        if (leadsRejected.has(lead.id)) continue;
        merged.set(lead.contactId, { ...merged.get(lead.contactId), ...asLeadFacts(lead.properties) });
      }
      await mergeSnapshotProperties(
        tx,
        written.tenantId,
        CONTACTS,
        [...merged].map(([recordId, properties]) => ({ recordId, properties })),
        now,
      );
      for (const r of [...written.rejected, ...written.leadsRejected]) {
        deps.logger.warn(
          { tenant: written.tenantId, record: r.id, reason: r.message },
          'HubSpot rejected write-back',
        );
      }
    },
  };
}

function recordIdOf(item: InboxRow): string {
  const parsed = writebackSchema.safeParse(item.payload);
  if (!parsed.success) throw new InputInvalidError(`inbox item ${item.id} is not a valid HubSpot write-back`);
  return parsed.data.recordId;
}
