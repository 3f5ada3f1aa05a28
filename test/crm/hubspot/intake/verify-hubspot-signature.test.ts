import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import {
  type HubSpotSignatureInput,
  verifyHubSpotSignature,
} from '../../../../src/crm/hubspot/intake/verify-hubspot-signature.ts';
import { signV1, signV3 } from '../../../webhooks/hubspot/hubspot-signing.ts';

const SECRET = 'current-client-secret-5f2b';
const PREVIOUS_SECRET = 'previous-client-secret-9c1d';
const URL = 'https://baton.example.com/webhooks/hubspot';
const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const BODY = JSON.stringify([
  {
    eventId: 100,
    subscriptionId: 7,
    portalId: 62515,
    appId: 1160452,
    occurredAt: NOW - 2_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 501,
    propertyName: 'firstname',
    propertyValue: 'Zoë',
  },
]);

function v3Input(
  overrides: Partial<HubSpotSignatureInput> & { signedWith?: string; timestamp?: number } = {},
): HubSpotSignatureInput {
  const timestamp = overrides.timestamp ?? NOW - 1_000;
  const signature = signV3({ secret: overrides.signedWith ?? SECRET, signedUrl: URL, body: BODY, timestamp });
  return {
    method: 'POST',
    url: URL,
    rawBody: Buffer.from(BODY),
    headers: { signatureV3: signature, timestamp: String(timestamp) },
    clientSecrets: [SECRET],
    now: NOW,
    ...overrides,
  };
}

function v1Input(overrides: Partial<HubSpotSignatureInput> = {}): HubSpotSignatureInput {
  return {
    method: 'POST',
    url: URL,
    rawBody: Buffer.from(BODY),
    headers: { signatureV1: signV1(SECRET, BODY), signatureVersion: 'v1' },
    clientSecrets: [SECRET],
    now: NOW,
    ...overrides,
  };
}

describe('verifyHubSpotSignature, v3', () => {
  it('accepts a valid delivery whose signature the HubSpot SDK computes identically', () => {
    const input = v3Input();
    const sdkSignature = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: SECRET,
      requestBody: BODY,
      url: URL,
      timestamp: NOW - 1_000,
    });
    expect(input.headers.signatureV3).toBe(sdkSignature);
    expect(verifyHubSpotSignature(input)).toEqual({ ok: true, version: 'v3' });
  });

  it('agrees with the SDK validator on a delivery signed just now', () => {
    const timestamp = Date.now();
    const signature = signV3({ secret: SECRET, signedUrl: URL, body: BODY, timestamp });
    const sdkSays = Signature.isValid({
      signatureVersion: 'v3',
      signature,
      clientSecret: SECRET,
      requestBody: BODY,
      url: URL,
      method: 'POST',
      timestamp,
    });
    const verdict = verifyHubSpotSignature({
      ...v3Input(),
      headers: { signatureV3: signature, timestamp: String(timestamp) },
      now: Date.now(),
    });
    expect(sdkSays).toBe(true);
    expect(verdict).toEqual({ ok: true, version: 'v3' });
  });

  const genuine = v3Input();
  it.each<[string, Partial<HubSpotSignatureInput>]>([
    ['one byte of the body', { rawBody: Buffer.from(BODY.replace('Zoë', 'Zoe')) }],
    ['the body with trailing whitespace', { rawBody: Buffer.concat([Buffer.from(BODY), Buffer.from('\n')]) }],
    ['the path', { url: 'https://baton.example.com/webhooks/hubspot2' }],
    ['the query', { url: `${URL}?portalId=1` }],
    ['the host', { url: 'https://evil.example.com/webhooks/hubspot' }],
    ['the scheme', { url: 'http://baton.example.com/webhooks/hubspot' }],
    ['the method', { method: 'PUT' }],
    ['the timestamp', { headers: { ...genuine.headers, timestamp: String(NOW - 999) } }],
  ])('rejects a delivery after tampering with %s', (_what, tampering) => {
    expect(verifyHubSpotSignature({ ...genuine, ...tampering })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([
    ['5 minutes old', NOW - 300_000, { ok: true, version: 'v3' }],
    ['5 minutes and 1 ms old', NOW - 300_001, { ok: false, reason: 'stale_timestamp' }],
    ['a day old', NOW - 86_400_000, { ok: false, reason: 'stale_timestamp' }],
    ['5 minutes ahead', NOW + 300_000, { ok: true, version: 'v3' }],
    ['5 minutes and 1 ms ahead', NOW + 300_001, { ok: false, reason: 'future_timestamp' }],
  ])('judges the signing time against the injected clock: %s', (_when, timestamp, expected) => {
    expect(verifyHubSpotSignature(v3Input({ timestamp }))).toEqual(expected);
  });

  it('honours a custom tolerance', () => {
    expect(verifyHubSpotSignature(v3Input({ timestamp: NOW - 61_000, toleranceMs: 60_000 }))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it.each([
    ['no headers at all', {}, 'missing_signature'],
    ['a signature without its timestamp', { signatureV3: 'c2ln' }, 'missing_signature'],
    ['an empty signature', { signatureV3: '', timestamp: String(NOW) }, 'missing_signature'],
    ['a blank v1 signature', { signatureV1: '  ', signatureVersion: 'v1' }, 'missing_signature'],
    ['a timestamp that is not a number', { signatureV3: 'c2ln', timestamp: 'yesterday' }, 'malformed'],
    ['a negative timestamp', { signatureV3: 'c2ln', timestamp: '-1' }, 'malformed'],
    ['a timestamp in exponent form', { signatureV3: 'c2ln', timestamp: '1.77e12' }, 'malformed'],
    ['a timestamp of absurd length', { signatureV3: 'c2ln', timestamp: '9'.repeat(400) }, 'malformed'],
    ['a v2 signature', { signatureV1: signV1(SECRET, BODY), signatureVersion: 'v2' }, 'malformed'],
  ] as const)('refuses %s', (_what, headers, reason) => {
    expect(verifyHubSpotSignature({ ...v3Input(), headers })).toEqual({ ok: false, reason });
  });

  it.each([
    ['a signature of the wrong length', 'c2lnbmF0dXJl'],
    ['a signature with non-ASCII characters', 'ü'.repeat(44)],
    ['the right signature decoded leniently (extra base64 padding)', `${genuine.headers.signatureV3}==`],
    ['the right signature in hex', Buffer.from(genuine.headers.signatureV3 ?? '', 'base64').toString('hex')],
  ])('rejects %s without throwing', (_what, signatureV3) => {
    const input = { ...genuine, headers: { ...genuine.headers, signatureV3 } };
    expect(verifyHubSpotSignature(input)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('verifies v3 whenever its header is present, so a valid v1 header cannot stand in for it', () => {
    const input = v3Input({ signedWith: 'someone-else' });
    const withV1 = { ...input, headers: { ...input.headers, signatureV1: signV1(SECRET, BODY) } };
    expect(verifyHubSpotSignature(withV1)).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('verifyHubSpotSignature, v1-only deliveries', () => {
  it('accepts a valid one, as the SDK does', () => {
    const input = v1Input();
    const sdkSays = Signature.isValid({
      signature: input.headers.signatureV1 ?? '',
      clientSecret: SECRET,
      requestBody: BODY,
    });
    expect(sdkSays).toBe(true);
    expect(verifyHubSpotSignature(input)).toEqual({ ok: true, version: 'v1' });
  });

  it('accepts one without a version header and with upper-case hex', () => {
    const input = v1Input({ headers: { signatureV1: signV1(SECRET, BODY).toUpperCase() } });
    expect(verifyHubSpotSignature(input)).toEqual({ ok: true, version: 'v1' });
  });

  it.each([
    ['a tampered body', v1Input({ rawBody: Buffer.from(BODY.replace('501', '502')) })],
    ['a signature made with another secret', v1Input({ headers: { signatureV1: signV1('other', BODY) } })],
    ['a truncated signature', v1Input({ headers: { signatureV1: signV1(SECRET, BODY).slice(0, 63) } })],
  ])('rejects %s', (_what, input) => {
    expect(verifyHubSpotSignature(input)).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('verifyHubSpotSignature, client secret rotation', () => {
  const rotating = [SECRET, PREVIOUS_SECRET];

  it('accepts deliveries signed with the previous secret while it is still listed', () => {
    expect(verifyHubSpotSignature(v3Input({ signedWith: PREVIOUS_SECRET, clientSecrets: rotating }))).toEqual(
      { ok: true, version: 'v3' },
    );
    const v1 = v1Input({ headers: { signatureV1: signV1(PREVIOUS_SECRET, BODY) }, clientSecrets: rotating });
    expect(verifyHubSpotSignature(v1)).toEqual({ ok: true, version: 'v1' });
  });

  it('rejects them once the previous secret is retired', () => {
    expect(verifyHubSpotSignature(v3Input({ signedWith: PREVIOUS_SECRET }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('never accepts anything without a secret, nor with an empty one', () => {
    expect(verifyHubSpotSignature(v3Input({ clientSecrets: [] }))).toEqual({ ok: false, reason: 'mismatch' });
    const signedWithEmptySecret = v1Input({
      headers: { signatureV1: signV1('', BODY) },
      clientSecrets: [''],
    });
    expect(verifyHubSpotSignature(signedWithEmptySecret)).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('verifyHubSpotSignature, URL decoding', () => {
  const base = 'https://baton.example.com/webhooks/hubspot';
  it.each([
    ['a colon in the query', `${base}?to=a%3Ab`, `${base}?to=a:b`],
    ['lower-case hex escapes', `${base}?to=a%3ab%2fc`, `${base}?to=a:b/c`],
    [
      'every character HubSpot decodes',
      `${base}?x=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B`,
      `${base}?x=:/?@!$'()*,;`,
    ],
    ['a space, which stays encoded', `${base}?name=Zo%20e`, `${base}?name=Zo%20e`],
    ['an ampersand and equals sign, which stay encoded', `${base}?q=a%26b%3Dc`, `${base}?q=a%26b%3Dc`],
    ['an encoded percent, decoded at most once', `${base}?q=%253A`, `${base}?q=%253A`],
    [
      'escapes in the path',
      `https://baton.example.com/hooks%2Fhubspot`,
      `https://baton.example.com/hooks/hubspot`,
    ],
  ])('%s', (_what, calledUrl, signedUrl) => {
    const timestamp = NOW - 10;
    const signature = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: SECRET,
      requestBody: BODY,
      url: signedUrl,
      timestamp,
    });
    expect(signature).toBe(signV3({ secret: SECRET, signedUrl, body: BODY, timestamp }));
    const input = v3Input({
      url: calledUrl,
      headers: { signatureV3: signature, timestamp: String(timestamp) },
    });
    expect(verifyHubSpotSignature(input)).toEqual({ ok: true, version: 'v3' });
  });

  it('does not decode a space, so a signature over the decoded form fails', () => {
    const timestamp = NOW - 10;
    const signature = signV3({ secret: SECRET, signedUrl: `${base}?name=Zo e`, body: BODY, timestamp });
    const input = v3Input({
      url: `${base}?name=Zo%20e`,
      headers: { signatureV3: signature, timestamp: String(timestamp) },
    });
    expect(verifyHubSpotSignature(input)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
