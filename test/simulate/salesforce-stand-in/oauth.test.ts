import { createHmac } from 'node:crypto';
import jsforce from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { APP, authorize, install, pkcePair, postForm, REDIRECT_URI, rest, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const exchange = (target: SalesforceStandIn, code: string, verifier: string | undefined) =>
  postForm(target, '/services/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    ...(verifier === undefined ? {} : { code_verifier: verifier }),
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
    redirect_uri: REDIRECT_URI,
  });

const refresh = (target: SalesforceStandIn, refreshToken: string) =>
  postForm(target, '/services/oauth2/token', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
  });

describe('Salesforce stand-in OAuth web-server flow', () => {
  it('installs through jsforce with PKCE: the org id is the tenant key and the instance URL is the stand-in', async () => {
    org = await startOrg();
    const oauth2 = new jsforce.OAuth2({
      ...APP,
      redirectUri: REDIRECT_URI,
      loginUrl: org.loginUrl,
      useVerifier: true,
    });
    const page = await fetch(oauth2.getAuthorizationUrl({ state: 'state-1', scope: 'api refresh_token' }), {
      redirect: 'manual',
    });
    expect(page.status).toBe(302);
    const redirect = new URL(page.headers.get('location') ?? '');
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('state-1');

    const conn = new jsforce.Connection({ oauth2, version: '66.0' });
    const userInfo = await conn.authorize(redirect.searchParams.get('code') ?? '');
    expect(userInfo.organizationId).toBe(org.orgId);
    expect(userInfo.id).toBe(org.adminUserId);
    expect(conn.instanceUrl).toBe(org.instanceUrl);
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    const identity = await conn.identity();
    expect(identity.organization_id).toBe(org.orgId);
    expect(org.isInstalled()).toBe(true);
  });

  it("answers Salesforce's token body, signed over id and issued_at with the consumer secret", async () => {
    org = await startOrg();
    const { body } = await install(org);
    expect(Object.keys(body).sort()).toEqual(
      [
        'access_token',
        'id',
        'instance_url',
        'issued_at',
        'refresh_token',
        'scope',
        'signature',
        'token_type',
      ].sort(),
    );
    expect(body.token_type).toBe('Bearer');
    expect(body.instance_url).toBe(org.instanceUrl);
    expect(body.id).toBe(`${org.loginUrl}/id/${org.orgId}/${org.adminUserId}`);
    expect(body.access_token?.startsWith(`${org.orgId.slice(0, 15)}!`)).toBe(true);
    expect(body.scope?.split(' ')).toEqual(expect.arrayContaining(['api', 'refresh_token']));
    expect(Math.abs(Number(body.issued_at) - Date.now())).toBeLessThan(60_000);
    const expected = createHmac('sha256', APP.clientSecret)
      .update(`${body.id}${body.issued_at}`)
      .digest('base64');
    expect(body.signature).toBe(expected);
  });

  it('refuses a wrong code verifier, and the code is spent by that attempt', async () => {
    org = await startOrg();
    const { verifier, challenge } = pkcePair();
    const code =
      (await authorize(org, { code_challenge: challenge, code_challenge_method: 'S256' })).get('code') ?? '';
    const wrong = await exchange(org, code, pkcePair().verifier);
    expect(wrong).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid code verifier' },
    });
    const retried = await exchange(org, code, verifier);
    expect(retried.status).toBe(400);
    expect(retried.body.error).toBe('invalid_grant');
    expect(org.isInstalled()).toBe(false);
  });

  it('refuses a missing verifier, a reused code, a wrong secret and a wrong redirect_uri', async () => {
    org = await startOrg();
    const first = pkcePair();
    const code = (await authorize(org, { code_challenge: first.challenge })).get('code') ?? '';
    expect((await exchange(org, code, undefined)).body.error).toBe('invalid_grant');

    const second = pkcePair();
    const next = (await authorize(org, { code_challenge: second.challenge })).get('code') ?? '';
    expect((await exchange(org, next, second.verifier)).status).toBe(200);
    expect((await exchange(org, next, second.verifier)).body.error_description).toBe(
      'invalid authorization code',
    );

    const third = pkcePair();
    const other = (await authorize(org, { code_challenge: third.challenge })).get('code') ?? '';
    const badSecret = await postForm(org, '/services/oauth2/token', {
      grant_type: 'authorization_code',
      code: other,
      code_verifier: third.verifier,
      client_id: APP.clientId,
      client_secret: 'not-the-secret',
      redirect_uri: REDIRECT_URI,
    });
    expect(badSecret.body).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });

    const fourth = pkcePair();
    const last = (await authorize(org, { code_challenge: fourth.challenge })).get('code') ?? '';
    const elsewhere = await postForm(org, '/services/oauth2/token', {
      grant_type: 'authorization_code',
      code: last,
      code_verifier: fourth.verifier,
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      redirect_uri: 'http://127.0.0.1:3999/elsewhere',
    });
    expect(elsewhere.body.error).toBe('redirect_uri_mismatch');
  });

  it('sends authorize errors back to the redirect URI, and shows its own page for an unknown client', async () => {
    org = await startOrg({ callbackUrls: [REDIRECT_URI] });
    const noChallenge = await authorize(org, { state: 's' });
    expect(noChallenge.get('error')).toBe('invalid_request');
    expect(noChallenge.get('error_description')).toBe('missing required code challenge');
    expect(noChallenge.get('state')).toBe('s');
    expect(
      (await authorize(org, { code_challenge: pkcePair().challenge, code_challenge_method: 'plain' })).get(
        'error',
      ),
    ).toBe('invalid_request');
    expect(
      (await authorize(org, { code_challenge: pkcePair().challenge, scope: 'api full' })).get('error'),
    ).toBe('invalid_scope');

    const unknownClient = new URL('/services/oauth2/authorize', org.loginUrl);
    unknownClient.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'nobody',
      redirect_uri: REDIRECT_URI,
    }).toString();
    const page = await fetch(unknownClient, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('error=invalid_client_id');

    const unregistered = new URL('/services/oauth2/authorize', org.loginUrl);
    unregistered.search = new URLSearchParams({
      response_type: 'code',
      client_id: APP.clientId,
      redirect_uri: 'http://127.0.0.1:3999/not-registered',
    }).toString();
    expect((await fetch(unregistered, { redirect: 'manual' })).status).toBe(400);
  });

  it('refreshes without rotation: the same refresh token keeps working and none is returned', async () => {
    org = await startOrg();
    const { refreshToken, accessToken } = await install(org);
    const first = await refresh(org, refreshToken);
    const second = await refresh(org, refreshToken);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.refresh_token).toBeUndefined();
    expect(first.body.access_token).not.toBe(accessToken);
    expect(first.body.id).toBe(`${org.loginUrl}/id/${org.orgId}/${org.adminUserId}`);
    expect((await rest(org, first.body.access_token ?? '', 'GET', 'limits')).status).toBe(200);
    // An older access token stays valid until it expires.
    expect((await rest(org, accessToken, 'GET', 'limits')).status).toBe(200);
  });

  it('rotates refresh tokens when the app is set to: the used one answers invalid_grant', async () => {
    org = await startOrg({ rotateRefreshTokens: true });
    const { refreshToken } = await install(org);
    const rotated = await refresh(org, refreshToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).toMatch(/^5Aep861/);
    expect(rotated.body.refresh_token).not.toBe(refreshToken);
    expect(await refresh(org, refreshToken)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });
    expect((await refresh(org, rotated.body.refresh_token ?? '')).status).toBe(200);
  });

  it('lets jsforce refresh on INVALID_SESSION_ID and replay, emitting the rotated refresh token', async () => {
    org = await startOrg({ rotateRefreshTokens: true });
    const { accessToken, refreshToken } = await install(org);
    const oauth2 = new jsforce.OAuth2({ ...APP, redirectUri: REDIRECT_URI, loginUrl: org.loginUrl });
    const conn = new jsforce.Connection({
      oauth2,
      instanceUrl: org.instanceUrl,
      accessToken,
      refreshToken,
      version: '66.0',
    });
    const refreshed: string[] = [];
    conn.on('refresh', (_token: string, response: { refresh_token?: string }) => {
      if (response.refresh_token) refreshed.push(response.refresh_token);
    });
    org.createLead({ LastName: 'Hopper', Company: 'Navy' });
    org.expireAccessTokens();
    const answer = await conn.query<{ LastName: string }>('SELECT LastName FROM Lead');
    expect(answer.records.map((record) => record.LastName)).toEqual(['Hopper']);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(refreshToken);
    expect(org.callsByEndpoint()['GET /query']).toBe(2);
  });

  it('answers an expired or unknown token with 401 INVALID_SESSION_ID', async () => {
    org = await startOrg();
    const { accessToken } = await install(org);
    org.expireAccessTokens();
    const expired = await rest(org, accessToken, 'GET', 'limits');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    expect((await rest(org, 'nonsense', 'GET', 'sobjects')).status).toBe(401);
    expect(org.apiUsage().used).toBe(0);
  });

  it('revokes a refresh token with the access tokens it issued; revoking the app kills every token', async () => {
    org = await startOrg();
    const installed = await install(org);
    const revoked = await postForm(org, '/services/oauth2/revoke', { token: installed.refreshToken });
    expect(revoked.status).toBe(200);
    expect((await rest(org, installed.accessToken, 'GET', 'limits')).status).toBe(401);
    expect((await refresh(org, installed.refreshToken)).body.error).toBe('invalid_grant');
    expect((await postForm(org, '/services/oauth2/revoke', { token: 'unknown' })).status).toBe(400);

    const again = await install(org);
    expect(org.isInstalled()).toBe(true);
    org.revoke();
    expect(org.isInstalled()).toBe(false);
    expect((await rest(org, again.accessToken, 'GET', 'limits')).status).toBe(401);
    expect((await refresh(org, again.refreshToken)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
  });

  it('answers userinfo for the token’s user, and a bare 403 for a bad token', async () => {
    org = await startOrg({ admin: { firstName: 'Grace', lastName: 'Admin', email: 'grace@acme.example' } });
    const { accessToken } = await install(org);
    const info = await rest<Record<string, unknown>>(org, accessToken, 'GET', '/services/oauth2/userinfo');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      user_id: org.adminUserId,
      organization_id: org.orgId,
      preferred_username: 'grace@acme.example.stand-in',
      name: 'Grace Admin',
      email: 'grace@acme.example',
      sub: `${org.loginUrl}/id/${org.orgId}/${org.adminUserId}`,
    });
    const bad = await fetch(new URL('/services/oauth2/userinfo', org.loginUrl), {
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toBe('Bad_OAuth_Token');
  });
});
