import type { NextFunction, Request, Response } from 'express';
import type { OAuthGrants, Session } from './oauth-grants.ts';
import { SESSION_INVALID } from './salesforce-errors.ts';

/** The token Salesforce reads from `Authorization: Bearer …` (or the older `OAuth …`). */
export function bearerToken(request: Request): string | undefined {
  return /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
}

export function sessionOf(response: Response): Session {
  const session = response.locals.session as Session | undefined;
  if (!session) throw new Error('route mounted without requireSession');
  return session;
}

/** 401 INVALID_SESSION_ID for a missing, unknown, expired or revoked token, as every REST resource answers. */
export function requireSession(grants: OAuthGrants) {
  return (request: Request, response: Response, next: NextFunction) => {
    const token = bearerToken(request);
    const session = token === undefined ? undefined : grants.authenticate(token);
    if (!session) {
      response.status(401).set('WWW-Authenticate', 'Token').json([SESSION_INVALID]);
      return;
    }
    response.locals.session = session;
    next();
  };
}
