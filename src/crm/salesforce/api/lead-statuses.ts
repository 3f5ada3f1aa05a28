import type { Connection } from 'jsforce';
import { createSOQL } from 'jsforce/lib/soql-builder.js';
import type { LeadStatusValue } from '../defaults/lead-status-mapping.ts';

/**
 * The org's Lead Status picklist as the `LeadStatus` object describes it: which value is the
 * default for new Leads, which ones conversion uses, and their order. Read at install, never
 * assumed: orgs rename, add and reorder statuses.
 */
export async function readLeadStatuses(conn: Connection): Promise<LeadStatusValue[]> {
  const soql = createSOQL({
    table: 'LeadStatus',
    fields: ['ApiName', 'MasterLabel', 'IsDefault', 'IsConverted', 'SortOrder'],
    sort: { SortOrder: 1 },
  });
  const records = (await conn
    .query(soql)
    .execute({ autoFetch: true, maxFetch: 1000, responseTarget: 'Records' })) as unknown as Record<
    string,
    unknown
  >[];
  return records.flatMap((record) => {
    const apiName = typeof record.ApiName === 'string' ? record.ApiName : record.MasterLabel;
    if (typeof apiName !== 'string' || apiName === '') return [];
    return [
      {
        apiName,
        label: typeof record.MasterLabel === 'string' ? record.MasterLabel : apiName,
        isDefault: record.IsDefault === true,
        isConverted: record.IsConverted === true,
        sortOrder: typeof record.SortOrder === 'number' ? record.SortOrder : Number(record.SortOrder ?? 0),
      },
    ];
  });
}
