import type { Request, Response } from 'express';
import { cookieValue, installCookie } from '../../../oauth/install-cookie.ts';
import { HUBSPOT_CALLBACK_PATH } from './hubspot-oauth-config.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-state.ts';

/** The cookie that ties a HubSpot install's state to the browser that started it. */
export const INSTALL_COOKIE = 'baton_hubspot_install';

const hubSpotInstallCookie = (publicBaseUrl: string) =>
  installCookie({
    name: INSTALL_COOKIE,
    callbackPath: HUBSPOT_CALLBACK_PATH,
    publicBaseUrl,
    maxAgeMs: OAUTH_STATE_TTL_MS,
  });

export function setInstallCookie(res: Response, publicBaseUrl: string, browserSecret: string): void {
  hubSpotInstallCookie(publicBaseUrl).set(res, browserSecret);
}

export function clearInstallCookie(res: Response, publicBaseUrl: string): void {
  hubSpotInstallCookie(publicBaseUrl).clear(res);
}

/** The install cookie the request carries; Express parses no cookies itself. */
export function installCookieOf(req: Request): string | undefined {
  return cookieValue(req, INSTALL_COOKIE);
}
