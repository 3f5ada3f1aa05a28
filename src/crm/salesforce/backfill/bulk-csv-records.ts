import { parse } from 'csv-parse/sync';
import type { SoqlRecord } from '../lead-record.ts';

const CSV_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})Z$/;

/**
 * A Bulk API 2.0 results page as the records a REST query answers, so `leadRecordOf` and the
 * snapshots it makes are the same whichever way a Lead was read. Bulk CSV quotes every value and
 * has no types: an empty cell is null (Salesforce keeps no empty strings), booleans are
 * `true`/`false` (the text REST's booleans flatten to), a relationship's fields are dotted
 * columns (`Owner.Type`) that become a nested object, or null when every one is empty (REST
 * answers `Owner: null` then), and datetimes end in `Z` where REST writes `+0000`: the columns
 * in `datetimes` are given REST's form.
 */
export function csvRecords(csv: string, datetimes: ReadonlySet<string> = new Set()): SoqlRecord[] {
  const [header, ...rows] = parse(csv, { bom: true, skip_empty_lines: true }) as string[][];
  if (!header) return [];
  const paths = header.map((column) => column.split('.'));
  return rows.map((cells) => {
    const record: Record<string, unknown> = {};
    paths.forEach((path, index) => {
      const cell = cells[index] ?? '';
      const column = header[index] ?? '';
      const value = cell === '' ? null : datetimes.has(column) ? cell.replace(CSV_DATETIME, '$1+0000') : cell;
      let target = record;
      for (const name of path.slice(0, -1)) {
        const next = target[name];
        if (typeof next === 'object' && next !== null) target = next as Record<string, unknown>;
        else {
          const related: Record<string, unknown> = {};
          target[name] = related;
          target = related;
        }
      }
      target[path.at(-1) ?? column] = value;
    });
    relationshipsOf(record);
    return record;
  });
}

/** Nulls every relationship of `record` (at any depth) that holds no value; true when `record` holds one. */
function relationshipsOf(record: Record<string, unknown>): boolean {
  let holdsValue = false;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'object' && value !== null) {
      const related = relationshipsOf(value as Record<string, unknown>);
      if (!related) record[key] = null;
      holdsValue ||= related;
    } else if (value !== null) holdsValue = true;
  }
  return holdsValue;
}
