import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type ConsoleSessionRow,
  deleteConsoleSession,
  findConsoleSession,
  insertConsoleSession,
  redeemConsoleLink,
} from '../store/console-sessions.ts';
import type { Db } from '../store/database.ts';

/** A working day: long enough for a manager's session, short enough that a lost laptop's cookie dies. */
export const CONSOLE_SESSION_TTL_MS = 8 * 60 * 60_000;
/** A demo's sign-in link waits a day for its visitor; it works once. */
export const CONSOLE_LINK_TTL_MS = 24 * 60 * 60_000;
const TOKEN_BYTES = 32;
const KEY_INFO = 'baton console session';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Who signed in, as their CRM named them. */
export interface ConsoleUser {
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
  /** HubSpot team ids or Salesforce permission set names, which role settings may grant roles to. */
  readonly teamIds: readonly string[];
}

export interface LiveConsoleSession {
  readonly row: ConsoleSessionRow;
  /** What state-changing requests must echo in `x-baton-csrf`. */
  readonly csrfToken: string;
}

/**
 * The cookie key comes from the token encryption key, under its own HKDF label, so sessions need
 * no extra secret and a cookie signature says nothing about the cipher key.
 */
export function deriveConsoleSessionKey(tokenEncryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', tokenEncryptionKey, Buffer.alloc(0), KEY_INFO, 32));
}

/** Starts a session for a user of a tenant and answers the signed cookie value. */
export async function startConsoleSession(
  db: Db,
  key: Buffer,
  start: { readonly tenantId: string; readonly user: ConsoleUser; readonly now: Date },
): Promise<{ readonly cookie: string; readonly expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(start.now.getTime() + CONSOLE_SESSION_TTL_MS);
  await insertConsoleSession(
    db,
    { ...rowOf(start.tenantId, start.user, start.now, expiresAt), tokenHash: hash(token) },
    start.now,
  );
  return { cookie: signed(key, token), expiresAt };
}

/**
 * A sign-in link's code, for a visitor who has no CRM sign-in (the demo's admin). The session
 * waits unusable until the code is redeemed, and the code works once.
 */
export async function createConsoleSignInLink(
  db: Db,
  start: { readonly tenantId: string; readonly user: ConsoleUser; readonly now: Date },
): Promise<string> {
  const code = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(start.now.getTime() + CONSOLE_LINK_TTL_MS);
  await insertConsoleSession(
    db,
    {
      ...rowOf(start.tenantId, start.user, start.now, expiresAt),
      // Nobody holds the token this hashes: the session opens only once the code is redeemed.
      tokenHash: hash(randomBytes(TOKEN_BYTES).toString('base64url')),
      linkCodeHash: hash(code),
    },
    start.now,
  );
  return code;
}

/** Redeems a sign-in link's code for a session cookie, once; null for an unknown, used or expired code. */
export async function redeemConsoleSignInLink(
  db: Db,
  key: Buffer,
  code: string,
  now: Date,
): Promise<string | null> {
  if (!TOKEN.test(code)) return null;
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(now.getTime() + CONSOLE_SESSION_TTL_MS);
  const row = await redeemConsoleLink(db, hash(code), hash(token), expiresAt, now);
  return row ? signed(key, token) : null;
}

/** The live session a cookie names; null for a missing, forged, expired or signed-out one. */
export async function resolveConsoleSession(
  db: Db,
  key: Buffer,
  cookie: string | undefined,
  now: Date,
): Promise<LiveConsoleSession | null> {
  const token = verified(key, cookie);
  if (token === null) return null;
  const row = await findConsoleSession(db, hash(token), now);
  return row ? { row, csrfToken: csrfTokenOf(key, token) } : null;
}

/** Signing out deletes the session, so the cookie is worthless even if a copy survives. */
export async function endConsoleSession(db: Db, key: Buffer, cookie: string | undefined): Promise<void> {
  const token = verified(key, cookie);
  if (token !== null) await deleteConsoleSession(db, hash(token));
}

/** Whether a request's `x-baton-csrf` is its session's token (compared in constant time). */
export function csrfMatches(session: LiveConsoleSession, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function rowOf(tenantId: string, user: ConsoleUser, now: Date, expiresAt: Date) {
  return {
    tenantId,
    userId: user.id,
    userName: user.name,
    userEmail: user.email,
    teamIds: [...user.teamIds],
    createdAt: now,
    expiresAt,
  };
}

/** Derived from the session token, so it needs no storage and dies with the session. */
function csrfTokenOf(key: Buffer, token: string): string {
  return createHmac('sha256', key).update(`csrf\0${token}`).digest('base64url');
}

function signed(key: Buffer, token: string): string {
  return `${token}.${mac(key, token)}`;
}

function verified(key: Buffer, cookie: string | undefined): string | null {
  const [token, signature, ...rest] = (cookie ?? '').split('.');
  if (token === undefined || signature === undefined || rest.length > 0 || !TOKEN.test(token)) return null;
  const expected = Buffer.from(mac(key, token), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

function mac(key: Buffer, token: string): string {
  return createHmac('sha256', key).update(`session\0${token}`).digest('base64url');
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
