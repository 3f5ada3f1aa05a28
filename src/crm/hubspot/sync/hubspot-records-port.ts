import type { PropertyBag } from '../../../core/record.ts';

export interface HubSpotRecord {
  readonly properties: PropertyBag;
  /** HubSpot's last-modified time: the event time of the state Baton read. */
  readonly updatedAt: number;
}

/** What became of contacts HubSpot no longer holds live under the ids asked for. */
export interface GoneContacts {
  /** Deleted and still restorable from HubSpot's recycle bin. */
  readonly archived: readonly string[];
  /** Merged away: each id with the id of the contact it was merged into. */
  readonly mergedInto: ReadonlyMap<string, string>;
  /** Unknown to HubSpot: purged (a privacy deletion, or past the recycle bin) or never there. */
  readonly missing: readonly string[];
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
  /**
   * Confirms deletions and merges before Baton acts on them: ids HubSpot holds live are in none
   * of the lists. One read per 100 ids, and one more per 100 of those not live.
   */
  findGoneContacts(tenantId: string, ids: readonly string[]): Promise<GoneContacts>;
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
}
