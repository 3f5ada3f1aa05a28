import { createHash, createHmac } from 'node:crypto';

/** The only escapes HubSpot decodes in the URL it signs (its v3 signature docs). */
const DECODED_ESCAPES: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function urlAsHubSpotSigns(url: string): string {
  return url.replace(/%[0-9A-Fa-f]{2}/g, (encoded) => DECODED_ESCAPES[encoded.toUpperCase()] ?? encoded);
}

/** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URL + body + timestamp. */
export function signatureV3(secret: string, url: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret)
    .update(`POST${urlAsHubSpotSigns(url)}${body}${timestamp}`)
    .digest('base64');
}

/** `X-HubSpot-Signature` with `X-HubSpot-Signature-Version: v1`: hex SHA-256 of secret + body. */
export function signatureV1(secret: string, body: string): string {
  return createHash('sha256').update(`${secret}${body}`).digest('hex');
}

export type SignatureVersion = 'v1' | 'v3';

export function signedDeliveryHeaders(options: {
  readonly secret: string;
  readonly url: string;
  readonly body: string;
  readonly timestamp: number;
  readonly versions: readonly SignatureVersion[];
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.versions.includes('v1')) {
    headers['x-hubspot-signature'] = signatureV1(options.secret, options.body);
    headers['x-hubspot-signature-version'] = 'v1';
  }
  if (options.versions.includes('v3')) {
    headers['x-hubspot-signature-v3'] = signatureV3(
      options.secret,
      options.url,
      options.body,
      options.timestamp,
    );
    headers['x-hubspot-request-timestamp'] = String(options.timestamp);
  }
  return headers;
}
