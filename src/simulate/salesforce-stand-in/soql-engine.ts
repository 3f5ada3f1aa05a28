import type { OrgSchema } from './org-schema.ts';
import type { RenderedRecord } from './record-render.ts';
import { type BoundQuery, bindQuery } from './soql-binder.ts';
import { type QuerySource, runQuery } from './soql-evaluator.ts';
import { parseSoql } from './soql-parser.ts';
import { renderRows } from './soql-results.ts';

export interface QueryAnswer {
  readonly query: BoundQuery;
  /** Every record the query selects (empty for COUNT()), rendered as the REST API answers them. */
  readonly records: readonly RenderedRecord[];
  readonly totalSize: number;
}

/** Parses, checks and runs one SOQL query; throws a SoqlError for what Salesforce would refuse. */
export function executeSoql(
  schema: OrgSchema,
  source: QuerySource,
  text: string,
  options: { readonly version: string; readonly includeDeleted: boolean },
): QueryAnswer {
  const query = bindQuery(schema, parseSoql(text));
  const rows = runQuery(query, source, { includeDeleted: options.includeDeleted });
  if (query.select === null) return { query, records: [], totalSize: rows.length };
  return { query, records: renderRows(query, rows, source, options), totalSize: rows.length };
}
