import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { UpstreamUnavailableError } from '../../../errors.ts';
import type { BackfillSlice } from '../../../store/backfill-runs.ts';
import type { HubSpotHttp } from '../api/hubspot-http.ts';
import type { HubSpotRecord } from '../sync/hubspot-records-port.ts';

export const CONTACT_SEARCH_PATH = '/crm/v3/objects/contacts/search';
/** HubSpot allows 200 per search page; 100 keeps each page's pipeline transaction short. */
export const SEARCH_PAGE_SIZE = 100;

export interface SearchPage {
  /** How many contacts the slice holds, as HubSpot counts them (beyond what paging can reach). */
  readonly total: number;
  readonly records: ReadonlyMap<string, HubSpotRecord>;
  /** The cursor of the next page, null on the last one. */
  readonly after: string | null;
}

/**
 * One page of the contacts created inside `slice`, with the properties the pipeline reads.
 * Sorted by `hs_object_id`: unique, so the offset cursor `after` pages a stable order (contacts
 * sharing a `createdate` could swap places between two pages and be skipped). The string form of
 * `sorts` is what HubSpot's spec declares; a bare property name sorts ascending.
 */
export async function searchContactsPage(
  http: HubSpotHttp,
  tenantId: string,
  slice: BackfillSlice,
  after: string | null,
  properties: readonly string[],
): Promise<SearchPage> {
  const operation = `POST ${CONTACT_SEARCH_PATH}`;
  const answer = await http.call(tenantId, operation, (sdk, options) =>
    sdk.contacts.searchApi.doSearch(
      {
        filterGroups: [
          {
            filters: [
              { propertyName: 'createdate', operator: FilterOperatorEnum.Gte, value: String(slice.from) },
              { propertyName: 'createdate', operator: FilterOperatorEnum.Lt, value: String(slice.to) },
            ],
          },
        ],
        sorts: ['hs_object_id'],
        properties: [...properties],
        limit: SEARCH_PAGE_SIZE,
        after: after ?? '0',
      },
      options,
    ),
  );
  if (!Array.isArray(answer.results) || !Number.isInteger(answer.total) || answer.total < 0) {
    throw new UpstreamUnavailableError(`HubSpot answered ${operation} with an unexpected body`);
  }
  const records = new Map<string, HubSpotRecord>();
  for (const result of answer.results) {
    const updatedAt = result.updatedAt instanceof Date ? result.updatedAt.getTime() : Number.NaN;
    if (Number.isNaN(updatedAt)) {
      throw new UpstreamUnavailableError(
        `HubSpot answered POST ${CONTACT_SEARCH_PATH} without a valid updatedAt`,
      );
    }
    records.set(result.id, { properties: result.properties ?? {}, updatedAt });
  }
  return { total: answer.total, records, after: answer.paging?.next?.after ?? null };
}
