import type { NextFunction, Request, Response } from 'express';
import { sendHubSpotError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';

const SCOPES_LINK = 'https://developers.hubspot.com/scopes';

/**
 * Bearer authentication as HubSpot answers it: 401 EXPIRED_AUTHENTICATION for a token past its
 * expiry, 401 INVALID_AUTHENTICATION for anything unknown or revoked, and 403 MISSING_SCOPES when
 * the install holds none of the scopes the endpoint accepts.
 */
export function requireScope(install: OAuthInstall, anyOf: readonly string[]) {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const authentication = token ? install.authenticate(token) : ({ kind: 'invalid' } as const);
    if (authentication.kind === 'expired') {
      return sendHubSpotError(
        response,
        401,
        'EXPIRED_AUTHENTICATION',
        `The OAuth token used to make this call expired ${authentication.expiredSeconds} second(s) ago.`,
      );
    }
    if (authentication.kind === 'invalid') {
      return sendHubSpotError(
        response,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    if (!anyOf.some((scope) => authentication.scopes.has(scope))) {
      return sendHubSpotError(
        response,
        403,
        'MISSING_SCOPES',
        `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: ${SCOPES_LINK}.`,
        {
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: [...anyOf] },
            },
          ],
          links: { scopes: SCOPES_LINK },
        },
      );
    }
    next();
  };
}
