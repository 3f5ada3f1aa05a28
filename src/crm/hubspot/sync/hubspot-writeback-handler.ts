import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { loadCardViews } from '../../../pipeline/load-card-view.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxRow } from '../../../store/inbox.ts';
import { getSnapshots, mergeSnapshotProperties } from '../../../store/snapshots.ts';
import { getTenant } from '../../../store/tenants.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { BATON_PROPERTY_NAMES, batonPropertyValues, changedBatonProperties } from '../baton-properties.ts';
import { asLeadFacts, LEAD_ID_PROPERTY, leadValues } from '../hubspot-leads.ts';
import {
  type AwaitingProperties,
  awaitProperties,
  isMissingProperty,
  MAX_PROPERTY_REPAIRS,
  pendingBootstrapDue,
  waitUntil,
} from './awaiting-properties.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';
import { CONTACTS, writebackPayloadSchema } from './hubspot-writeback-item.ts';

export { HUBSPOT_WRITEBACK, hubSpotWritebackItem } from './hubspot-writeback-item.ts';

type Updates = readonly { readonly id: string; readonly properties: Readonly<Record<string, string>> }[];
type Rejections = readonly { readonly id: string; readonly message: string }[];

interface Written {
  readonly tenant: { readonly id: string; readonly externalId: string };
  readonly updates: Updates;
  readonly rejected: Rejections;
  /** Lead objects written, with the contact each is folded onto. */
  readonly leadUpdates: readonly {
    readonly id: string;
    readonly contactId: string;
    readonly properties: Readonly<Record<string, string>>;
  }[];
  readonly leadsRejected: Rejections;
  /** Records whose write-back waits for Baton's properties instead of being rejected. */
  readonly awaiting: AwaitingProperties | null;
}

/**
 * Writes Baton's view of each record back to HubSpot: only the `baton_` properties whose values
 * differ from what HubSpot holds, up to 100 records in one batch call, on the contact and on its
 * Lead object when it has one. The calls happen in `prepare`, outside the transaction; it is
 * idempotent (it sets values, never increments), so a retry after a failure later in the group
 * sends the same values again and changes nothing. Records HubSpot rejects (VALIDATION_ERROR)
 * are logged and not retried, except for a missing Baton property: those records wait for a
 * bootstrap and are written then (see `awaiting-properties.ts`), and while one is queued no
 * write is tried at all.
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
      const repairs = repairsByRecord(items);
      const ids = [...repairs.keys()];
      const bootstrapDue = await pendingBootstrapDue(deps.db, tenant.id);
      if (bootstrapDue) {
        const records = ids.map((recordId) => ({ recordId, repairs: repairs.get(recordId) ?? 0 }));
        const awaiting = { records, repair: false, until: waitUntil(now, bootstrapDue) };
        return { tenant, updates: [], rejected: [], leadUpdates: [], leadsRejected: [], awaiting };
      }
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
      const contactOfLead = new Map(leadUpdates.map((lead) => [lead.id, lead.contactId]));
      const missing = new Set([
        ...contacts.rejected.filter((r) => isMissingProperty(r.message)).map((r) => r.id),
        ...leads.rejected.flatMap((r) => {
          const contactId = contactOfLead.get(r.id);
          return contactId && isMissingProperty(r.message) ? [contactId] : [];
        }),
      ]);
      const records = [...missing]
        .map((recordId) => ({ recordId, repairs: (repairs.get(recordId) ?? 0) + 1 }))
        .filter((record) => record.repairs <= MAX_PROPERTY_REPAIRS);
      return {
        tenant,
        updates,
        rejected: contacts.rejected,
        leadUpdates,
        leadsRejected: leads.rejected,
        awaiting: records.length === 0 ? null : { records, repair: true, until: waitUntil(now, now) },
      };
    },

    async apply(tx, _items, written, now) {
      if (!written) return;
      const tenantId = written.tenant.id;
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
        tenantId,
        CONTACTS,
        [...merged].map(([recordId, properties]) => ({ recordId, properties })),
        now,
      );
      const waiting = new Set(written.awaiting?.records.map((r) => r.recordId));
      const contactOfLead = new Map(written.leadUpdates.map((lead) => [lead.id, lead.contactId]));
      const refused = [
        ...written.rejected.filter((r) => !waiting.has(r.id)),
        ...written.leadsRejected.filter((r) => !waiting.has(contactOfLead.get(r.id) ?? '')),
      ];
      for (const r of refused) {
        deps.logger.warn(
          { tenant: tenantId, record: r.id, reason: r.message },
          'HubSpot rejected write-back',
        );
      }
      if (!written.awaiting) return;
      await awaitProperties(tx, written.tenant, written.awaiting, now);
      deps.logger.info(
        { tenant: tenantId, records: written.awaiting.records.length, repair: written.awaiting.repair },
        'write-backs wait for Baton properties',
      );
    },
  };
}

/** Each record's id with the bootstraps its write-back has already waited through. */
function repairsByRecord(items: readonly InboxRow[]): Map<string, number> {
  const repairs = new Map<string, number>();
  for (const item of items) {
    const parsed = writebackPayloadSchema.safeParse(item.payload);
    if (!parsed.success)
      throw new InputInvalidError(`inbox item ${item.id} is not a valid HubSpot write-back`);
    const { recordId, propertyRepairs = 0 } = parsed.data;
    repairs.set(recordId, Math.max(repairs.get(recordId) ?? 0, propertyRepairs));
  }
  return repairs;
}
