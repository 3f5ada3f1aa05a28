import type { LeadStatusValue } from '../defaults/lead-status-mapping.ts';
import type { LeadRecord } from '../lead-record.ts';

/** One Lead's changed Baton fields, in the types the REST API takes (null clears a field). */
export interface LeadUpdate {
  readonly id: string;
  readonly fields: Readonly<Record<string, string | number | null>>;
}

export interface LeadRejection {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/** What deleting a Lead left: in the recycle bin, and the survivor when it was merged away. */
export interface RemovedLead {
  readonly masterRecordId: string | null;
}

/** A Task Baton creates on a Lead (an SLA breach notice), with the mark that makes a retry find it. */
export interface NewLeadTask {
  readonly mark: string;
  readonly leadId: string;
  readonly ownerId: string;
  readonly subject: string;
  readonly description: string;
  /** Date only, as the Task's `ActivityDate` is. */
  readonly dueDate: string;
}

/**
 * The Salesforce calls the sync makes, per tenant. The jsforce implementation is in
 * `api/salesforce-leads-api.ts`; tests give their own.
 */
export interface SalesforceLeadsPort {
  /** The org's Lead fields (API names, relationship names as `Owner.`), so a query names only fields that exist. */
  leadFields(tenantId: string): Promise<ReadonlySet<string>>;
  /** Up to 200 Leads in one bound query, with their campaign memberships; deleted Leads are absent. */
  readLeads(
    tenantId: string,
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<ReadonlyMap<string, LeadRecord>>;
  /** Of Leads a read did not find, those Salesforce confirms deleted (the recycle bin keeps them 15 days). */
  removedLeads(tenantId: string, ids: readonly string[]): Promise<ReadonlyMap<string, RemovedLead>>;
  /** One sObject Collections call per 200 Leads, record by record (`allOrNone: false`). */
  updateLeads(
    tenantId: string,
    updates: readonly LeadUpdate[],
  ): Promise<{ readonly rejected: readonly LeadRejection[] }>;
  /** Creates Tasks, 200 per sObject Collections call; by mark, the new Task's id or Salesforce's refusal. */
  createTasks(
    tenantId: string,
    tasks: readonly NewLeadTask[],
  ): Promise<{
    readonly created: ReadonlyMap<string, string>;
    readonly rejected: ReadonlyMap<string, string>;
  }>;
  /** The Tasks on these Leads (`WhoId`), with their descriptions, for a retry to find its own. */
  tasksOfLeads(
    tenantId: string,
    leadIds: readonly string[],
  ): Promise<readonly { readonly id: string; readonly description: string }[]>;
  /** The org's Lead statuses, read when needed (returning a lead to marketing). */
  leadStatuses(tenantId: string): Promise<readonly LeadStatusValue[]>;
  /** Leads changed after `since` (by `SystemModstamp`, then Id), oldest first, deleted ones included, for reconciliation. */
  leadsModifiedSince(
    tenantId: string,
    since: { readonly at: number; readonly id: string },
    fields: readonly string[],
    limit: number,
  ): Promise<readonly LeadRecord[]>;
}
