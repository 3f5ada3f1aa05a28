import type { GoneContacts } from '../sync/hubspot-records-port.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import { batchReadRecords } from './hubspot-records.ts';

/** The ids merged into a contact, `;`-separated: HubSpot answers a merged-away id with the survivor. */
const MERGED_IDS = 'hs_merged_object_ids';

/**
 * Reads the contacts live (a survivor lists the ids merged into it), then the rest from the
 * recycle bin: what is in neither HubSpot no longer knows.
 */
export async function findGoneContacts(
  http: HubSpotHttp,
  tenantId: string,
  ids: readonly string[],
): Promise<GoneContacts> {
  const wanted = new Set(ids);
  const live = new Set<string>();
  const mergedInto = new Map<string, string>();
  for (const record of await batchReadRecords(http, tenantId, 'contacts', [...wanted], [MERGED_IDS])) {
    if (wanted.has(record.id)) live.add(record.id);
    for (const merged of (record.properties[MERGED_IDS] ?? '').split(';')) {
      if (wanted.has(merged) && merged !== record.id) mergedInto.set(merged, record.id);
    }
  }
  const notLive = [...wanted].filter((id) => !live.has(id) && !mergedInto.has(id));
  if (notLive.length === 0) return { archived: [], mergedInto, missing: [] };
  const binned = await batchReadRecords(http, tenantId, 'contacts', notLive, [], true);
  const archived = new Set(binned.map((record) => record.id));
  return {
    archived: notLive.filter((id) => archived.has(id)),
    mergedInto,
    missing: notLive.filter((id) => !archived.has(id)),
  };
}
