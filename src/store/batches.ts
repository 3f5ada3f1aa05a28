/** Rows of many records, in the order given, as one list per record id. */
export function groupByRecord<Row extends { readonly recordId: string }, T>(
  rows: readonly Row[],
  map: (row: Row) => T,
): Map<string, T[]> {
  const byRecord = new Map<string, T[]>();
  for (const row of rows) {
    const held = byRecord.get(row.recordId);
    if (held) held.push(map(row));
    else byRecord.set(row.recordId, [map(row)]);
  }
  return byRecord;
}

/**
 * `items` in runs of at most `size`, in order: PostgreSQL binds at most 65 535 parameters per
 * statement, so multi-row writes are split to stay well under that, and a CRM batch call takes
 * a fixed number of records.
 */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
