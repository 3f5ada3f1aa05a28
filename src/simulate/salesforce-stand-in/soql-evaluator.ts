import type { FieldDefinition } from './field-definition.ts';
import { isIdType, isTextType } from './field-definition.ts';
import type { FieldValue, Row } from './field-values.ts';
import type { StoredRecord } from './object-rules.ts';
import type { BoundCondition, BoundPath, BoundQuery } from './soql-binder.ts';

export interface QuerySource {
  rows(objectType: string, options: { readonly includeDeleted: boolean }): Row[];
  get(id: string): StoredRecord | undefined;
}

export interface RelatedRecord {
  /** The record's own type (`User`, `Group`), also when reached through the polymorphic `Name`. */
  readonly objectType: string;
  readonly row: Row;
}

/** The record a reference field points at, seen as `Name` when the relationship is polymorphic. */
export function followReference(
  reference: FieldDefinition,
  row: Row,
  source: QuerySource,
): RelatedRecord | null {
  const id = row[reference.name];
  if (typeof id !== 'string') return null;
  const target = source.get(id);
  if (!target || target.deleted) return null;
  if (reference.referenceTo.length <= 1) return { objectType: target.objectType, row: target.row };
  return { objectType: target.objectType, row: nameView(target) };
}

/** How a User, Queue, Lead or Contact reads through a polymorphic relationship. */
function nameView(record: StoredRecord): Row {
  const { row } = record;
  const pick = (name: string): FieldValue => row[name] ?? null;
  return {
    Id: pick('Id'),
    Name: pick('Name'),
    Type: record.objectType === 'Group' ? pick('Type') : record.objectType,
    FirstName: pick('FirstName'),
    LastName: pick('LastName'),
    Alias: pick('Alias'),
    Email: pick('Email'),
    Title: pick('Title'),
    Username: pick('Username'),
    IsActive: record.objectType === 'User' ? pick('IsActive') : null,
    UserRoleId: record.objectType === 'User' ? pick('UserRoleId') : null,
  };
}

export function readPath(path: BoundPath, row: Row, source: QuerySource): FieldValue {
  let current: Row | null = row;
  for (const hop of path.hops) {
    current = current === null ? null : (followReference(hop, current, source)?.row ?? null);
  }
  return current === null ? null : (current[path.field.name] ?? null);
}

/** SOQL compares text and picklists case-insensitively. */
function comparable(path: BoundPath, value: FieldValue): FieldValue {
  return typeof value === 'string' && isTextType(path.field.type) ? value.toLowerCase() : value;
}

function matches(condition: BoundCondition, row: Row, source: QuerySource): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.operands.every((operand) => matches(operand, row, source));
    case 'or':
      return condition.operands.some((operand) => matches(operand, row, source));
    case 'not':
      return !matches(condition.operand, row, source);
    case 'in': {
      const value = comparable(condition.path, readPath(condition.path, row, source));
      const found = condition.values.some((item) => item === value);
      return condition.negated ? !found : found;
    }
    case 'like': {
      const value = readPath(condition.path, row, source);
      return typeof value === 'string' && condition.pattern.test(value);
    }
    case 'compare': {
      const value = comparable(condition.path, readPath(condition.path, row, source));
      const wanted = condition.value;
      if (condition.operator === '=') return value === wanted;
      if (condition.operator === '!=') return value !== wanted;
      // An ordering comparison with a null on either side matches nothing.
      if (value === null || wanted === null) return false;
      switch (condition.operator) {
        case '<':
          return value < wanted;
        case '<=':
          return value <= wanted;
        case '>':
          return value > wanted;
        case '>=':
          return value >= wanted;
      }
    }
  }
}

/** Ids the WHERE pins the result to (`Id = …`, `Id IN (…)`, alone or ANDed), so those are read directly. */
function pinnedIds(condition: BoundCondition | null): readonly FieldValue[] | null {
  if (condition === null) return null;
  const onId = (path: BoundPath) => path.hops.length === 0 && path.field.name === 'Id';
  if (condition.kind === 'compare' && condition.operator === '=' && onId(condition.path))
    return [condition.value];
  if (condition.kind === 'in' && !condition.negated && onId(condition.path)) return condition.values;
  if (condition.kind === 'and') {
    for (const operand of condition.operands) {
      const pinned = pinnedIds(operand);
      if (pinned) return pinned;
    }
  }
  return null;
}

function compareValues(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return (a as number) < (b as number) ? -1 : 1;
}

/** The rows of the query's object it selects, filtered, sorted, offset and limited. */
export function runQuery(
  query: BoundQuery,
  source: QuerySource,
  options: { readonly includeDeleted: boolean },
): Row[] {
  const pinned = pinnedIds(query.where);
  const candidates =
    pinned === null
      ? source.rows(query.object.name, options)
      : [...new Set(pinned)].flatMap((id) => {
          const record = typeof id === 'string' ? source.get(id) : undefined;
          const visible =
            record && record.objectType === query.object.name && (options.includeDeleted || !record.deleted);
          return visible ? [record.row] : [];
        });
  return selectRows(query, candidates, source);
}

/** Of the candidate rows (all of an object's, or one parent's children), those the query selects, in order. */
export function selectRows(query: BoundQuery, candidates: readonly Row[], source: QuerySource): Row[] {
  const where = query.where;
  const selected = where === null ? [...candidates] : candidates.filter((row) => matches(where, row, source));
  if (query.orderBy.length > 0) {
    const keyed = selected.map((row) => ({
      row,
      keys: query.orderBy.map((item) => readPath(item.path, row, source)),
    }));
    keyed.sort((left, right) => {
      for (const [index, item] of query.orderBy.entries()) {
        const [a, b] = [left.keys[index] ?? null, right.keys[index] ?? null];
        if (a === null || b === null) {
          if (a === b) continue;
          // Nulls sort first unless NULLS LAST, whichever the direction.
          return (a === null) === item.nullsLast ? 1 : -1;
        }
        const order = isIdType(item.path.field.type) ? (a < b ? -1 : a > b ? 1 : 0) : compareValues(a, b);
        if (order !== 0) return item.descending ? -order : order;
      }
      return 0;
    });
    selected.splice(0, selected.length, ...keyed.map((entry) => entry.row));
  }
  const start = query.offset ?? 0;
  const end = query.limit === null ? undefined : start + query.limit;
  return selected.slice(start, end);
}
