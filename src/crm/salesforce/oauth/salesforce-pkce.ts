import { createHmac } from 'node:crypto';

const VERIFIER_LABEL = 'baton salesforce pkce verifier';

/**
 * The PKCE code verifier of one install, derived rather than stored: jsforce draws a verifier
 * when its OAuth2 object is made, and that object does not survive the redirect to Salesforce.
 * Keyed by Baton's state key over the browser's install-cookie secret and the signed state, it
 * is the same at the callback of the browser that started the install and unknowable to anyone
 * holding only what travels through Salesforce (the state and the code). 43 base64url characters
 * (256 bits) are within RFC 7636's 43–128 unreserved characters.
 */
export function codeVerifierFor(stateKey: Buffer, browserSecret: string, state: string): string {
  return createHmac('sha256', stateKey)
    .update(VERIFIER_LABEL)
    .update('\0')
    .update(browserSecret)
    .update('\0')
    .update(state)
    .digest('base64url');
}
