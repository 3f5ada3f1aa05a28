import type { FieldDefinition } from './field-definition.ts';
import type { FieldValue, Row } from './field-values.ts';
import { formatDatetime } from './salesforce-time.ts';
import type { BoundPath } from './soql-binder.ts';
import { followReference, type QuerySource } from './soql-evaluator.ts';

export type RenderedRecord = {
  readonly attributes: { readonly type: string; readonly url: string };
} & Record<string, unknown>;

/** A stored value as the REST API shows it: datetimes as `2026-01-01T10:00:00.000+0000`. */
export function renderValue(field: FieldDefinition, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDatetime(value);
  return value;
}

export function recordUrl(version: string, objectType: string, id: FieldValue): string {
  return `/services/data/v${version}/sobjects/${objectType}/${String(id)}`;
}

/** A value the record carries besides its fields (a subquery's answer), after `fieldsBefore` field paths. */
export interface RenderedExtra {
  readonly fieldsBefore: number;
  readonly key: string;
  readonly value: unknown;
}

/**
 * A record as a query answers it: `attributes` first, then the selected fields in order, each
 * relationship a nested record (`Owner: { attributes: { type: 'Name', … }, Type: 'User' }`) or null.
 */
export function renderRecord(
  objectType: string,
  attributesType: string,
  row: Row,
  paths: readonly BoundPath[],
  source: QuerySource,
  version: string,
  extras: readonly RenderedExtra[] = [],
): RenderedRecord {
  const rendered: Record<string, unknown> = {
    attributes: { type: attributesType, url: recordUrl(version, objectType, row.Id ?? null) },
  };
  const addExtras = (fieldsBefore: number) => {
    for (const extra of extras) if (extra.fieldsBefore === fieldsBefore) rendered[extra.key] = extra.value;
  };
  for (const [index, path] of paths.entries()) {
    addExtras(index);
    const [hop] = path.hops;
    if (!hop) {
      rendered[path.field.name] = renderValue(path.field, row[path.field.name]);
      continue;
    }
    const key = hop.relationshipName ?? hop.name;
    if (key in rendered) continue;
    const related = followReference(hop, row, source);
    if (!related) {
      rendered[key] = null;
      continue;
    }
    const nested = paths
      .filter((candidate) => candidate.hops[0]?.name === hop.name)
      .map((candidate) => ({ ...candidate, hops: candidate.hops.slice(1) }));
    const polymorphic = hop.referenceTo.length > 1;
    rendered[key] = renderRecord(
      related.objectType,
      polymorphic ? 'Name' : related.objectType,
      related.row,
      nested,
      source,
      version,
    );
  }
  addExtras(paths.length);
  return rendered as RenderedRecord;
}
