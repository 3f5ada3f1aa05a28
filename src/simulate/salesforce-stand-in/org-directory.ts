import type { Row } from './field-values.ts';
import type { Actor } from './object-rules.ts';
import type { OrgStore } from './org-store.ts';
import { canonicalId, KEY_PREFIXES, type KeyedObject } from './record-ids.ts';
import { formatDate } from './salesforce-time.ts';

export interface NewUser {
  /** Kept when given (a scenario names its users); otherwise assigned. */
  readonly id?: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly email: string;
  readonly username?: string;
  readonly title?: string;
  /** e.g. `Marketing`, `Sales Development`, `Sales`: what Baton reads owner functions from. */
  readonly department?: string;
  readonly isActive?: boolean;
  readonly managerId?: string;
}

export interface NewQueue {
  readonly id?: string;
  readonly name: string;
  readonly developerName?: string;
  readonly email?: string;
}

export interface LeadStatusSpec {
  readonly label: string;
  readonly apiName?: string;
  readonly isDefault?: boolean;
  readonly isConverted?: boolean;
}

export type CampaignSpec =
  | string
  | { readonly name: string; readonly type?: string; readonly status?: string };

export interface ConvertOptions {
  /** Create an Opportunity too (the default), as the convert page does unless told not to. */
  readonly opportunity?: boolean;
  /** One of the converted Lead Status values; the first by default. */
  readonly convertedStatus?: string;
}

/** Salesforce's four Lead Status values in a new org. */
export const DEFAULT_LEAD_STATUSES: readonly LeadStatusSpec[] = [
  { label: 'Open - Not Contacted', isDefault: true },
  { label: 'Working - Contacted' },
  { label: 'Closed - Converted', isConverted: true },
  { label: 'Closed - Not Converted' },
];

// Salesforce's rule for API names: a letter first, then letters, digits and single underscores, no trailing one.
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const checkApiName = (what: string, name: string, maxLength: number): string => {
  if (name.length > maxLength || name.endsWith('_') || !API_NAME.test(name)) {
    throw new Error(
      `"${name}" is not a ${what}: a letter first, then letters, digits and single underscores, ${maxLength} characters at most, not ending in _.`,
    );
  }
  return name;
};

function givenId(object: KeyedObject, id: string | undefined): Row {
  if (id === undefined) return {};
  const canonical = canonicalId(id);
  if (canonical === null || !canonical.startsWith(KEY_PREFIXES[object])) {
    throw new Error(
      `"${id}" is not a ${object} id: ${object} ids are 15 or 18 characters starting ${KEY_PREFIXES[object]}.`,
    );
  }
  return { Id: canonical };
}

/** The org's people, queues, campaigns and Lead Status values, and Lead conversion. */
export function createOrgDirectory(store: OrgStore, now: () => number) {
  const addUser = (user: NewUser, actor: Actor): Row => {
    if (!/^[^\s@]+@[^\s@]+$/.test(user.email))
      throw new Error(`User ${user.lastName} needs a valid email, not "${user.email}".`);
    const alias = `${(user.firstName ?? '').charAt(0)}${user.lastName}`.toLowerCase().slice(0, 8);
    const change = store.insertTrusted(
      'User',
      {
        ...givenId('User', user.id),
        Username: user.username ?? `${user.email}.stand-in`,
        FirstName: user.firstName ?? null,
        LastName: user.lastName,
        Email: user.email,
        Alias: alias,
        Title: user.title ?? null,
        Department: user.department ?? null,
        IsActive: user.isActive ?? true,
        UserType: 'Standard',
        ManagerId: user.managerId ?? null,
      },
      actor,
    );
    return store.get(change.id)?.row ?? {};
  };

  const campaignNamed = (spec: CampaignSpec, actor: Actor): string => {
    const name = typeof spec === 'string' ? spec : spec.name;
    const existing = store.rows('Campaign').find((row) => row.Name === name);
    if (existing) return String(existing.Id);
    const details: { readonly type?: string; readonly status?: string } =
      typeof spec === 'string' ? {} : spec;
    return store.insertTrusted(
      'Campaign',
      {
        Name: name,
        Type: details.type ?? 'Other',
        Status: details.status ?? 'In Progress',
        IsActive: true,
        StartDate: formatDate(now()),
        EndDate: null,
      },
      actor,
    ).id;
  };

  const permissionSetNamed = (name: string, namespacePrefix: string | null, actor: Actor): string => {
    const existing = store
      .rows('PermissionSet')
      .find((row) => row.Name === name && (row.NamespacePrefix ?? null) === namespacePrefix);
    if (existing) return String(existing.Id);
    return store.insertTrusted(
      'PermissionSet',
      {
        Name: checkApiName('permission set API name', name, 80),
        Label: name.replace(/_/g, ' '),
        NamespacePrefix:
          namespacePrefix === null ? null : checkApiName('namespace prefix', namespacePrefix, 15),
      },
      actor,
    ).id;
  };

  const liveLead = (id: string): Row => {
    const lead = store.get(id);
    if (lead?.objectType !== 'Lead' || lead.deleted) throw new Error(`The stand-in org has no Lead ${id}.`);
    return lead.row;
  };

  return {
    addUser,
    addQueue(queue: NewQueue, actor: Actor): Row {
      const change = store.insertTrusted(
        'Group',
        {
          ...givenId('Group', queue.id),
          Name: queue.name,
          DeveloperName: queue.developerName ?? queue.name.replace(/[^A-Za-z0-9]+/g, '_'),
          Type: 'Queue',
          Email: queue.email ?? null,
          DoesSendEmailToMembers: false,
        },
        actor,
      );
      return store.get(change.id)?.row ?? {};
    },
    addLeadStatuses(statuses: readonly LeadStatusSpec[], actor: Actor): void {
      const labels = new Set(statuses.map((status) => status.label));
      if (statuses.length === 0 || labels.size !== statuses.length) {
        throw new Error('Lead Status values must be a non-empty list of distinct labels.');
      }
      if (statuses.filter((status) => status.isDefault).length !== 1) {
        throw new Error('Exactly one Lead Status value must be the default.');
      }
      if (!statuses.some((status) => status.isConverted)) {
        throw new Error('At least one Lead Status value must be a converted status.');
      }
      statuses.forEach((status, index) => {
        store.insertTrusted(
          'LeadStatus',
          {
            MasterLabel: status.label,
            ApiName: status.apiName ?? status.label,
            SortOrder: index + 1,
            IsDefault: status.isDefault ?? false,
            IsConverted: status.isConverted ?? false,
          },
          actor,
        );
      });
    },
    /**
     * Assigns the permission set `name` (in `namespacePrefix`, a package's, or the org's own when
     * null) to a user, creating the set when the org has none by that name. Assigning it again
     * answers the assignment the user already holds.
     */
    assignPermissionSet(userId: string, name: string, namespacePrefix: string | null, actor: Actor): Row {
      const assignee = store.get(userId);
      if (assignee?.objectType !== 'User') throw new Error(`The stand-in org has no User ${userId}.`);
      const permissionSetId = permissionSetNamed(name, namespacePrefix, actor);
      const held = store
        .rows('PermissionSetAssignment')
        .find((row) => row.AssigneeId === assignee.row.Id && row.PermissionSetId === permissionSetId);
      if (held) return held;
      const change = store.insertTrusted(
        'PermissionSetAssignment',
        { AssigneeId: assignee.row.Id ?? null, PermissionSetId: permissionSetId },
        actor,
      );
      return store.get(change.id)?.row ?? {};
    },
    addCampaignMember(
      leadId: string,
      campaign: CampaignSpec,
      member: { readonly status?: 'Sent' | 'Responded' },
      actor: Actor,
    ): Row {
      const lead = liveLead(leadId);
      const responded = member.status === 'Responded';
      const change = store.insertTrusted(
        'CampaignMember',
        {
          CampaignId: campaignNamed(campaign, actor),
          LeadId: lead.Id ?? null,
          ContactId: null,
          Status: member.status ?? 'Sent',
          HasResponded: responded,
          FirstRespondedDate: responded ? formatDate(now()) : null,
        },
        actor,
      );
      return store.get(change.id)?.row ?? {};
    },
    /** Converts as the convert page does: Account, Contact and (unless told not) Opportunity, then the Lead's converted fields. */
    convertLead(leadId: string, convert: ConvertOptions, actor: Actor) {
      const lead = liveLead(leadId);
      if (lead.IsConverted === true) throw new Error(`Lead ${leadId} is already converted.`);
      const converted = store.rows('LeadStatus').filter((row) => row.IsConverted === true);
      const status = convert.convertedStatus ?? converted[0]?.MasterLabel;
      if (!converted.some((row) => row.MasterLabel === status)) {
        throw new Error(`"${String(status)}" is not one of the org's converted Lead Status values.`);
      }
      // Converted records need a user owner; a queue-owned Lead's go to whoever converts it.
      const owner = String(lead.OwnerId).startsWith('005') ? lead.OwnerId : actor.userId;
      const account = store.insertTrusted(
        'Account',
        { Name: lead.Company ?? null, OwnerId: owner ?? null },
        actor,
      );
      const contact = store.insertTrusted(
        'Contact',
        {
          FirstName: lead.FirstName ?? null,
          LastName: lead.LastName ?? null,
          Email: lead.Email ?? null,
          AccountId: account.id,
          LeadSource: lead.LeadSource ?? null,
          OwnerId: owner ?? null,
        },
        actor,
      );
      const latestCampaign = store
        .rows('CampaignMember')
        .filter((row) => row.LeadId === lead.Id)
        .at(-1)?.CampaignId;
      const opportunity =
        convert.opportunity === false
          ? null
          : store.insertTrusted(
              'Opportunity',
              {
                Name: `${String(lead.Company)}-`,
                AccountId: account.id,
                StageName: 'Prospecting',
                CloseDate: formatDate(now()),
                Amount: null,
                CampaignId: latestCampaign ?? null,
                LeadSource: lead.LeadSource ?? null,
                IsClosed: false,
                IsWon: false,
                OwnerId: owner ?? null,
              },
              actor,
            );
      return store.applyTrusted(
        String(lead.Id),
        {
          IsConverted: true,
          ConvertedDate: formatDate(now()),
          ConvertedAccountId: account.id,
          ConvertedContactId: contact.id,
          ConvertedOpportunityId: opportunity?.id ?? null,
          Status: status ?? null,
        },
        actor,
      );
    },
  };
}
