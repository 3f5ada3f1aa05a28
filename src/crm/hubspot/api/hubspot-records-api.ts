import type { HubSpotRecordsPort } from '../sync/hubspot-records-port.ts';
import { batchReadAssociations } from './hubspot-associations.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import {
  batchReadRecords,
  batchUpdateRecords,
  type HubSpotObjectType,
  type HubSpotRecordUpdate,
} from './hubspot-records.ts';
import { batchCreateTasks } from './hubspot-tasks.ts';

async function updateRecords(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
  updates: readonly HubSpotRecordUpdate[],
) {
  const { rejected } = await batchUpdateRecords(http, tenantId, objectType, updates);
  return { rejected: rejected.map((r) => ({ id: r.id, message: `${r.category}: ${r.message}` })) };
}

/** HubSpot's association type for a Lead's primary contact: every Lead is created with one. */
const LEAD_TO_PRIMARY_CONTACT = 578;

async function readRecords(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
  ids: readonly string[],
  properties: readonly string[],
) {
  const records = await batchReadRecords(http, tenantId, objectType, ids, properties);
  return new Map(records.map((r) => [r.id, { properties: r.properties, updatedAt: r.updatedAt }]));
}

async function idsAssociated(
  http: HubSpotHttp,
  tenantId: string,
  to: HubSpotObjectType,
  contactIds: readonly string[],
): Promise<Map<string, string[]>> {
  const associated = await batchReadAssociations(http, tenantId, 'contacts', to, contactIds);
  return new Map([...associated].map(([contactId, records]) => [contactId, records.map((r) => r.id)]));
}

/** The sync's port onto HubSpot contacts and Leads, over the rate-limited, retrying transport. */
export function createHubSpotRecordsApi(http: HubSpotHttp): HubSpotRecordsPort {
  return {
    readContacts: (tenantId, ids, properties) => readRecords(http, tenantId, 'contacts', ids, properties),
    readLeads: (tenantId, ids, properties) => readRecords(http, tenantId, 'leads', ids, properties),
    async contactsOfLeads(tenantId, leadIds) {
      const associated = await batchReadAssociations(http, tenantId, 'leads', 'contacts', leadIds);
      const contacts = new Map<string, string>();
      for (const [leadId, associations] of associated) {
        const primary =
          associations.find((a) => a.typeIds.includes(LEAD_TO_PRIMARY_CONTACT)) ?? associations[0];
        if (primary) contacts.set(leadId, primary.id);
      }
      return contacts;
    },
    leadsOfContacts: (tenantId, contactIds) => idsAssociated(http, tenantId, 'leads', contactIds),
    tasksOfContacts: (tenantId, contactIds) => idsAssociated(http, tenantId, 'tasks', contactIds),
    readTasks: (tenantId, ids, properties) => readRecords(http, tenantId, 'tasks', ids, properties),
    createTasks: (tenantId, tasks) => batchCreateTasks(http, tenantId, tasks),
    updateContacts: (tenantId, updates) => updateRecords(http, tenantId, 'contacts', updates),
    updateLeads: (tenantId, updates) => updateRecords(http, tenantId, 'leads', updates),
  };
}
