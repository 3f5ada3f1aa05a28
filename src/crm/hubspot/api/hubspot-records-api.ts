import type { HubSpotRecordsPort } from '../sync/hubspot-records-port.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import { batchReadRecords, batchUpdateRecords } from './hubspot-records.ts';

/** The sync's port onto HubSpot contacts, over the rate-limited, retrying transport. */
export function createHubSpotRecordsApi(http: HubSpotHttp): HubSpotRecordsPort {
  return {
    async readContacts(tenantId, ids, properties) {
      const records = await batchReadRecords(http, tenantId, 'contacts', ids, properties);
      return new Map(records.map((r) => [r.id, { properties: r.properties, updatedAt: r.updatedAt }]));
    },
    async updateContacts(tenantId, updates) {
      const { rejected } = await batchUpdateRecords(http, tenantId, 'contacts', updates);
      return { rejected: rejected.map((r) => ({ id: r.id, message: `${r.category}: ${r.message}` })) };
    },
  };
}
