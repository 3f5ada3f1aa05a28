import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface HubSpotSignatureHeaders {
  /** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256. */
  readonly signatureV3?: string | undefined;
  /** `X-HubSpot-Request-Timestamp`: epoch milliseconds, signed into v3. */
  readonly timestamp?: string | undefined;
  /** `X-HubSpot-Signature`: hex SHA-256 (v1). */
  readonly signatureV1?: string | undefined;
  /** `X-HubSpot-Signature-Version`. */
  readonly signatureVersion?: string | undefined;
}

export interface HubSpotSignatureInput {
  readonly method: string;
  /** The exact URL HubSpot called, rebuilt from PUBLIC_BASE_URL and the request's path and query. */
  readonly url: string;
  readonly rawBody: Buffer;
  readonly headers: HubSpotSignatureHeaders;
  /** The app's client secrets, current first; a previous one keeps working during a rotation. */
  readonly clientSecrets: readonly string[];
  /** Epoch milliseconds. */
  readonly now: number;
  readonly toleranceMs?: number;
}

export type HubSpotSignatureRejection =
  | 'missing_signature'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'mismatch'
  | 'malformed';

export type HubSpotSignatureVerdict =
  | { readonly ok: true; readonly version: 'v3' | 'v1' }
  | { readonly ok: false; readonly reason: HubSpotSignatureRejection };

export const HUBSPOT_SIGNATURE_TOLERANCE_MS = 300_000;

/**
 * HubSpot signs the URL after URL-decoding only these characters; every other escape stays as
 * sent, so a general decoder would change what was signed.
 */
const SIGNED_URL_ESCAPES = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/**
 * Checks that a webhook delivery comes from HubSpot. Signature v3 is used whenever its header is
 * present; otherwise the delivery must be v1, which HubSpot still uses for webhook-API
 * subscriptions. v1 signs only the body, so a captured delivery can be replayed: the route
 * refuses v1 for portals already seen v3-signed, and the inbox's dedupe keys make any other
 * replay within 3 days a no-op. Pure, and never throws on hostile input.
 */
export function verifyHubSpotSignature(input: HubSpotSignatureInput): HubSpotSignatureVerdict {
  // An empty secret would make every signature computable by anyone.
  const secrets = input.clientSecrets.filter((secret) => secret.length > 0);
  const { signatureV3, signatureV1, signatureVersion } = input.headers;
  if (isPresent(signatureV3)) return verifyV3(input, signatureV3, secrets);
  if (!isPresent(signatureV1)) return { ok: false, reason: 'missing_signature' };
  if (isPresent(signatureVersion) && signatureVersion.trim().toLowerCase() !== 'v1') {
    return { ok: false, reason: 'malformed' };
  }
  const provided = signatureV1.trim().toLowerCase();
  const matches = secrets.some((secret) =>
    equalInConstantTime(provided, createHash('sha256').update(secret).update(input.rawBody).digest('hex')),
  );
  return matches ? { ok: true, version: 'v1' } : { ok: false, reason: 'mismatch' };
}

function verifyV3(
  input: HubSpotSignatureInput,
  signature: string,
  secrets: readonly string[],
): HubSpotSignatureVerdict {
  const timestampHeader = input.headers.timestamp;
  if (!isPresent(timestampHeader)) return { ok: false, reason: 'missing_signature' };
  if (!/^\d{1,16}$/.test(timestampHeader)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(timestampHeader);
  const tolerance = input.toleranceMs ?? HUBSPOT_SIGNATURE_TOLERANCE_MS;
  if (input.now - timestamp > tolerance) return { ok: false, reason: 'stale_timestamp' };
  if (timestamp - input.now > tolerance) return { ok: false, reason: 'future_timestamp' };

  const signedUrl = input.url.replace(SIGNED_URL_ESCAPES, (encoded) => decodeURIComponent(encoded));
  const provided = signature.trim();
  const matches = secrets.some((secret) =>
    equalInConstantTime(
      provided,
      createHmac('sha256', secret)
        .update(input.method)
        .update(signedUrl)
        .update(input.rawBody)
        .update(timestampHeader)
        .digest('base64'),
    ),
  );
  return matches ? { ok: true, version: 'v3' } : { ok: false, reason: 'mismatch' };
}

/** Compares the encoded forms byte for byte, so lenient base64 or hex decoding cannot admit variants. */
function equalInConstantTime(provided: string, expected: string): boolean {
  const providedBytes = Buffer.from(provided, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  return providedBytes.length === expectedBytes.length && timingSafeEqual(providedBytes, expectedBytes);
}

function isPresent(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
