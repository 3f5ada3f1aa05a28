import { afterEach, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { APP, callApi, installApp, postForm, startStandIn } from './stand-in-harness.ts';

let standIn: HubSpotStandIn;
afterEach(() => standIn?.close());

const OWNERS = '/crm/v3/owners';
const BATCH_READ = '/crm/v3/objects/contacts/batch/read';
const emptyRead = { inputs: [], properties: [], propertiesWithHistory: [] };

describe('HubSpot stand-in rate limit', () => {
  it('answers 429 past the rolling limit with Retry-After, and counts what it received', async () => {
    const start = Date.UTC(2026, 10, 23, 9);
    let now = start;
    standIn = await startStandIn({
      clock: () => new Date(now),
      rateLimit: { requests: 5, windowMs: 10_000 },
    });
    const { accessToken } = await installApp(standIn);
    for (let call = 0; call < 5; call += 1) {
      const answer = await callApi(standIn, accessToken, 'GET', OWNERS);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toBe(String(4 - call));
      now += 500;
    }
    now = start + 3_000;
    const refused = await callApi(standIn, accessToken, 'GET', OWNERS);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      correlationId: expect.any(String),
    });

    now = start + 10_001;
    expect((await callApi(standIn, accessToken, 'POST', BATCH_READ, emptyRead)).status).toBe(200);
    expect(standIn.rateLimited()).toBe(1);
    expect(standIn.callsByEndpoint()).toEqual({
      'GET /oauth/authorize': 1,
      'POST /oauth/2026-03/token': 1,
      'GET /crm/v3/owners': 6,
      'POST /crm/v3/objects/contacts/batch/read': 1,
    });
    expect(standIn.maxCallsInAnyWindow()).toBe(6);
    expect(standIn.callsByWindow()).toEqual([
      { windowStart: start - (start % 10_000), calls: 6 },
      { windowStart: start - (start % 10_000) + 10_000, calls: 1 },
    ]);
    standIn.resetCounters();
    expect(standIn.callsByEndpoint()).toEqual({});
    expect(standIn.maxCallsInAnyWindow()).toBe(0);
  });

  it('holds HubSpot’s default of 110 calls per 10 s and never limits the OAuth endpoints', async () => {
    standIn = await startStandIn();
    const { accessToken, refreshToken } = await installApp(standIn);
    const statuses = [];
    for (let call = 0; call < 111; call += 1)
      statuses.push((await callApi(standIn, accessToken, 'GET', OWNERS)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(110);
    expect(statuses.at(-1)).toBe(429);
    const refreshed = await postForm(standIn, '/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(standIn.rateLimited()).toBe(1);
  });
});

describe('HubSpot stand-in fault injection', () => {
  it('serves injected faults to matching paths only, then recovers', async () => {
    standIn = await startStandIn();
    const { accessToken } = await installApp(standIn);
    standIn.injectFaults({ status: 503, count: 2, path: BATCH_READ });
    expect((await callApi(standIn, accessToken, 'GET', OWNERS)).status).toBe(200);
    const first = await callApi(standIn, accessToken, 'POST', BATCH_READ, emptyRead);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 'error', category: 'SERVICE_UNAVAILABLE' });
    expect((await callApi(standIn, accessToken, 'POST', BATCH_READ, emptyRead)).status).toBe(503);
    expect((await callApi(standIn, accessToken, 'POST', BATCH_READ, emptyRead)).status).toBe(200);
  });

  it.each([
    [500, 'application/json'],
    [502, 'text/html'],
    [429, 'application/json'],
  ] as const)('answers an injected %i like HubSpot’s edge would', async (status, contentType) => {
    standIn = await startStandIn();
    const { accessToken } = await installApp(standIn);
    standIn.injectFaults({ status, count: 1, retryAfterSeconds: 3 });
    const response = await fetch(`${standIn.baseUrl}${OWNERS}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain(contentType);
    if (status === 429) {
      expect(response.headers.get('retry-after')).toBe('3');
      expect(standIn.rateLimited()).toBe(1);
    }
    expect((await callApi(standIn, accessToken, 'GET', OWNERS)).status).toBe(200);
  });

  it('adds latency to every answer until it is set back to 0', async () => {
    standIn = await startStandIn();
    const { accessToken } = await installApp(standIn);
    standIn.injectLatency(150);
    const slowStart = performance.now();
    expect((await callApi(standIn, accessToken, 'GET', OWNERS)).status).toBe(200);
    expect(performance.now() - slowStart).toBeGreaterThanOrEqual(145);
    standIn.injectLatency(0);
    const fastStart = performance.now();
    await callApi(standIn, accessToken, 'GET', OWNERS);
    expect(performance.now() - fastStart).toBeLessThan(100);
  });

  it('lets the next requests hang past the caller’s timeout, and closes without waiting for them', async () => {
    standIn = await startStandIn();
    const { accessToken } = await installApp(standIn);
    const headers = { authorization: `Bearer ${accessToken}` };
    standIn.injectTimeouts(1, { hangMs: 10_000 });
    await expect(
      fetch(`${standIn.baseUrl}${OWNERS}`, { headers, signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow(/timeout|aborted/i);
    expect((await callApi(standIn, accessToken, 'GET', OWNERS)).status).toBe(200);

    standIn.injectTimeouts(1);
    const hanging = fetch(`${standIn.baseUrl}${OWNERS}`, { headers });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = performance.now();
    await standIn.close();
    expect(performance.now() - closing).toBeLessThan(1_000);
    await expect(hanging).rejects.toThrow();
  });
});
