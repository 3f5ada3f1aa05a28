import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts CRM tokens at rest. Output: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export interface TokenCipher {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

/** Messages never include the key, the plaintext or the sealed value. */
export class TokenDecryptionError extends Error {
  readonly code = 'token_decryption_failed';

  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function createTokenCipher(base64Key: string): TokenCipher {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The token encryption key must be ${KEY_BYTES} bytes in base64 (got ${key.length} bytes); generate one with generateEncryptionKey()`,
    );
  }
  return {
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, ...[iv, tag, ciphertext].map((part) => part.toString('base64url'))].join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
      if (
        version !== VERSION ||
        iv === undefined ||
        tag === undefined ||
        ciphertext === undefined ||
        rest.length
      ) {
        throw new TokenDecryptionError(
          `Stored token is not in the ${VERSION} format; it cannot be decrypted`,
        );
      }
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new TokenDecryptionError(
          'Stored token is malformed (bad IV or tag length); it cannot be decrypted',
        );
      }
      const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tagBytes);
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new TokenDecryptionError(
          'Stored token failed authentication: it was encrypted with a different TOKEN_ENCRYPTION_KEY or has been altered. Restore the original key or reinstall the app to issue new tokens',
        );
      }
    },
  };
}
