import { randomUUID } from 'node:crypto';
import { type Response, Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import { sendHubSpotError } from './hubspot-error-body.ts';
import type { OAuthInstall, TokenOutcome } from './oauth-install.ts';
import type { ContractMiddleware } from './request-contract.ts';

const tokenRequestSchema = z.object({
  grant_type: z.string(),
  client_id: z.string().default(''),
  client_secret: z.string().default(''),
  code: z.string().default(''),
  redirect_uri: z.string().default(''),
  refresh_token: z.string().default(''),
});

const introspectRequestSchema = z.object({
  token: z.string(),
  client_id: z.string().default(''),
  client_secret: z.string().default(''),
});

const authorizeQuerySchema = z.object({
  client_id: z.string(),
  redirect_uri: z.url({ protocol: /^https?$/ }),
  scope: z.string().default(''),
  optional_scope: z.string().default(''),
  state: z.string().exactOptional(),
});

/** OAuth 2 error codes (RFC 6749 §5.2) for HubSpot's own codes. */
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  BAD_AUTH_CODE: 'invalid_grant',
  BAD_REFRESH_TOKEN: 'invalid_grant',
  BAD_CLIENT_ID: 'invalid_client',
  BAD_CLIENT_SECRET: 'invalid_client',
  BAD_GRANT_TYPE: 'unsupported_grant_type',
};

function answer(response: Response, outcome: TokenOutcome): void {
  if (outcome.ok) {
    response.status(200).json(outcome.body);
    return;
  }
  // HubSpot's token errors name the problem in `status` (BAD_REFRESH_TOKEN, …); the spec's Error
  // shape needs `category`; OAuth clients look for `error: invalid_grant`. This body carries all three.
  response.status(outcome.status).json({
    status: outcome.code,
    message: outcome.message,
    correlationId: randomUUID(),
    category: outcome.code,
    error: OAUTH_ERRORS[outcome.code] ?? 'invalid_request',
    error_description: outcome.message,
  });
}

export function oauthRoutes(options: {
  readonly install: OAuthInstall;
  readonly clientId: string;
  readonly contract: ContractMiddleware;
}): Router {
  const { install, clientId, contract } = options;
  const router = Router();

  // HubSpot's consent screen, auto-approved: the portal installs the app at once.
  router.get('/oauth/authorize', (request, response) => {
    const query = authorizeQuerySchema.safeParse(request.query);
    if (!query.success || query.data.client_id !== clientId) {
      response
        .status(400)
        .type('text')
        .send('Authorization failed: unknown client_id or invalid redirect_uri.');
      return;
    }
    const split = (scopes: string) => scopes.split(/[\s+]+/).filter(Boolean);
    const { granted, unavailable } = install.decideScopes(
      split(query.data.scope),
      split(query.data.optional_scope),
    );
    if (unavailable.length > 0) {
      response
        .status(400)
        .type('text')
        .send(`This portal cannot grant the required scopes: ${unavailable.join(' ')}`);
      return;
    }
    const target = new URL(query.data.redirect_uri);
    target.searchParams.set('code', install.issueCode(query.data.redirect_uri, granted));
    if (query.data.state !== undefined) target.searchParams.set('state', query.data.state);
    response.redirect(302, target.toString());
  });

  router.post('/oauth/2026-03/token', contract, (request, response) => {
    const parsed = tokenRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'grant_type is required');
    }
    const form = parsed.data;
    const client = { clientId: form.client_id, clientSecret: form.client_secret };
    if (form.grant_type === 'authorization_code') {
      return answer(
        response,
        install.exchangeCode({ ...client, code: form.code, redirectUri: form.redirect_uri }),
      );
    }
    if (form.grant_type === 'refresh_token') {
      return answer(response, install.refresh({ ...client, refreshToken: form.refresh_token }));
    }
    answer(response, {
      ok: false,
      status: 400,
      code: 'BAD_GRANT_TYPE',
      message: `grant_type ${form.grant_type} is not supported for this app`,
    });
  });

  router.post('/oauth/2026-03/token/introspect', contract, (request, response) => {
    const parsed = introspectRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'token is required');
    const { token, client_id, client_secret } = parsed.data;
    answer(response, install.introspect(token, client_id, client_secret));
  });

  router.delete(
    '/appinstalls/2026-03/external-install',
    requireScope(install, ['oauth']),
    (_request, response) => {
      install.uninstall();
      response.status(204).end();
    },
  );

  return router;
}
