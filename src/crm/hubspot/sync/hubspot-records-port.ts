import type { PropertyBag } from '../../../core/record.ts';
import type { NewTask, TasksCreated } from '../api/hubspot-tasks.ts';

export interface HubSpotRecord {
  readonly properties: PropertyBag;
  /** HubSpot's last-modified time: the event time of the state Baton read. */
  readonly updatedAt: number;
}

/**
 * What the sync needs from HubSpot's CRM API. One read and one write per 100 contacts (plus a Lead read and an association read per 100
 * changed Leads); the
 * implementation owns batching, the shared rate limit and retries, and keeps SDK types to itself.
 */
export interface HubSpotRecordsPort {
  /**
   * Contacts by id. Ids HubSpot answers as not found (deleted, archived, erased, merged away) are
   * absent; any other failure must throw, never drop ids: the sync purges a contact a deletion
   * names only when it is absent here.
   */
  readContacts(
    tenantId: string,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<ReadonlyMap<string, HubSpotRecord>>;
  /** Lead objects by id. */
  readLeads(
    tenantId: string,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<ReadonlyMap<string, HubSpotRecord>>;
  /** The contact each Lead belongs to; Leads without one are absent. */
  contactsOfLeads(tenantId: string, leadIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Each contact's Leads; contacts without any are absent. */
  leadsOfContacts(
    tenantId: string,
    contactIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly string[]>>;
  updateLeads(
    tenantId: string,
    updates: readonly { readonly id: string; readonly properties: Readonly<Record<string, string>> }[],
  ): Promise<{ readonly rejected: readonly { readonly id: string; readonly message: string }[] }>;
  updateContacts(
    tenantId: string,
    updates: readonly { readonly id: string; readonly properties: Readonly<Record<string, string>> }[],
  ): Promise<{ readonly rejected: readonly { readonly id: string; readonly message: string }[] }>;
  /** Tasks for the SLA breach notifications, each on its contact. */
  createTasks(tenantId: string, tasks: readonly NewTask[]): Promise<TasksCreated>;
  /** The tasks associated with each contact; contacts without any are absent. */
  tasksOfContacts(
    tenantId: string,
    contactIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly string[]>>;
  readTasks(
    tenantId: string,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<ReadonlyMap<string, HubSpotRecord>>;
}
