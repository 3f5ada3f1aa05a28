import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const NONCE_BYTES = 16;
const BROWSER_SECRET_BYTES = 32;
const STATE_KEY_INFO = 'baton oauth state';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface OAuthStatePayload {
  readonly nonce: string;
  /** SHA-256 of the secret in the cookie of the browser that started the install, base64url. */
  readonly browser: string;
  /** Epoch milliseconds after which the state is refused. */
  readonly expiresAt: number;
  /** A path on Baton to offer once the install completes. */
  readonly returnTo?: string;
}

export type OAuthStateVerdict =
  | { readonly ok: true; readonly payload: OAuthStatePayload }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'other_browser';
    };

const payloadSchema = z.strictObject({
  nonce: z.string().regex(BASE64URL),
  browser: z.string().regex(BASE64URL),
  expiresAt: z.int(),
  returnTo: z.string().exactOptional(),
});

/**
 * The state key comes from the token encryption key, so installs need no extra secret, and the
 * HKDF label keeps the two uses apart: a state signature reveals nothing about the cipher key.
 */
export function deriveOAuthStateKey(tokenEncryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', tokenEncryptionKey, Buffer.alloc(0), STATE_KEY_INFO, 32));
}

/** A fresh secret for the install cookie of the browser that starts an install. */
export function createBrowserSecret(): string {
  return randomBytes(BROWSER_SECRET_BYTES).toString('base64url');
}

/**
 * An opaque, URL-safe `payload.signature`, bound to the browser that holds `browserSecret` in
 * its install cookie: the state carries only the secret's hash, so neither the URL nor HubSpot's
 * logs reveal it. The callback also uses each nonce once (`consumeOAuthStateNonce`), so a state
 * completes one install, in the browser that started it.
 */
export function createOAuthState(options: {
  readonly key: Buffer;
  readonly now: Date;
  readonly browserSecret: string;
  readonly ttlMs?: number;
  readonly returnTo?: string;
}): string {
  const payload: OAuthStatePayload = {
    nonce: randomBytes(NONCE_BYTES).toString('base64url'),
    browser: browserHash(options.browserSecret),
    expiresAt: options.now.getTime() + (options.ttlMs ?? OAUTH_STATE_TTL_MS),
    ...(options.returnTo === undefined ? {} : { returnTo: options.returnTo }),
  };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${sign(options.key, encoded).toString('base64url')}`;
}

/** `browserSecret` is the install cookie the callback request carried, if any. */
export function verifyOAuthState(
  state: string,
  options: { readonly key: Buffer; readonly now: Date; readonly browserSecret: string | undefined },
): OAuthStateVerdict {
  const [encoded, signature, ...rest] = state.split('.');
  if (
    encoded === undefined ||
    signature === undefined ||
    rest.length > 0 ||
    !BASE64URL.test(encoded) ||
    !BASE64URL.test(signature)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = sign(options.key, encoded);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const parsed = payloadSchema.safeParse(parseJson(Buffer.from(encoded, 'base64url').toString('utf8')));
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (parsed.data.expiresAt <= options.now.getTime()) return { ok: false, reason: 'expired' };
  if (!sameBrowser(parsed.data.browser, options.browserSecret)) return { ok: false, reason: 'other_browser' };
  return { ok: true, payload: parsed.data };
}

function browserHash(browserSecret: string): string {
  return createHash('sha256').update(browserSecret).digest('base64url');
}

function sameBrowser(boundHash: string, browserSecret: string | undefined): boolean {
  if (browserSecret === undefined || browserSecret.length === 0) return false;
  const given = Buffer.from(browserHash(browserSecret), 'utf8');
  const bound = Buffer.from(boundHash, 'utf8');
  return given.length === bound.length && timingSafeEqual(given, bound);
}

function sign(key: Buffer, encodedPayload: string): Buffer {
  return createHmac('sha256', key).update(encodedPayload).digest();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
