import type { ApiUsage } from './api-allocation.ts';
import type { FieldValue } from './field-values.ts';
import type { CampaignSpec, ConvertOptions, NewQueue, NewUser } from './org-directory.ts';
import type { RecordChange } from './org-store.ts';
import type { OutboundStats } from './outbound-dispatcher.ts';
import type { TrafficControl } from './traffic-control.ts';

/** A record as the REST API shows its values (datetimes as `2026-01-01T10:00:00.000+0000`). */
export type SalesforceRecord = Readonly<Record<string, FieldValue>>;

/** Who makes a change through the store API: a user of the org (the admin by default), and an API client name. */
export interface ChangeOrigin {
  readonly userId?: string;
  readonly client?: string;
}

export interface SalesforceStandIn extends Omit<TrafficControl, 'middleware' | 'close'> {
  /** Login and instance are one server: use it as the OAuth login URL and as `instance_url`. */
  readonly baseUrl: string;
  readonly loginUrl: string;
  readonly instanceUrl: string;
  readonly apiVersion: string;
  readonly orgId: string;
  /** The admin who approves the install, and the user authorize signs in until `signInAs` names another. */
  readonly adminUserId: string;
  createLead(fields: Readonly<Record<string, unknown>>, origin?: ChangeOrigin): SalesforceRecord;
  updateLead(id: string, fields: Readonly<Record<string, unknown>>, origin?: ChangeOrigin): SalesforceRecord;
  convertLead(id: string, options?: ConvertOptions, origin?: ChangeOrigin): SalesforceRecord;
  /** Deletes as the org does: IsDeleted, seen only through queryAll, with the Lead's campaign members and tasks. */
  deleteLead(id: string, origin?: ChangeOrigin): void;
  /**
   * Merges `mergedId` into `masterId`: its campaign members and tasks move to the master, it is
   * deleted with MasterRecordId = master, and the master is saved. Returns the master. No Outbound
   * Message is sent for the deletion (record-triggered flows do not run on delete).
   */
  mergeLeads(masterId: string, mergedId: string, origin?: ChangeOrigin): SalesforceRecord;
  lead(id: string): SalesforceRecord | undefined;
  leads(): SalesforceRecord[];
  addUsers(users: readonly NewUser[]): SalesforceRecord[];
  users(): SalesforceRecord[];
  /**
   * Assigns the permission set with API name `permissionSetName` (in `namespacePrefix`, a package's;
   * the org's own without one) to the user, creating the set if the org has none by that name.
   * Answers the PermissionSetAssignment, the one the user already holds when assigned twice.
   */
  assignPermissionSet(userId: string, permissionSetName: string, namespacePrefix?: string): SalesforceRecord;
  /**
   * Like a browser session logged in to Salesforce as this active user: the codes authorize issues
   * from now on, and their tokens (identity URL, userinfo, records they save), are this user's.
   * Tokens issued before keep theirs. Until called, authorize signs in the admin.
   */
  signInAs(userId: string): void;
  addQueues(queues: readonly NewQueue[]): SalesforceRecord[];
  queues(): SalesforceRecord[];
  addCampaignMember(
    leadId: string,
    campaign: CampaignSpec,
    member?: { readonly status?: 'Sent' | 'Responded' },
  ): SalesforceRecord;
  leadStatuses(): SalesforceRecord[];
  /** Tasks created through the API (Baton's SLA breach tasks) or the org. */
  tasks(): SalesforceRecord[];
  /** Any object's live records, e.g. `records('Opportunity')`. */
  records(objectType: string): SalesforceRecord[];
  /** Every change in the org, in order, values in stored form (datetimes as epoch ms), with who made it. */
  changes(): readonly RecordChange[];
  onChange(listener: (change: RecordChange) => void): () => void;
  /** The clock for CreatedDate, LastModifiedDate, SystemModstamp and ConvertedDate; null restores `clock`. */
  setRecordClock(clock: (() => Date) | null): void;
  isInstalled(): boolean;
  expireAccessTokens(): void;
  /** The admin revokes the app: every token dies and a refresh answers invalid_grant. */
  revoke(): void;
  uninstall(): void;
  apiUsage(): ApiUsage;
  setApiAllocation(allocation: {
    readonly max?: number;
    readonly used?: number;
    readonly enforce?: boolean;
  }): void;
  setOutboundTarget(url: string | undefined): void;
  /** Sends what is queued and waits until nothing is queued, in flight or awaiting a retry. */
  whenOutboundMessagesDelivered(timeoutMs?: number): Promise<void>;
  outboundStats(): OutboundStats;
  close(): Promise<void>;
}
