import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const NONCE_BYTES = 16;
const STATE_KEY_INFO = 'baton oauth state';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface OAuthStatePayload {
  readonly nonce: string;
  /** Epoch milliseconds after which the state is refused. */
  readonly expiresAt: number;
  /** A path on Baton to offer once the install completes. */
  readonly returnTo?: string;
}

export type OAuthStateVerdict =
  | { readonly ok: true; readonly payload: OAuthStatePayload }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

const payloadSchema = z.strictObject({
  nonce: z.string().regex(BASE64URL),
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

/**
 * An opaque, URL-safe `payload.signature`. States are not remembered, so one could be replayed
 * within its lifetime; that is harmless because the authorization code travelling with it is
 * single-use at HubSpot, and a replayed callback fails at the code exchange.
 */
export function createOAuthState(options: {
  readonly key: Buffer;
  readonly now: Date;
  readonly ttlMs?: number;
  readonly returnTo?: string;
}): string {
  const payload: OAuthStatePayload = {
    nonce: randomBytes(NONCE_BYTES).toString('base64url'),
    expiresAt: options.now.getTime() + (options.ttlMs ?? OAUTH_STATE_TTL_MS),
    ...(options.returnTo === undefined ? {} : { returnTo: options.returnTo }),
  };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${sign(options.key, encoded).toString('base64url')}`;
}

export function verifyOAuthState(
  state: string,
  options: { readonly key: Buffer; readonly now: Date },
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
  return { ok: true, payload: parsed.data };
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
