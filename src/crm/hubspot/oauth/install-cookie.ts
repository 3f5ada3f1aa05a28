import type { CookieOptions, Request, Response } from 'express';
import { HUBSPOT_CALLBACK_PATH } from './hubspot-oauth-config.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-state.ts';

/** The cookie that ties an install's state to the browser that started it. */
export const INSTALL_COOKIE = 'baton_hubspot_install';

/**
 * HttpOnly so page scripts cannot read it; SameSite=Lax so it rides along on HubSpot's top-level
 * redirect back to the callback but on no cross-site subrequest; sent to the callback only, and
 * only over HTTPS when Baton is served over HTTPS.
 */
function cookieOptions(publicBaseUrl: string): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicBaseUrl.startsWith('https:'),
    path: HUBSPOT_CALLBACK_PATH,
  };
}

export function setInstallCookie(res: Response, publicBaseUrl: string, browserSecret: string): void {
  res.cookie(INSTALL_COOKIE, browserSecret, { ...cookieOptions(publicBaseUrl), maxAge: OAUTH_STATE_TTL_MS });
}

export function clearInstallCookie(res: Response, publicBaseUrl: string): void {
  res.clearCookie(INSTALL_COOKIE, cookieOptions(publicBaseUrl));
}

/** The install cookie the request carries; Express parses no cookies itself. */
export function installCookieOf(req: Request): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== INSTALL_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}
