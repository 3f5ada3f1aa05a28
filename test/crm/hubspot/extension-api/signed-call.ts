import { createHmac } from 'node:crypto';

export interface SignedCall {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path, with its own query if it has one. */
  readonly path: string;
  readonly body?: unknown;
  readonly portal: string;
  readonly user: string;
  readonly secret: string;
  readonly timestamp: number;
}

/**
 * A request as `hubspot.fetch` sends it: the caller's identity appended to the query, and a v3
 * signature over method, public URL (with `@` decoded, as HubSpot signs it), body and timestamp.
 */
export async function signedCall<Body>(
  server: { readonly port: number },
  publicBaseUrl: string,
  call: SignedCall,
) {
  const { status, text } = await signedRequest(server, publicBaseUrl, call);
  return {
    status,
    body: JSON.parse(text) as Body & {
      error?: { code: string; message: string; issues?: { path: string; message: string }[] };
    },
  };
}

/** The same request, answered as it came: status, headers and the body's text (a CSV export). */
export async function signedRequest(
  server: { readonly port: number },
  publicBaseUrl: string,
  { method = 'GET', path, body, portal, user, secret, timestamp }: SignedCall,
) {
  const query = `${path.includes('?') ? '&' : '?'}portalId=${portal}&userId=${user}&userEmail=rep%40acme.test&appId=1`;
  const raw = body === undefined ? '' : JSON.stringify(body);
  const signature = createHmac('sha256', secret)
    .update(`${method}${publicBaseUrl}${path}${query.replace('%40', '@')}${raw}${timestamp}`)
    .digest('base64');
  const response = await fetch(`http://127.0.0.1:${server.port}${path}${query}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(timestamp),
    },
    ...(body === undefined ? {} : { body: raw }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
