import { lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { usedOAuthStates } from './schema.ts';

/**
 * Marks an OAuth state's nonce used and says whether this call was the first to use it. The
 * unique key makes two concurrent callbacks with one state race safely: exactly one inserts.
 * Nonces of states that have expired are dropped on the way, since an expired state is refused
 * before its nonce is looked at; installs are rare, so this costs nothing worth scheduling.
 */
export async function consumeOAuthStateNonce(
  db: Db,
  nonce: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  await db.delete(usedOAuthStates).where(lt(usedOAuthStates.expiresAt, now));
  const inserted = await db
    .insert(usedOAuthStates)
    .values({ nonce, expiresAt })
    .onConflictDoNothing()
    .returning({ nonce: usedOAuthStates.nonce });
  return inserted.length === 1;
}
