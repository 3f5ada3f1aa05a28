import { and, eq, gt, isNotNull, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { consoleSessions } from './schema.ts';

export type ConsoleSessionRow = typeof consoleSessions.$inferSelect;
export type NewConsoleSession = typeof consoleSessions.$inferInsert;

/** Stores a session; expired ones are dropped on the way, as sign-ins are rare enough to carry it. */
export async function insertConsoleSession(db: Db, row: NewConsoleSession, now: Date): Promise<void> {
  await db.delete(consoleSessions).where(lt(consoleSessions.expiresAt, now));
  await db.insert(consoleSessions).values(row);
}

/** The live session of a token hash, or null when there is none or it has expired. */
export async function findConsoleSession(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<ConsoleSessionRow | null> {
  const [row] = await db
    .select()
    .from(consoleSessions)
    .where(and(eq(consoleSessions.tokenHash, tokenHash), gt(consoleSessions.expiresAt, now)));
  return row ?? null;
}

export async function deleteConsoleSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(consoleSessions).where(eq(consoleSessions.tokenHash, tokenHash));
}

/**
 * Uses a sign-in link: the session its code names loses the code in the same statement, so two
 * clicks on one link cannot both win; the session then lives from `expiresAt`. Null for no such code.
 */
export async function redeemConsoleLink(
  db: Db,
  linkCodeHash: string,
  newTokenHash: string,
  expiresAt: Date,
  now: Date,
): Promise<ConsoleSessionRow | null> {
  const [row] = await db
    .update(consoleSessions)
    .set({ linkCodeHash: null, tokenHash: newTokenHash, expiresAt })
    .where(
      and(
        eq(consoleSessions.linkCodeHash, linkCodeHash),
        isNotNull(consoleSessions.linkCodeHash),
        gt(consoleSessions.expiresAt, now),
      ),
    )
    .returning();
  return row ?? null;
}
