import type { CookieOptions, Request, Response } from 'express';

/** The cookie that ties an install's state to the browser that started it, one per CRM. */
export interface InstallCookie {
  readonly name: string;
  set(res: Response, browserSecret: string): void;
  clear(res: Response): void;
  /** The secret the request carries, if any. */
  of(req: Request): string | undefined;
}

/**
 * HttpOnly so page scripts cannot read it; SameSite=Lax so it rides along on the CRM's top-level
 * redirect back to the callback but on no cross-site subrequest; sent to the callback only, and
 * only over HTTPS when Baton is served over HTTPS.
 */
export function installCookie(options: {
  readonly name: string;
  readonly callbackPath: string;
  readonly publicBaseUrl: string;
  readonly maxAgeMs: number;
}): InstallCookie {
  const { name } = options;
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.publicBaseUrl.startsWith('https:'),
    path: options.callbackPath,
  };
  return {
    name,
    set: (res, browserSecret) => {
      res.cookie(name, browserSecret, { ...cookieOptions, maxAge: options.maxAgeMs });
    },
    clear: (res) => {
      res.clearCookie(name, cookieOptions);
    },
    of: (req) => cookieValue(req, name),
  };
}

/** The value of the request's cookie `name`, if it carries a non-empty one. */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}
