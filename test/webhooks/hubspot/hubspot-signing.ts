import { createHash, createHmac } from 'node:crypto';

/**
 * Signs deliveries the way HubSpot does, written from HubSpot's documentation independently of
 * the verifier under test. `signedUrl` is the URL after HubSpot's partial URL-decoding.
 */
export function signV3(options: {
  readonly secret: string;
  readonly method?: string;
  readonly signedUrl: string;
  readonly body: string | Buffer;
  readonly timestamp: number;
}): string {
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  return createHmac('sha256', options.secret)
    .update(`${options.method ?? 'POST'}${options.signedUrl}${body}${options.timestamp}`)
    .digest('base64');
}

export function signV1(secret: string, body: string | Buffer): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return createHash('sha256').update(`${secret}${text}`).digest('hex');
}

/** Request headers of a v3-signed delivery. */
export function v3Headers(signature: string, timestamp: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-hubspot-signature-v3': signature,
    'x-hubspot-request-timestamp': String(timestamp),
  };
}

/** Request headers of a v1-only delivery, as webhook-API subscriptions are sent. */
export function v1Headers(signature: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-hubspot-signature': signature,
    'x-hubspot-signature-version': 'v1',
  };
}
