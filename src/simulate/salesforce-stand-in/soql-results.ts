import type { FieldValue, Row } from './field-values.ts';
import { type RenderedRecord, renderRecord } from './record-render.ts';
import type { BoundChildQuery, BoundQuery } from './soql-binder.ts';
import { type QuerySource, selectRows } from './soql-evaluator.ts';

export interface RenderOptions {
  readonly version: string;
  /** queryAll: deleted records count, children included. */
  readonly includeDeleted: boolean;
}

/** A subquery's answer inside its parent record: a query result of its own, or null with no children. */
export interface ChildResult {
  readonly totalSize: number;
  readonly done: true;
  readonly records: readonly RenderedRecord[];
}

/** The child rows of a relationship, by the parent id they point at: one pass over the child object. */
function childrenByParent(child: BoundChildQuery, source: QuerySource, options: RenderOptions) {
  const byParent = new Map<FieldValue, Row[]>();
  for (const row of source.rows(child.query.object.name, { includeDeleted: options.includeDeleted })) {
    const parentId = row[child.relationship.field] ?? null;
    if (parentId === null) continue;
    const siblings = byParent.get(parentId);
    if (siblings) siblings.push(row);
    else byParent.set(parentId, [row]);
  }
  return byParent;
}

/**
 * Rows as the REST API answers them, each parent carrying its subqueries' answers under the
 * relationship name (`CampaignMembers: { totalSize, done, records }`, or null when it has none).
 */
export function renderRows(
  query: BoundQuery,
  rows: readonly Row[],
  source: QuerySource,
  options: RenderOptions,
): RenderedRecord[] {
  const children = query.children.map((child) => ({
    child,
    byParent: childrenByParent(child, source, options),
  }));
  return rows.map((row) =>
    renderRecord(
      query.object.name,
      query.object.name,
      row,
      query.select ?? [],
      source,
      options.version,
      children.map(({ child, byParent }) => ({
        fieldsBefore: child.fieldsBefore,
        key: child.relationship.name,
        value: childResult(child, byParent.get(row.Id ?? null) ?? [], source, options),
      })),
    ),
  );
}

function childResult(
  child: BoundChildQuery,
  candidates: readonly Row[],
  source: QuerySource,
  options: RenderOptions,
): ChildResult | null {
  const rows = selectRows(child.query, candidates, source);
  if (rows.length === 0) return null;
  return { totalSize: rows.length, done: true, records: renderRows(child.query, rows, source, options) };
}
