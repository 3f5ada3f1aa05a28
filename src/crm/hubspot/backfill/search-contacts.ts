import { z } from 'zod';
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

const searchAnswerSchema = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(
    z.object({
      id: z.string(),
      properties: z.record(z.string(), z.string().nullable()).optional(),
      updatedAt: z.string(),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

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
  const answer = await http.request(tenantId, {
    method: 'POST',
    path: CONTACT_SEARCH_PATH,
    body: {
      filterGroups: [
        {
          filters: [
            { propertyName: 'createdate', operator: 'GTE', value: String(slice.from) },
            { propertyName: 'createdate', operator: 'LT', value: String(slice.to) },
          ],
        },
      ],
      sorts: ['hs_object_id'],
      properties: [...properties],
      limit: SEARCH_PAGE_SIZE,
      after: after ?? '0',
    },
  });
  const parsed = searchAnswerSchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new UpstreamUnavailableError(
      `HubSpot answered POST ${CONTACT_SEARCH_PATH} with an unexpected body`,
    );
  }
  const records = new Map<string, HubSpotRecord>();
  for (const result of parsed.data.results) {
    const updatedAt = Date.parse(result.updatedAt);
    if (Number.isNaN(updatedAt)) {
      throw new UpstreamUnavailableError(
        `HubSpot answered POST ${CONTACT_SEARCH_PATH} without a valid updatedAt`,
      );
    }
    records.set(result.id, { properties: result.properties ?? {}, updatedAt });
  }
  return { total: parsed.data.total, records, after: parsed.data.paging?.next?.after ?? null };
}
