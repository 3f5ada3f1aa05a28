import nock from 'nock';
import { CONTACT_SEARCH_PATH } from '../../../../src/crm/hubspot/backfill/search-contacts.ts';
import { API, callRecorder } from '../api/hubspot-test-kit.ts';

export interface PortalContact {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly properties: Readonly<Record<string, string>>;
}

interface Filter {
  readonly propertyName: string;
  readonly operator: string;
  readonly value?: string;
}

interface SearchBody {
  readonly filterGroups: readonly { readonly filters: readonly Filter[] }[];
  readonly sorts: readonly string[];
  readonly properties: readonly string[];
  readonly limit: number;
  readonly after: string;
}

const DAY = 86_400_000;

/**
 * Contacts as a portal would hold them: `spread` created evenly over the two years before `until`
 * and `burst` created within one hour (a list import), so one date range holds most of them.
 */
export function portalContacts(options: { spread: number; burst: number; until: number }): PortalContact[] {
  const { spread, burst, until } = options;
  const burstStart = until - 30 * DAY;
  const created = [
    ...Array.from({ length: spread }, (_, i) => until - 730 * DAY + Math.floor((i * 729 * DAY) / spread)),
    ...Array.from({ length: burst }, (_, i) => burstStart + Math.floor((i * 3_600_000) / burst)),
  ];
  return created.map((createdAt, i) => {
    const id = String(1001 + i * 3);
    return {
      id,
      createdAt,
      updatedAt: createdAt + DAY,
      properties: {
        hs_object_id: id,
        createdate: new Date(createdAt).toISOString(),
        lastmodifieddate: new Date(createdAt + DAY).toISOString(),
        lifecyclestage: i % 3 === 0 ? 'marketingqualifiedlead' : 'lead',
        hs_analytics_source: 'ORGANIC_SEARCH',
      },
    };
  });
}

/**
 * HubSpot's contacts search at the HTTP boundary, as PLATFORMS.md and the spec describe it: filters
 * on `createdate` (epoch ms), sorts by a property name, `after` is an offset, `total` counts every
 * match, and paging past `cap` results of one query is refused with a 400. `fail(n)` decides
 * whether the n-th request (from 1) gets a 500; `at` stamps each request for rate-limit checks.
 */
export function contactSearchStandIn(options: {
  readonly contacts: readonly PortalContact[];
  readonly cap: number;
  readonly at?: () => number;
}) {
  const seen = callRecorder();
  const requestedAt: number[] = [];
  const state = { fail: (_request: number) => false };
  nock(API)
    .persist()
    .post(CONTACT_SEARCH_PATH)
    .reply(async (request: Request) => {
      const call = await seen.record(request);
      requestedAt.push(options.at?.() ?? Date.now());
      if (state.fail(seen.calls.length)) {
        return [500, { status: 'error', category: 'INTERNAL_ERROR', message: 'internal error' }];
      }
      return answerContactSearch(call.body, options.contacts, options.cap);
    });
  return { calls: seen.calls, requestedAt, state, assertAllConform: seen.assertAllConform };
}

/** HubSpot's answer to one contacts search over `contacts`: status and body. */
export function answerContactSearch(
  request: unknown,
  contacts: readonly PortalContact[],
  cap: number,
): [number, unknown] {
  const body = request as SearchBody;
  const offset = Number(body.after);
  if (offset >= cap) {
    return [
      400,
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: `paging past ${cap} results of one search is not allowed`,
      },
    ];
  }
  const filters = body.filterGroups.flatMap((group) => group.filters);
  const matching = contacts
    .filter((contact) => filters.every((filter) => matches(contact, filter)))
    .sort((a, b) => sortValue(a, body.sorts[0]) - sortValue(b, body.sorts[0]));
  const page = matching.slice(offset, offset + body.limit);
  const next = offset + body.limit < matching.length ? String(offset + body.limit) : null;
  return [
    200,
    {
      total: matching.length,
      results: page.map((contact) => ({
        id: contact.id,
        properties: Object.fromEntries(
          body.properties.map((name) => [name, contact.properties[name] ?? null]),
        ),
        createdAt: new Date(contact.createdAt).toISOString(),
        updatedAt: new Date(contact.updatedAt).toISOString(),
        archived: false,
      })),
      ...(next === null ? {} : { paging: { next: { after: next, link: `?after=${next}` } } }),
    },
  ];
}

function matches(contact: PortalContact, filter: Filter): boolean {
  if (filter.propertyName !== 'createdate')
    throw new Error(`stand-in cannot filter on ${filter.propertyName}`);
  const value = Number(filter.value);
  switch (filter.operator) {
    case 'GTE':
      return contact.createdAt >= value;
    case 'LT':
      return contact.createdAt < value;
    default:
      throw new Error(`stand-in cannot filter with ${filter.operator}`);
  }
}

function sortValue(contact: PortalContact, sort: string | undefined): number {
  if (sort !== 'hs_object_id') throw new Error(`stand-in cannot sort by ${String(sort)}`);
  return Number(contact.id);
}
