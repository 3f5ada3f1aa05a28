import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { credentials } from './schema.ts';
import type { TokenCipher } from './token-cipher.ts';

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
  readonly scopes: readonly string[];
  /** Salesforce only: the org's own API host. */
  readonly instanceUrl?: string | null;
}

export interface StoredCredentials extends TokenSet {
  readonly instanceUrl: string | null;
  readonly updatedAt: Date;
}

export async function saveCredentials(
  db: Db | Tx,
  cipher: TokenCipher,
  tenantId: string,
  tokens: TokenSet,
  now: Date,
): Promise<void> {
  const sealed = {
    accessTokenEnc: cipher.encrypt(tokens.accessToken),
    refreshTokenEnc: cipher.encrypt(tokens.refreshToken),
    expiresAt: tokens.expiresAt,
    scopes: [...tokens.scopes],
    instanceUrl: tokens.instanceUrl ?? null,
    updatedAt: now,
  };
  await db
    .insert(credentials)
    .values({ tenantId, ...sealed })
    .onConflictDoUpdate({ target: credentials.tenantId, set: sealed });
}

export async function loadCredentials(
  db: Db | Tx,
  cipher: TokenCipher,
  tenantId: string,
): Promise<StoredCredentials | null> {
  const [row] = await db.select().from(credentials).where(eq(credentials.tenantId, tenantId));
  if (!row) return null;
  return {
    accessToken: cipher.decrypt(row.accessTokenEnc),
    refreshToken: cipher.decrypt(row.refreshTokenEnc),
    expiresAt: row.expiresAt,
    scopes: row.scopes,
    instanceUrl: row.instanceUrl,
    updatedAt: row.updatedAt,
  };
}

/** The scopes the tenant granted, without decrypting its tokens; null when it holds none. */
export async function grantedScopes(db: Db | Tx, tenantId: string): Promise<readonly string[] | null> {
  const [row] = await db
    .select({ scopes: credentials.scopes })
    .from(credentials)
    .where(eq(credentials.tenantId, tenantId));
  return row?.scopes ?? null;
}

/** Uninstall: without tokens no further CRM call can be made for the tenant. */
export async function deleteCredentials(db: Db | Tx, tenantId: string): Promise<boolean> {
  const deleted = await db
    .delete(credentials)
    .where(eq(credentials.tenantId, tenantId))
    .returning({ tenantId: credentials.tenantId });
  return deleted.length > 0;
}

/**
 * Refresh tokens are often single-use, so two processes refreshing at once can revoke each
 * other. One conditional UPDATE hands the lease to exactly one caller; a crashed holder's lease
 * simply runs out.
 */
export async function claimRefresh(
  db: Db | Tx,
  tenantId: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const claimed = await db
    .update(credentials)
    .set({ refreshLockUntil: new Date(now.getTime() + leaseMs) })
    .where(
      and(
        eq(credentials.tenantId, tenantId),
        or(isNull(credentials.refreshLockUntil), lt(credentials.refreshLockUntil, now)),
      ),
    )
    .returning({ tenantId: credentials.tenantId });
  return claimed.length === 1;
}

export async function releaseRefresh(db: Db | Tx, tenantId: string): Promise<void> {
  await db.update(credentials).set({ refreshLockUntil: null }).where(eq(credentials.tenantId, tenantId));
}
