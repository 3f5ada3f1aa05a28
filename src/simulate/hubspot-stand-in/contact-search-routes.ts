import { Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import { contactResource } from './contact-routes.ts';
import type { ContactRecord, ContactStore } from './contact-store.ts';
import type { PropertyType } from './default-properties.ts';
import { sendHubSpotError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';
import type { PropertyRegistry } from './property-registry.ts';
import type { ContractMiddleware } from './request-contract.ts';

export const CONTACT_SEARCH_PATH = '/crm/v3/objects/contacts/search';
/** HubSpot's largest search page. */
const SEARCH_PAGE_LIMIT = 200;
/** HubSpot pages no further than this many results into one search, whatever `total` says. */
const SEARCH_RESULT_CAP = 10_000;
/** HubSpot's page size when a search names no `limit`. */
const DEFAULT_LIMIT = 10;
/** HubSpot's search guide: five groups of up to six filters, eighteen filters in all. */
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

/** Whether a comparison's order (negative, zero, positive) satisfies each ordering operator. */
const ORDER_HOLDS: Readonly<Record<'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE', (order: number) => boolean>> =
  {
    EQ: (order) => order === 0,
    NEQ: (order) => order !== 0,
    LT: (order) => order < 0,
    LTE: (order) => order <= 0,
    GT: (order) => order > 0,
    GTE: (order) => order >= 0,
  };

/** HubSpot reads a JSON number or boolean where its schema says string. */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const filterSchema = z.object({
  propertyName: z.string(),
  operator: z.enum(OPERATORS),
  value: scalar.exactOptional(),
  highValue: scalar.exactOptional(),
  values: z.array(scalar).exactOptional(),
});
type Filter = z.infer<typeof filterSchema>;

/**
 * The spec declares sorts as strings (a property name, ascending); HubSpot's guide documents
 * `{ propertyName, direction }`. Both are read; with the specs loaded, the contract check refuses
 * the object form as the spec does.
 */
const sortSchema = z.union([
  z.string().transform((propertyName) => ({ propertyName, direction: 'ASCENDING' as const })),
  z.object({
    propertyName: z.string(),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);
type Sort = z.infer<typeof sortSchema>;

const searchSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).default(DEFAULT_LIMIT),
  after: z.union([z.string(), z.number().int()]).transform(String).default('0'),
  query: z.string().exactOptional(),
});

/** How a property's values compare: numbers and instants by value, the rest as case-blind text. */
type Kind = 'number' | 'instant' | 'text';
type Comparable = number | string;

function kindOf(type: PropertyType): Kind {
  if (type === 'number') return 'number';
  if (type === 'datetime' || type === 'date') return 'instant';
  return 'text';
}

/** A value as the search compares it; undefined when it cannot be read as the property's kind. */
function comparable(kind: Kind, raw: string): Comparable | undefined {
  const trimmed = raw.trim();
  if (kind === 'text') return trimmed.toLowerCase();
  if (trimmed === '') return undefined;
  if (kind === 'number') {
    const number = Number(trimmed);
    return Number.isFinite(number) ? number : undefined;
  }
  // HubSpot takes epoch milliseconds, and ISO 8601 dates and date-times, for date properties.
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A record's value of a property, undefined when unset (HubSpot stores no empty values). */
function valueIn(record: ContactRecord, name: string, kind: Kind): Comparable | undefined {
  const raw = record.properties[name];
  return raw === undefined || raw === '' ? undefined : comparable(kind, raw);
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [left, right] = [String(a), String(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

type Predicate = (record: ContactRecord) => boolean;
type Compiled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** One filter as a test on a record, or the reason HubSpot would refuse it. */
function compileFilter(
  filter: Filter,
  typeOf: (name: string) => PropertyType | undefined,
): Compiled<Predicate> {
  const { propertyName: name, operator } = filter;
  const type = typeOf(name);
  if (type === undefined) return { ok: false, message: `Property ${name} does not exist.` };
  if (operator === 'CONTAINS_TOKEN' || operator === 'NOT_CONTAINS_TOKEN') {
    return { ok: false, message: `The stand-in does not model the ${operator} operator.` };
  }
  const kind = kindOf(type);
  const readValue = (record: ContactRecord) => valueIn(record, name, kind);
  const read = (raw: string | undefined, field: string): Compiled<Comparable> => {
    if (raw === undefined) return { ok: false, message: `The ${operator} filter on ${name} needs ${field}.` };
    const parsed = comparable(kind, raw);
    return parsed === undefined
      ? { ok: false, message: `${raw} is not a valid value of ${type} property ${name}.` }
      : { ok: true, value: parsed };
  };

  if (operator === 'HAS_PROPERTY') return { ok: true, value: (r) => readValue(r) !== undefined };
  if (operator === 'NOT_HAS_PROPERTY') return { ok: true, value: (r) => readValue(r) === undefined };
  if (operator === 'IN' || operator === 'NOT_IN') {
    if (!filter.values || filter.values.length === 0) {
      return { ok: false, message: `The ${operator} filter on ${name} needs values.` };
    }
    const wanted: Comparable[] = [];
    for (const raw of filter.values) {
      const parsed = read(raw, 'values');
      if (!parsed.ok) return parsed;
      wanted.push(parsed.value);
    }
    const within = (record: ContactRecord) => {
      const value = readValue(record);
      return value !== undefined && wanted.some((w) => compare(value, w) === 0);
    };
    return { ok: true, value: operator === 'IN' ? within : (r) => !within(r) };
  }
  const low = read(filter.value, 'a value');
  if (!low.ok) return low;
  if (operator === 'BETWEEN') {
    const high = read(filter.highValue, 'a highValue');
    if (!high.ok) return high;
    return {
      ok: true,
      value: (record) => {
        const value = readValue(record);
        return value !== undefined && compare(value, low.value) >= 0 && compare(value, high.value) <= 0;
      },
    };
  }
  const test = ORDER_HOLDS[operator];
  return {
    ok: true,
    value: (record) => {
      const value = readValue(record);
      // NEQ matches records without the property too: they do not equal the value.
      if (value === undefined) return operator === 'NEQ';
      return test(compare(value, low.value));
    },
  };
}

/** The record order the sorts ask for, ties broken by id so the offset cursor pages stably. */
function compileSorts(
  sorts: readonly Sort[],
  typeOf: (name: string) => PropertyType | undefined,
): Compiled<(a: ContactRecord, b: ContactRecord) => number> {
  const keys: { name: string; kind: Kind; sign: number }[] = [];
  for (const sort of sorts) {
    const type = typeOf(sort.propertyName);
    if (type === undefined) return { ok: false, message: `Property ${sort.propertyName} does not exist.` };
    keys.push({
      name: sort.propertyName,
      kind: kindOf(type),
      sign: sort.direction === 'DESCENDING' ? -1 : 1,
    });
  }
  return {
    ok: true,
    value: (a, b) => {
      for (const { name, kind, sign } of keys) {
        const [left, right] = [valueIn(a, name, kind), valueIn(b, name, kind)];
        // Records without the property come last whichever way the sort runs.
        if (left === undefined || right === undefined) {
          if (left !== right) return left === undefined ? 1 : -1;
          continue;
        }
        const order = compare(left, right);
        if (order !== 0) return sign * order;
      }
      return Number(a.id) - Number(b.id);
    },
  };
}

export function contactSearchRoutes(options: {
  readonly install: OAuthInstall;
  readonly contacts: ContactStore;
  readonly registry: PropertyRegistry;
  readonly contract: ContractMiddleware;
}): Router {
  const { install, contacts, registry, contract } = options;
  const typeOf = (name: string) => registry.property('contacts', name)?.type;
  const router = Router();

  router.post(
    CONTACT_SEARCH_PATH,
    requireScope(install, ['crm.objects.contacts.read', 'crm.objects.contacts.write']),
    contract,
    (request, response) => {
      const refuse = (message: string) => sendHubSpotError(response, 400, 'VALIDATION_ERROR', message);
      const parsed = searchSchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return refuse(
          `Invalid input JSON: ${issue?.path.join('.') || 'request'} ${issue?.message ?? ''}`.trim(),
        );
      }
      const { filterGroups, sorts, properties, limit, after, query } = parsed.data;
      if (query !== undefined) return refuse('The stand-in does not model full-text search (query).');
      if (limit > SEARCH_PAGE_LIMIT) {
        return refuse(`limit must be at most ${SEARCH_PAGE_LIMIT}; ${limit} was requested.`);
      }
      if (!/^\d+$/.test(after))
        return refuse(`after must be a paging cursor this search returned; got ${after}.`);
      const offset = Number(after);
      if (offset >= SEARCH_RESULT_CAP) {
        return refuse(
          `Search results are limited to ${SEARCH_RESULT_CAP} per query; paging to ${offset} is not allowed.`,
        );
      }
      const filterCount = filterGroups.reduce((sum, group) => sum + group.filters.length, 0);
      if (
        filterGroups.length > MAX_GROUPS ||
        filterGroups.some((group) => group.filters.length > MAX_FILTERS_PER_GROUP) ||
        filterCount > MAX_FILTERS
      ) {
        return refuse(
          `A search takes at most ${MAX_GROUPS} filter groups of ${MAX_FILTERS_PER_GROUP} filters, ${MAX_FILTERS} filters in all.`,
        );
      }
      const groups: Predicate[][] = [];
      for (const group of filterGroups) {
        const tests: Predicate[] = [];
        for (const filter of group.filters) {
          const compiled = compileFilter(filter, typeOf);
          if (!compiled.ok) return refuse(compiled.message);
          tests.push(compiled.value);
        }
        groups.push(tests);
      }
      const order = compileSorts(sorts, typeOf);
      if (!order.ok) return refuse(order.message);

      // Groups are alternatives, the filters of a group all apply; no groups matches everything.
      const matching = contacts
        .all()
        .filter(
          (record) => groups.length === 0 || groups.some((tests) => tests.every((test) => test(record))),
        )
        .sort(order.value);
      const end = Math.min(offset + limit, SEARCH_RESULT_CAP);
      const next = limit > 0 && end < matching.length ? String(end) : null;
      response.json({
        total: matching.length,
        results: matching.slice(offset, end).map((record) => contactResource(record, properties)),
        ...(next === null ? {} : { paging: { next: { after: next, link: `?after=${next}` } } }),
      });
    },
  );

  return router;
}
