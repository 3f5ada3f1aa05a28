export type ReportCell = string | number | null;

/** A report's numbers as one flat table: what CSV export and the CLI print. */
export interface ReportTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
}

export function table<T>(
  name: string,
  items: readonly T[],
  columns: readonly (readonly [string, (item: T) => ReportCell])[],
): ReportTable {
  return {
    name,
    columns: columns.map(([column]) => column),
    rows: items.map((item) => columns.map(([, cell]) => cell(item))),
  };
}
