import { createHmac, randomBytes, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createBrowserSecret,
  createOAuthState,
  deriveOAuthStateKey,
  OAUTH_STATE_TTL_MS,
  verifyOAuthState,
} from '../../../../src/crm/hubspot/oauth/oauth-state.ts';

const KEY = deriveOAuthStateKey(randomBytes(32));
const NOW = new Date('2026-03-02T10:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const BROWSER = createBrowserSecret();

/** Signs any payload text the way a state is signed, to reach checks behind the signature. */
function signedState(payloadText: string, key = KEY): string {
  const encoded = Buffer.from(payloadText, 'utf8').toString('base64url');
  return `${encoded}.${createHmac('sha256', key).update(encoded).digest('base64url')}`;
}

describe('OAuth state', () => {
  it('round-trips an opaque, URL-safe state that expires after ten minutes', () => {
    const state = createOAuthState({ browserSecret: BROWSER, key: KEY, now: NOW });
    expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(state)).toBe(state);
    const verdict = verifyOAuthState(state, {
      key: KEY,
      now: later(OAUTH_STATE_TTL_MS - 1),
      browserSecret: BROWSER,
    });
    expect(verdict).toEqual({
      ok: true,
      payload: {
        nonce: expect.any(String),
        browser: expect.any(String),
        expiresAt: NOW.getTime() + 10 * 60_000,
      },
    });
  });

  it('gives every state its own nonce and carries the return path', () => {
    const states = Array.from({ length: 50 }, () =>
      createOAuthState({ browserSecret: BROWSER, key: KEY, now: NOW, returnTo: '/console' }),
    );
    const payloads = states.map((state) => {
      const verdict = verifyOAuthState(state, { key: KEY, now: NOW, browserSecret: BROWSER });
      if (!verdict.ok) throw new Error(verdict.reason);
      return verdict.payload;
    });
    expect(new Set(payloads.map((p) => p.nonce)).size).toBe(50);
    expect(payloads.every((p) => p.returnTo === '/console')).toBe(true);
  });

  it('honours a custom lifetime', () => {
    const state = createOAuthState({ browserSecret: BROWSER, key: KEY, now: NOW, ttlMs: 1_000 });
    expect(verifyOAuthState(state, { key: KEY, now: later(999), browserSecret: BROWSER }).ok).toBe(true);
    expect(verifyOAuthState(state, { key: KEY, now: later(1_000), browserSecret: BROWSER })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  const valid = createOAuthState({ browserSecret: BROWSER, key: KEY, now: NOW });
  const [payload = '', signature = ''] = valid.split('.');
  const flip = (text: string, at: number) =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

  it.each([
    ['expired one minute ago', valid, later(OAUTH_STATE_TTL_MS + 60_000), 'expired'],
    [
      'signed with another key',
      createOAuthState({ browserSecret: BROWSER, key: deriveOAuthStateKey(randomBytes(32)), now: NOW }),
      NOW,
      'bad_signature',
    ],
    ['with an altered payload', `${flip(payload, 5)}.${signature}`, NOW, 'bad_signature'],
    ['with an altered signature', `${payload}.${flip(signature, 3)}`, NOW, 'bad_signature'],
    ['with a truncated signature', `${payload}.${signature.slice(0, 20)}`, NOW, 'bad_signature'],
    ['without a signature', payload, NOW, 'malformed'],
    ['empty', '', NOW, 'malformed'],
    ['with three parts', `${valid}.extra`, NOW, 'malformed'],
    ['with characters outside base64url', `${payload}.${signature.slice(0, -1)}=`, NOW, 'malformed'],
    ['whose signed payload is not JSON', signedState('not json'), NOW, 'malformed'],
    ['whose signed payload lacks an expiry', signedState('{"nonce":"abc"}'), NOW, 'malformed'],
    [
      'bound to no browser',
      signedState(JSON.stringify({ nonce: 'abc', expiresAt: NOW.getTime() + 60_000 })),
      NOW,
      'malformed',
    ],
  ] as const)('refuses a state %s', (_what, state, now, reason) => {
    expect(verifyOAuthState(state, { key: KEY, now, browserSecret: BROWSER })).toEqual({ ok: false, reason });
  });

  it('is bound to the browser whose install cookie holds the secret, and names only its hash', () => {
    const state = createOAuthState({ browserSecret: BROWSER, key: KEY, now: NOW });
    expect(Buffer.from(state.split('.')[0] ?? '', 'base64url').toString('utf8')).not.toContain(BROWSER);
    for (const browserSecret of [createBrowserSecret(), undefined, '']) {
      expect(verifyOAuthState(state, { key: KEY, now: NOW, browserSecret })).toEqual({
        ok: false,
        reason: 'other_browser',
      });
    }
    expect(createBrowserSecret()).not.toBe(createBrowserSecret());
  });

  it('derives the state key from the token encryption key with HKDF-SHA256 ("baton oauth state")', async () => {
    const encryptionKey = randomBytes(32);
    const derived = deriveOAuthStateKey(encryptionKey);
    const material = await webcrypto.subtle.importKey('raw', encryptionKey, 'HKDF', false, ['deriveBits']);
    const independent = await webcrypto.subtle.deriveBits(
      {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: new Uint8Array(),
        info: new TextEncoder().encode('baton oauth state'),
      },
      material,
      256,
    );
    expect(derived.equals(Buffer.from(independent))).toBe(true);
    expect(derived.equals(encryptionKey)).toBe(false);
    expect(deriveOAuthStateKey(randomBytes(32)).equals(derived)).toBe(false);
  });
});
