import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { syncCursors } from './schema.ts';

export interface SyncCursor {
  readonly at: number;
  readonly lastId: string;
}

export async function readSyncCursor(
  db: Db | Tx,
  tenantId: string,
  name: string,
): Promise<SyncCursor | null> {
  const [row] = await db
    .select()
    .from(syncCursors)
    .where(and(eq(syncCursors.tenantId, tenantId), eq(syncCursors.name, name)));
  return row ? { at: row.at.getTime(), lastId: row.lastId } : null;
}

/** Moves the cursor forward only: a pass that read an older page never moves it back. */
export async function advanceSyncCursor(
  tx: Tx,
  tenantId: string,
  name: string,
  cursor: SyncCursor,
  now: Date,
): Promise<void> {
  const current = await readSyncCursor(tx, tenantId, name);
  if (current && (current.at > cursor.at || (current.at === cursor.at && current.lastId >= cursor.lastId)))
    return;
  const values = { at: new Date(cursor.at), lastId: cursor.lastId, updatedAt: now };
  await tx
    .insert(syncCursors)
    .values({ tenantId, name, ...values })
    .onConflictDoUpdate({ target: [syncCursors.tenantId, syncCursors.name], set: values });
}
