import type { CookieOptions, Request, Response } from 'express';
import { cookieValue } from '../oauth/install-cookie.ts';
import { CONSOLE_SESSION_TTL_MS } from './console-sessions.ts';

export const CONSOLE_COOKIE = 'baton_console';

/**
 * HttpOnly so no script reads it; SameSite=Lax so a cross-site form or fetch carries none (the
 * CSRF token guards the rest); Secure whenever Baton is served over HTTPS.
 */
function options(publicBaseUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: publicBaseUrl.startsWith('https:'), path: '/' };
}

export function setConsoleCookie(res: Response, publicBaseUrl: string, value: string): void {
  res.cookie(CONSOLE_COOKIE, value, { ...options(publicBaseUrl), maxAge: CONSOLE_SESSION_TTL_MS });
}

export function clearConsoleCookie(res: Response, publicBaseUrl: string): void {
  res.clearCookie(CONSOLE_COOKIE, options(publicBaseUrl));
}

export function consoleCookieOf(req: Request): string | undefined {
  return cookieValue(req, CONSOLE_COOKIE);
}
