import type { CardToWrite, RecordWriteResult } from '../../../pipeline/crm-port.ts';
import { writebackItem } from '../../../pipeline/writeback-item.ts';
import type { InboxItem } from '../../../store/inbox-intake.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { BATON_PROPERTY_NAMES, batonPropertyValues, changedBatonProperties } from '../baton-properties.ts';
import { asLeadFacts, LEAD_ID_PROPERTY, leadValues } from '../hubspot-leads.ts';
import { hubSpotObjectRecordKey } from '../hubspot-record-keys.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';

export const HUBSPOT_WRITEBACK = 'hubspot_writeback';
const CONTACTS = 'contacts';

/** Queues a write-back of one contact (see `writebackItem`). */
export function hubSpotWritebackItem(
  tenant: { readonly id: string; readonly externalId: string },
  recordId: string,
  reason: string,
): InboxItem {
  return writebackItem(
    { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey },
    { ...tenant, crm: 'hubspot' },
    { objectType: CONTACTS, recordId },
    reason,
  );
}

type Update = { readonly id: string; readonly properties: Readonly<Record<string, string>> };

/**
 * The write side of the HubSpot sync: only the `baton_` properties whose values differ from what
 * HubSpot holds, up to 100 records in one batch call, on the contact and on its Lead object when
 * it has one. HubSpot's VALIDATION_ERROR rejections come back per record.
 */
export async function writeHubSpotCards(
  records: HubSpotRecordsPort,
  tenant: Tenant,
  cards: ReadonlyMap<string, CardToWrite>,
): Promise<RecordWriteResult[]> {
  const updates: Update[] = [];
  const leadUpdates: (Update & { readonly contactId: string })[] = [];
  for (const [id, { view, stored }] of cards) {
    const desired = batonPropertyValues(view);
    const changed = changedBatonProperties(stored, desired);
    if (Object.keys(changed).length > 0) updates.push({ id, properties: changed });
    // The contact's Lead object carries the same view, for Lead views and reports in HubSpot.
    const leadId = stored[LEAD_ID_PROPERTY];
    if (!leadId) continue;
    const leadChanged = changedBatonProperties(leadValues(stored, BATON_PROPERTY_NAMES), desired);
    if (Object.keys(leadChanged).length > 0)
      leadUpdates.push({ id: leadId, contactId: id, properties: leadChanged });
  }
  const [contacts, leads] = await Promise.all([
    updates.length === 0 ? { rejected: [] } : records.updateContacts(tenant.id, updates),
    leadUpdates.length === 0 ? { rejected: [] } : records.updateLeads(tenant.id, leadUpdates),
  ]);
  const contactRejected = new Map(contacts.rejected.map((r) => [r.id, r.message]));
  const leadRejected = new Map(leads.rejected.map((r) => [r.id, r.message]));
  const results = new Map<string, { written: Record<string, string>; rejected: string[] }>();
  const resultOf = (id: string) => {
    const result = results.get(id) ?? { written: {}, rejected: [] };
    results.set(id, result);
    return result;
  };
  for (const update of updates) {
    const rejected = contactRejected.get(update.id);
    if (rejected === undefined) Object.assign(resultOf(update.id).written, update.properties);
    else resultOf(update.id).rejected.push(rejected);
  }
  for (const lead of leadUpdates) {
    const rejected = leadRejected.get(lead.id);
    if (rejected === undefined) Object.assign(resultOf(lead.contactId).written, asLeadFacts(lead.properties));
    else resultOf(lead.contactId).rejected.push(`Lead ${lead.id}: ${rejected}`);
  }
  return [...results].map(([recordId, result]) => ({ recordId, ...result }));
}
