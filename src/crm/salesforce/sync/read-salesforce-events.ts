import { z } from 'zod';
import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { RecordChange } from '../../../pipeline/apply-record-changes.ts';
import type { SyncBatch, SyncCardAction } from '../../../pipeline/crm-port.ts';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import type { InboxRow } from '../../../store/inbox-intake.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { SALESFORCE_EVENT } from '../intake/salesforce-event-kind.ts';
import type { LeadRecord } from '../lead-record.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import { touchesFromLead } from '../salesforce-touches.ts';
import { salesforceFieldsToRead } from './fields-to-read.ts';
import { dispositionOf } from './lead-dispositions.ts';
import type { SalesforceLeadsPort } from './salesforce-leads-port.ts';

const notificationSchema = z.object({
  notificationId: z.string().min(1),
  objectType: z.literal(LEAD),
  recordId: z.string().min(15),
});
const storedSchema = z.object({
  type: z.literal(SALESFORCE_EVENT),
  events: z.array(notificationSchema).min(1),
});

export interface SalesforceReadDeps {
  readonly leads: SalesforceLeadsPort;
  readonly logger: Logger;
}

/**
 * The read side of the Salesforce sync. An Outbound Message is unsigned, so it only says which
 * Leads to look at: Baton reads them again with its own token, in one bound query per 200, and
 * takes nothing from the message. Leads the query no longer finds are purged (or merged into
 * their survivor) only when Salesforce confirms the deletion.
 */
export async function readSalesforceEvents(
  deps: SalesforceReadDeps,
  tenant: Tenant,
  config: TenantConfig,
  items: readonly InboxRow[],
): Promise<SyncBatch> {
  const ids = [...new Set(items.flatMap(parseNotifications).map((n) => n.recordId))];
  const fields = salesforceFieldsToRead(config, await deps.leads.leadFields(tenant.id));
  const leads =
    ids.length === 0 ? new Map<string, LeadRecord>() : await deps.leads.readLeads(tenant.id, ids, fields);
  const missing = ids.filter((id) => !leads.has(id));
  const removed = missing.length === 0 ? new Map() : await deps.leads.removedLeads(tenant.id, missing);
  for (const id of missing.filter((id) => !removed.has(id))) {
    deps.logger.warn(
      { tenant: tenant.id, lead: id },
      'Salesforce Lead neither readable nor confirmed deleted; left as it was',
    );
  }
  const purges = [...removed]
    .filter(([, r]) => !r.masterRecordId)
    .map(([recordId]) => ({ objectType: LEAD, recordId }));
  const merges = [...removed].flatMap(([recordId, r]) =>
    r.masterRecordId ? [{ objectType: LEAD, into: r.masterRecordId, from: [recordId] }] : [],
  );
  return {
    purges,
    merges,
    changes: leadChanges(config, leads.values()),
    cardActions: cardActionsOf(deps.logger, tenant, leads.values()),
  };
}

/** Leads read from Salesforce as record changes: the Outbound Message sync, reconciliation and the backfill alike. */
export function leadChanges(config: TenantConfig, leads: Iterable<LeadRecord>): RecordChange[] {
  return [...leads].map((lead) => ({
    objectType: LEAD,
    snapshot: {
      crm: 'salesforce',
      recordId: lead.id,
      properties: lead.properties,
      observedAt: lead.modifiedAt,
    },
    touches: touchesFromLead(lead, config.channels, config.sourceMapping),
  }));
}

export function cardActionsOf(logger: Logger, tenant: Tenant, leads: Iterable<LeadRecord>): SyncCardAction[] {
  const actions: SyncCardAction[] = [];
  for (const lead of leads) {
    const reading = dispositionOf(lead);
    if (reading.kind === 'action') actions.push(reading.action);
    else if (reading.kind === 'unreadable')
      logger.warn(
        { tenant: tenant.id, lead: lead.id, reason: reading.reason },
        'Salesforce disposition ignored',
      );
  }
  return actions;
}

function parseNotifications(item: InboxRow) {
  const parsed = storedSchema.safeParse(item.payload);
  if (!parsed.success)
    throw new InputInvalidError(`inbox item ${item.id} holds no valid Salesforce notifications`);
  return parsed.data.events;
}
