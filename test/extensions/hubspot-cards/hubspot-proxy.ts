import type { HubSpotFetch } from '../../../extensions/hubspot/src/app/cards/baton-api.ts';
import { signedCall } from '../../crm/hubspot/extension-api/signed-call.ts';

/**
 * `hubspot.fetch` as HubSpot's proxy runs it: the card's request is sent to Baton with the
 * caller's portal and user appended and a v3 signature, so a test drives the real API from a card.
 */
export function hubspotProxy(options: {
  readonly server: { readonly port: number };
  readonly publicBaseUrl: string;
  readonly secret: string;
  readonly portal: string;
  readonly user: () => string;
}): HubSpotFetch {
  return async (url, init) => {
    const target = new URL(url);
    if (target.origin !== options.publicBaseUrl)
      throw new Error(`${target.origin} is not in permittedUrls.fetch`);
    const { status, body } = await signedCall(options.server, options.publicBaseUrl, {
      method: init?.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      body: init?.body,
      portal: options.portal,
      user: options.user(),
      secret: options.secret,
      timestamp: Date.now(),
    });
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
}
