import { describe, expect, it } from 'vitest';
import { ConfigurationInvalidError } from '../src/core/validation.ts';
import {
  InputInvalidError,
  PayloadTypeUnknownError,
  RateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../src/errors.ts';
import { decideRetry } from '../src/retry-policy.ts';
import { createTokenCipher, generateEncryptionKey } from '../src/store/token-cipher.ts';

/** A real decryption failure: a token sealed under one key, opened with another. */
function decryptionFailure(): unknown {
  const sealed = createTokenCipher(generateEncryptionKey()).encrypt('refresh-token');
  try {
    createTokenCipher(generateEncryptionKey()).decrypt(sealed);
  } catch (error) {
    return error;
  }
  throw new Error('decrypting under another key unexpectedly succeeded');
}

describe('retry policy', () => {
  it.each([
    ['a configuration that fails validation', () => new ConfigurationInvalidError('tenant config', [])],
    ['a token sealed under another key', decryptionFailure],
    ['a payload type no handler knows', () => new PayloadTypeUnknownError('mystery')],
    ['a refusal from the CRM', () => new UpstreamRejectedError('HubSpot rejected it (403)')],
    ['bad input', () => new InputInvalidError('no such property')],
  ])('dead-letters %s at the first attempt', (_what, error) => {
    expect(decideRetry(error(), 1, undefined, () => 0.5)).toMatchObject({ kind: 'dead' });
  });

  it.each([
    ['an upstream outage', () => new UpstreamUnavailableError('HubSpot answered 503')],
    ['an error Baton does not know', () => new Error('socket hang up')],
  ])('retries %s with backoff until the last attempt', (_what, error) => {
    expect(decideRetry(error(), 1, undefined, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 500,
      reason: expect.any(String),
    });
    expect(decideRetry(error(), 8, undefined, () => 0.5)).toMatchObject({ kind: 'dead' });
  });

  it('waits exactly as long as a rate limit asks', () => {
    expect(decideRetry(new RateLimitedError('slow down', 7_000), 2)).toMatchObject({
      kind: 'retry',
      delayMs: 7_000,
    });
  });
});
