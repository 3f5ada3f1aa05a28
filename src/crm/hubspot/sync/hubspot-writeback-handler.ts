import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { CardToWrite, CrmWriteOutcome, RecordWriteResult } from '../../../pipeline/crm-port.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxRow } from '../../../store/inbox-intake.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { isMissingProperty } from '../api/hubspot-rejection.ts';
import { BATON_PROPERTY_NAMES, batonPropertyValues, changedBatonProperties } from '../baton-properties.ts';
import { asLeadFacts, LEAD_ID_PROPERTY, leadValues } from '../hubspot-leads.ts';
import {
  type AwaitingProperties,
  awaitProperties,
  MAX_PROPERTY_REPAIRS,
  pendingBootstrapDue,
  waitUntil,
} from './awaiting-properties.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';
import { writebackPayloadSchema } from './hubspot-writeback-item.ts';

export { HUBSPOT_WRITEBACK, hubSpotWritebackItem } from './hubspot-writeback-item.ts';

type Update = { readonly id: string; readonly properties: Readonly<Record<string, string>> };

/**
 * The write side of the HubSpot sync: only the `baton_` properties whose values differ from what
 * HubSpot holds, up to 100 records in one batch call, on the contact and on its Lead object when
 * it has one. HubSpot's VALIDATION_ERROR rejections come back per record, except for a missing
 * Baton property: those records wait for a bootstrap and are written then (see
 * `awaiting-properties.ts`), and while one is queued no write is tried at all.
 */
export async function writeHubSpotCards(
  deps: { db: Db; records: HubSpotRecordsPort; logger: Logger },
  tenant: Tenant,
  cards: ReadonlyMap<string, CardToWrite>,
  batch: { readonly items: readonly InboxRow[]; readonly now: Date },
): Promise<CrmWriteOutcome> {
  const { now } = batch;
  const repairs = repairsByRecord(batch.items);
  const bootstrapDue = await pendingBootstrapDue(deps.db, tenant.id);
  if (bootstrapDue) {
    const records = [...repairs].map(([recordId, repaired]) => ({ recordId, repairs: repaired }));
    return settled(deps.logger, [], tenant, { records, repair: false, until: waitUntil(now, bootstrapDue) });
  }
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
  const awaiting = [...missing]
    .map((recordId) => ({ recordId, repairs: (repairs.get(recordId) ?? 0) + 1 }))
    .filter((record) => record.repairs <= MAX_PROPERTY_REPAIRS);
  const waiting = new Set(awaiting.map((r) => r.recordId));
  const contactRejected = new Map(contacts.rejected.map((r) => [r.id, r.message]));
  const leadRejected = new Map(leads.rejected.map((r) => [r.id, r.message]));
  const results = new Map<string, { written: Record<string, string>; rejected: string[] }>();
  const resultOf = (id: string) => {
    const result = results.get(id) ?? { written: {}, rejected: [] };
    results.set(id, result);
    return result;
  };
  // A record waiting for Baton's properties is not refused: its write-back runs again.
  for (const update of updates) {
    const rejected = contactRejected.get(update.id);
    if (rejected === undefined) Object.assign(resultOf(update.id).written, update.properties);
    else if (!waiting.has(update.id)) resultOf(update.id).rejected.push(rejected);
  }
  for (const lead of leadUpdates) {
    const rejected = leadRejected.get(lead.id);
    if (rejected === undefined) Object.assign(resultOf(lead.contactId).written, asLeadFacts(lead.properties));
    else if (!waiting.has(lead.contactId))
      resultOf(lead.contactId).rejected.push(`Lead ${lead.id}: ${rejected}`);
  }
  const written = [...results].map(([recordId, result]) => ({ recordId, ...result }));
  return settled(
    deps.logger,
    written,
    tenant,
    awaiting.length === 0 ? null : { records: awaiting, repair: true, until: waitUntil(now, now) },
  );
}

function settled(
  logger: Logger,
  results: readonly RecordWriteResult[],
  tenant: Tenant,
  awaiting: AwaitingProperties | null,
): CrmWriteOutcome {
  if (!awaiting) return { results };
  return {
    results,
    async settle(tx, now) {
      await awaitProperties(tx, tenant, awaiting, now);
      logger.info(
        { tenant: tenant.id, records: awaiting.records.length, repair: awaiting.repair },
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
