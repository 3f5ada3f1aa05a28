import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { inbox, inboxReceipts } from './schema.ts';

/** Drops events of accounts whose install never finished within the window. */
export async function dropStale(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const dropped = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'pending'), isNull(inbox.tenantId), lt(inbox.receivedAt, options.olderThan)))
    .returning({ id: inbox.id });
  return dropped.length;
}

/**
 * Removes finished items, and the receipts of deliveries older than the window: the retention
 * window is also how long a repeated delivery is still recognised.
 */
export async function purgeDone(db: Db | Tx, options: { readonly olderThan: Date }): Promise<number> {
  const purged = await db
    .delete(inbox)
    .where(and(eq(inbox.status, 'done'), lt(inbox.processedAt, options.olderThan)))
    .returning({ id: inbox.id });
  await db.delete(inboxReceipts).where(lt(inboxReceipts.receivedAt, options.olderThan));
  return purged.length;
}
