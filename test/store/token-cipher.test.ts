import { describe, expect, it } from 'vitest';
import {
  createTokenCipher,
  generateEncryptionKey,
  TokenDecryptionError,
} from '../../src/store/token-cipher.ts';

const token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';

describe('token cipher', () => {
  const key = generateEncryptionKey();
  const cipher = createTokenCipher(key);

  it('round-trips a token, with a fresh IV each time', () => {
    const a = cipher.encrypt(token);
    const b = cipher.encrypt(token);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(cipher.decrypt(a)).toBe(token);
    expect(cipher.decrypt(b)).toBe(token);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('generates distinct 32-byte keys', () => {
    const other = generateEncryptionKey();
    expect(Buffer.from(other, 'base64')).toHaveLength(32);
    expect(other).not.toBe(key);
  });

  const sealed = cipher.encrypt(token);
  const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
  const flip = (part: string) => {
    const bytes = Buffer.from(part, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    return bytes.toString('base64url');
  };

  it.each([
    ['altered ciphertext', [version, iv, tag, flip(body)].join('.')],
    ['altered tag', [version, iv, flip(tag), body].join('.')],
    ['altered IV', [version, flip(iv), tag, body].join('.')],
    ['unknown version', ['v2', iv, tag, body].join('.')],
    ['missing part', [version, iv, tag].join('.')],
    ['extra part', [version, iv, tag, body, body].join('.')],
    ['truncated tag', [version, iv, tag.slice(0, 8), body].join('.')],
    ['not a sealed token at all', token],
  ])('rejects %s', (_case, tampered) => {
    expect(() => cipher.decrypt(tampered)).toThrow(TokenDecryptionError);
  });

  it('refuses a different key with a message that leaks neither key nor token', () => {
    const otherKey = generateEncryptionKey();
    let error: unknown;
    try {
      createTokenCipher(otherKey).decrypt(sealed);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TokenDecryptionError);
    const message = String((error as Error).message);
    expect(message).toMatch(/different TOKEN_ENCRYPTION_KEY/);
    for (const secret of [token, key, otherKey, body]) expect(message).not.toContain(secret);
  });

  it.each([
    ['too short', Buffer.alloc(16).toString('base64')],
    ['empty', ''],
  ])('rejects a key that is %s', (_case, badKey) => {
    expect(() => createTokenCipher(badKey)).toThrow(/32 bytes in base64/);
  });
});
