import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../log.ts';

export interface AdminTokenOptions {
  /** The configured BATON_ADMIN_TOKEN. */
  readonly token: string;
  readonly logger: Logger;
  readonly clock?: () => number;
  /** Failed attempts one address may make per window before it is refused outright. */
  readonly maxFailures?: number;
  readonly windowMs?: number;
}

const DEFAULT_MAX_FAILURES = 10;
const DEFAULT_WINDOW_MS = 15 * 60_000;
/** Bounds the memory a spray of addresses can take; the oldest windows are forgotten first. */
const MAX_TRACKED_ADDRESSES = 10_000;

interface FailureWindow {
  failures: number;
  readonly endsAt: number;
}

/**
 * Guards operator routes with `Authorization: Bearer <BATON_ADMIN_TOKEN>`. The comparison takes
 * the same time whatever is sent; each failed attempt is logged with the caller's address (never
 * what it sent), and an address that fails `maxFailures` times is answered 429 until its window
 * ends, so the token cannot be guessed at request speed. Counts live in this process: a restart
 * or a second process starts them again.
 */
export function requireAdminToken(options: AdminTokenOptions): RequestHandler {
  const clock = options.clock ?? Date.now;
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const wanted = digest(options.token);
  const windows = new Map<string, FailureWindow>();

  return (req, res, next) => {
    const now = clock();
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let window = windows.get(address);
    if (window && window.endsAt <= now) {
      windows.delete(address);
      window = undefined;
    }
    if (window && window.failures >= maxFailures) {
      res.set('retry-after', String(Math.ceil((window.endsAt - now) / 1000)));
      res.status(429).json({
        error: {
          code: 'admin_token_rate_limited',
          message: 'too many failed admin token attempts from this address; try again later',
        },
      });
      return;
    }
    if (timingSafeEqual(digest(bearerToken(req)), wanted)) {
      next();
      return;
    }
    if (!window) {
      forgetOldest(windows);
      window = { failures: 0, endsAt: now + windowMs };
      windows.set(address, window);
    }
    window.failures += 1;
    options.logger.warn(
      { ip: address, method: req.method, path: req.path, failures: window.failures, limit: maxFailures },
      window.failures >= maxFailures
        ? 'admin token refused; this address is blocked until its window ends'
        : 'admin token refused',
    );
    res.set('www-authenticate', 'Bearer');
    res.status(401).json({
      error: {
        code: 'admin_token_invalid',
        message: 'send the admin token as Authorization: Bearer <token>',
      },
    });
  };
}

function bearerToken(req: Request): string {
  return /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
}

/** Equal-length digests, so the comparison reveals neither the token nor its length. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function forgetOldest(windows: Map<string, FailureWindow>): void {
  if (windows.size < MAX_TRACKED_ADDRESSES) return;
  const oldest = windows.keys().next();
  if (!oldest.done) windows.delete(oldest.value);
}
