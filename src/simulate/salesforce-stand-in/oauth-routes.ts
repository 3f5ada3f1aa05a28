import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Row } from './field-values.ts';
import type { OAuthGrants, TokenOutcome } from './oauth-grants.ts';
import { formatDatetime } from './salesforce-time.ts';
import { bearerToken } from './session-auth.ts';

const authorizeQuery = z.object({
  response_type: z.string().default(''),
  client_id: z.string().default(''),
  redirect_uri: z.string().default(''),
  code_challenge: z.string().exactOptional(),
  code_challenge_method: z.string().exactOptional(),
  scope: z.string().exactOptional(),
  state: z.string().exactOptional(),
});

const tokenForm = z.object({
  grant_type: z.string().default(''),
  code: z.string().default(''),
  code_verifier: z.string().exactOptional(),
  client_id: z.string().default(''),
  client_secret: z.string().default(''),
  redirect_uri: z.string().default(''),
  refresh_token: z.string().default(''),
});

export interface OAuthRouteOptions {
  readonly grants: OAuthGrants;
  readonly orgId: string;
  readonly baseUrl: () => string;
  readonly apiVersion: string;
  /** The user logged in to the login page, who approves the authorization: the admin unless a test signs in another. */
  readonly approvingUserId: () => string;
  readonly user: (userId: string) => Row | undefined;
}

function answerToken(response: Response, outcome: TokenOutcome): void {
  if (outcome.ok) {
    response.status(200).json(outcome.body);
    return;
  }
  response.status(400).json({ error: outcome.error, error_description: outcome.description });
}

/** Salesforce's OAuth 2.0 endpoints on the login host: authorize (approved at once), token, revoke, userinfo. */
export function oauthRoutes(options: OAuthRouteOptions): Router {
  const { grants } = options;
  const router = Router();

  router.get('/services/oauth2/authorize', (request, response) => {
    const query = authorizeQuery.safeParse(request.query);
    const params = query.success ? query.data : authorizeQuery.parse({});
    const outcome = grants.authorize({
      clientId: params.client_id,
      redirectUri: params.redirect_uri,
      responseType: params.response_type,
      codeChallenge: params.code_challenge,
      codeChallengeMethod: params.code_challenge_method,
      scope: params.scope,
      userId: options.approvingUserId(),
    });
    if (!outcome.ok && !outcome.redirect) {
      const page = new URLSearchParams({ error: outcome.error, error_description: outcome.description });
      response.status(400).type('text').send(page.toString());
      return;
    }
    const target = new URL(params.redirect_uri);
    if (outcome.ok) target.searchParams.set('code', outcome.code);
    else {
      target.searchParams.set('error', outcome.error);
      target.searchParams.set('error_description', outcome.description);
    }
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    response.redirect(302, target.toString());
  });

  router.post('/services/oauth2/token', (request, response) => {
    const form = tokenForm.safeParse(request.body ?? {});
    if (!form.success) {
      answerToken(response, { ok: false, error: 'invalid_request', description: 'malformed token request' });
      return;
    }
    const { data } = form;
    const client = { clientId: data.client_id, clientSecret: data.client_secret, baseUrl: options.baseUrl() };
    if (data.grant_type === 'authorization_code') {
      answerToken(
        response,
        grants.exchangeCode({
          ...client,
          code: data.code,
          codeVerifier: data.code_verifier,
          redirectUri: data.redirect_uri,
        }),
      );
    } else if (data.grant_type === 'refresh_token') {
      answerToken(response, grants.refresh({ ...client, refreshToken: data.refresh_token }));
    } else {
      answerToken(response, {
        ok: false,
        error: 'unsupported_grant_type',
        description: 'grant type not supported',
      });
    }
  });

  const revoke = (token: unknown, response: Response) => {
    if (typeof token === 'string' && grants.revoke(token)) {
      response.status(200).end();
      return;
    }
    response
      .status(400)
      .json({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
  };
  router.post('/services/oauth2/revoke', (request, response) => revoke(request.body?.token, response));
  router.get('/services/oauth2/revoke', (request, response) => revoke(request.query.token, response));

  const signedInUser = (request: Request, response: Response): Row | undefined => {
    const token = bearerToken(request);
    const session = token === undefined ? undefined : grants.authenticate(token);
    const user = session === undefined ? undefined : options.user(session.userId);
    // Salesforce's identity endpoints answer a bad token with a bare 403, not the REST error list.
    if (!user) response.status(403).type('text').send('Bad_OAuth_Token');
    return user;
  };

  router.get('/services/oauth2/userinfo', (request, response) => {
    const user = signedInUser(request, response);
    if (!user) return;
    const identity = `${options.baseUrl()}/id/${options.orgId}/${String(user.Id)}`;
    response.json({
      sub: identity,
      user_id: user.Id,
      organization_id: options.orgId,
      preferred_username: user.Username,
      nickname: user.Alias,
      name: user.Name,
      email: user.Email,
      email_verified: true,
      given_name: user.FirstName,
      family_name: user.LastName,
      zoneinfo: 'GMT',
      active: user.IsActive,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      updated_at: formatDatetime(Number(user.LastModifiedDate)),
      urls: urls(options, String(user.Id)),
    });
  });

  router.get('/id/:orgId/:userId', (request, response) => {
    const user = signedInUser(request, response);
    if (!user) return;
    if (request.params.orgId !== options.orgId || request.params.userId !== user.Id) {
      response.status(403).type('text').send('Bad_Id');
      return;
    }
    response.json({
      id: `${options.baseUrl()}/id/${options.orgId}/${String(user.Id)}`,
      asserted_user: true,
      user_id: user.Id,
      organization_id: options.orgId,
      username: user.Username,
      nick_name: user.Alias,
      display_name: user.Name,
      email: user.Email,
      email_verified: true,
      first_name: user.FirstName,
      last_name: user.LastName,
      timezone: 'GMT',
      active: user.IsActive,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      last_modified_date: formatDatetime(Number(user.LastModifiedDate)),
      urls: urls(options, String(user.Id)),
    });
  });

  return router;
}

function urls(options: OAuthRouteOptions, userId: string) {
  const base = options.baseUrl();
  const version = options.apiVersion;
  const org15 = options.orgId.slice(0, 15);
  return {
    enterprise: `${base}/services/Soap/c/${version}/${org15}`,
    partner: `${base}/services/Soap/u/${version}/${org15}`,
    rest: `${base}/services/data/v${version}/`,
    sobjects: `${base}/services/data/v${version}/sobjects/`,
    query: `${base}/services/data/v${version}/query/`,
    limits: `${base}/services/data/v${version}/limits/`,
    profile: `${base}/${userId}`,
  };
}
