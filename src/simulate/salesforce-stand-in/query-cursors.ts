import type { IdFactory } from './record-ids.ts';

export interface QueryPage<T> {
  readonly records: readonly T[];
  /** `01g…-2000`: the last segment of `nextRecordsUrl`; null on the last page. */
  readonly nextLocator: string | null;
  /** Records in the whole result: a query answer's `totalSize` on every batch. */
  readonly total: number;
}

/** Salesforce keeps a user's 10 most recent query cursors open; an older locator stops working. */
const OPEN_CURSORS = 10;

/**
 * Server-side query cursors: a result larger than one batch is kept, and its later batches are
 * served by locator (`/query/01g…-2000`), as Salesforce pages a query.
 */
export function createQueryCursors<T>(ids: IdFactory) {
  const cursors = new Map<string, { readonly records: readonly T[]; readonly batchSize: number }>();

  const pageFrom = (
    cursorId: string,
    records: readonly T[],
    offset: number,
    batchSize: number,
  ): QueryPage<T> => {
    const end = offset + batchSize;
    if (end >= records.length) {
      cursors.delete(cursorId);
      return { records: records.slice(offset), nextLocator: null, total: records.length };
    }
    return { records: records.slice(offset, end), nextLocator: `${cursorId}-${end}`, total: records.length };
  };

  return {
    open(records: readonly T[], batchSize: number): QueryPage<T> {
      if (records.length <= batchSize) return { records, nextLocator: null, total: records.length };
      const cursorId = ids.next('QueryCursor').slice(0, 15);
      cursors.set(cursorId, { records, batchSize });
      while (cursors.size > OPEN_CURSORS) {
        const oldest = cursors.keys().next().value;
        if (oldest === undefined) break;
        cursors.delete(oldest);
      }
      return pageFrom(cursorId, records, 0, batchSize);
    },
    /** The batch a locator names; undefined for an unknown, finished or evicted cursor. */
    next(locator: string): QueryPage<T> | undefined {
      const match = /^(01g[a-zA-Z0-9]{12})-(\d+)$/.exec(locator);
      const cursor = match?.[1] === undefined ? undefined : cursors.get(match[1]);
      if (!match?.[1] || !cursor) return undefined;
      const offset = Number(match[2]);
      if (offset > cursor.records.length) return undefined;
      return pageFrom(match[1], cursor.records, offset, cursor.batchSize);
    },
  };
}
