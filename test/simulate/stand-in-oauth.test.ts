import { afterEach, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { loadHubSpotContractIfPresent } from '../contracts/hubspot-contract.ts';
import {
  APP,
  BATON_SCOPES,
  callApi,
  installApp,
  postForm,
  REDIRECT_URI,
  readJson,
  startStandIn,
  type TokenAnswer,
} from './stand-in-harness.ts';

let standIn: HubSpotStandIn;
afterEach(() => standIn?.close());

const refreshForm = (refreshToken: string) => ({
  grant_type: 'refresh_token',
  client_id: APP.clientId,
  client_secret: APP.clientSecret,
  refresh_token: refreshToken,
});

describe('HubSpot stand-in OAuth', () => {
  it('auto-approves the install, exchanges the code, refreshes, and refuses everything after an uninstall', async () => {
    standIn = await startStandIn();
    const authorize = `${standIn.authorizeUrl}?${new URLSearchParams({
      client_id: APP.clientId,
      redirect_uri: REDIRECT_URI,
      scope: BATON_SCOPES.join(' '),
      state: 'opaque state',
    })}`;
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('opaque state');
    const code = location.searchParams.get('code') ?? '';

    const exchange = {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      redirect_uri: REDIRECT_URI,
      code,
    };
    const contract = await loadHubSpotContractIfPresent();
    contract?.assertConforms({
      method: 'POST',
      path: '/oauth/2026-03/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: exchange,
    });
    const granted = await postForm(standIn, '/oauth/2026-03/token', exchange);
    expect(granted.status).toBe(200);
    const tokens = await readJson<TokenAnswer>(granted);
    expect(tokens).toMatchObject({
      expires_in: 1800,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: APP.portalId,
      scopes: BATON_SCOPES,
    });
    expect(standIn.isInstalled()).toBe(true);

    const reused = await postForm(standIn, '/oauth/2026-03/token', exchange);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant', category: 'BAD_AUTH_CODE' });

    const refreshed = await postForm(standIn, '/oauth/2026-03/token', refreshForm(tokens.refresh_token));
    expect(refreshed.status).toBe(200);
    const renewed = await readJson<TokenAnswer>(refreshed);
    expect(renewed.access_token).not.toBe(tokens.access_token);
    expect(renewed.refresh_token).toBe(tokens.refresh_token);
    expect((await callApi(standIn, renewed.access_token, 'GET', '/crm/v3/owners')).status).toBe(200);

    const uninstall = await callApi(
      standIn,
      renewed.access_token,
      'DELETE',
      '/appinstalls/2026-03/external-install',
    );
    expect(uninstall.status).toBe(204);
    expect(standIn.isInstalled()).toBe(false);

    const afterUninstall = await postForm(standIn, '/oauth/2026-03/token', refreshForm(tokens.refresh_token));
    expect(afterUninstall.status).toBe(400);
    const refusal = await afterUninstall.json();
    expect(refusal).toMatchObject({
      status: 'BAD_REFRESH_TOKEN',
      error: 'invalid_grant',
      category: 'BAD_REFRESH_TOKEN',
      message: expect.any(String),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const revokedCall = await callApi(standIn, renewed.access_token, 'GET', '/crm/v3/owners');
    expect(revokedCall.status).toBe(401);
    expect(revokedCall.body.category).toBe('INVALID_AUTHENTICATION');
  });

  it.each([
    ['an unknown code', { code: 'never-issued' }, 'BAD_AUTH_CODE', 'invalid_grant'],
    [
      'a redirect URI other than the one authorized',
      { redirect_uri: 'http://127.0.0.1:1/elsewhere' },
      'BAD_AUTH_CODE',
      'invalid_grant',
    ],
    ['a wrong client secret', { client_secret: 'guessed' }, 'BAD_CLIENT_SECRET', 'invalid_client'],
  ])('refuses a code exchange with %s', async (_case, change, category, error) => {
    standIn = await startStandIn();
    const redirect = await fetch(
      `${standIn.authorizeUrl}?${new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT_URI, scope: 'oauth' })}`,
      { redirect: 'manual' },
    );
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const answer = await postForm(standIn, '/oauth/2026-03/token', {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      redirect_uri: REDIRECT_URI,
      code,
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ category, error });
  });

  it('answers an expired access token with EXPIRED_AUTHENTICATION until it is refreshed', async () => {
    standIn = await startStandIn();
    const { accessToken, refreshToken } = await installApp(standIn);
    standIn.expireAccessTokens();
    const expired = await callApi(standIn, accessToken, 'GET', '/crm/v3/owners');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    const fresh = await readJson<TokenAnswer>(
      await postForm(standIn, '/oauth/2026-03/token', refreshForm(refreshToken)),
    );
    expect((await callApi(standIn, fresh.access_token, 'GET', '/crm/v3/owners')).status).toBe(200);
  });

  it('expires access tokens 1800 s after issue on its clock', async () => {
    let now = Date.UTC(2026, 10, 23, 9);
    standIn = await startStandIn({ clock: () => new Date(now) });
    const { accessToken } = await installApp(standIn);
    now += 1_799_000;
    expect((await callApi(standIn, accessToken, 'GET', '/crm/v3/owners')).status).toBe(200);
    now += 2_000;
    const late = await callApi(standIn, accessToken, 'GET', '/crm/v3/owners');
    expect(late.body.category).toBe('EXPIRED_AUTHENTICATION');
    expect(late.body.message).toContain('expired 1 second(s) ago');
  });

  it('introspects access and refresh tokens, and reports revoked ones inactive', async () => {
    standIn = await startStandIn();
    const { accessToken, refreshToken } = await installApp(standIn);
    const introspect = async (token: string) =>
      (
        await postForm(standIn, '/oauth/2026-03/token/introspect', {
          token,
          client_id: APP.clientId,
          client_secret: APP.clientSecret,
        })
      ).json();
    expect(await introspect(accessToken)).toMatchObject({
      active: true,
      hub_id: APP.portalId,
      app_id: APP.appId,
      token_use: 'access_token',
      scopes: BATON_SCOPES,
    });
    expect(await introspect(refreshToken)).toMatchObject({ active: true, token_use: 'refresh_token' });
    standIn.uninstall();
    expect(await introspect(refreshToken)).toEqual({ active: false });
  });

  it('grants Lead-object scopes only when the portal has the Lead object', async () => {
    standIn = await startStandIn();
    const optional = ['crm.objects.leads.read', 'crm.objects.leads.write'];
    const without = await installApp(standIn, { optional });
    expect(without.body.scopes).toEqual(BATON_SCOPES);
    const leadGroup = await callApi(standIn, without.accessToken, 'POST', '/crm/v3/properties/leads/groups', {
      name: 'baton',
      label: 'Baton',
    });
    expect(leadGroup.status).toBe(403);
    expect(leadGroup.body).toMatchObject({ status: 'error', category: 'MISSING_SCOPES' });
    await standIn.close();

    standIn = await startStandIn({ hasLeadObject: true });
    const withLeads = await installApp(standIn, { optional });
    expect(withLeads.body.scopes).toEqual([...BATON_SCOPES, ...optional]);
    const created = await callApi(standIn, withLeads.accessToken, 'POST', '/crm/v3/properties/leads/groups', {
      name: 'baton',
      label: 'Baton',
    });
    expect(created.status).toBe(201);
  });
});
