import type { NextFunction, Request, Response } from 'express';
import type { Actor } from './object-rules.ts';
import { NOT_FOUND_MESSAGE, sendRestError } from './salesforce-errors.ts';
import { sessionOf } from './session-auth.ts';
import { callOptionsClient } from './traffic-control.ts';

/** `GET /services/data` lists 20.0 to 66.0 (Baton pins 66.0); any `vNN.0` from 20.0 on is served. */
export const OLDEST_VERSION = 20;
export const LATEST_VERSION = 66;

/** Checks the `vNN.0` of `/services/data/vNN.0/…` and keeps `NN.0` for the URLs the answer carries. */
export function requireApiVersion(request: Request, response: Response, next: NextFunction): void {
  const match = /^v(\d{2})\.0$/.exec(String(request.params.version ?? ''));
  const major = match ? Number(match[1]) : Number.NaN;
  if (!(major >= OLDEST_VERSION)) {
    sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    return;
  }
  response.locals.apiVersion = `${major}.0`;
  next();
}

export function apiVersionOf(response: Response): string {
  return String(response.locals.apiVersion ?? `${LATEST_VERSION}.0`);
}

/** Who a REST call acts as: the token's user, and the client its `Sforce-Call-Options` names. */
export function actorOf(request: Request, response: Response): Actor {
  return { userId: sessionOf(response).userId, client: callOptionsClient(request) };
}
