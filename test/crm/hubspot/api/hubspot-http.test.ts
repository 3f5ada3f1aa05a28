import { Client } from '@hubspot/api-client';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotHttp, retryAfterMs } from '../../../../src/crm/hubspot/api/hubspot-http.ts';
import { HubSpotRejectionError } from '../../../../src/crm/hubspot/api/hubspot-rejection.ts';
import {
  AuthRevokedError,
  RateLimitedError,
  TokenExpiredError,
  UpstreamUnavailableError,
} from '../../../../src/errors.ts';
import {
  API,
  answerAfter,
  answerJson,
  batchAnswer,
  busiestWindow,
  callRecorder,
  isolateNetwork,
  localHubSpot,
  resetConnection,
  TENANT,
  testHttp,
} from './hubspot-test-kit.ts';

const READ = '/crm/v3/objects/contacts/batch/read';
/** One batch read through the SDK, the way Baton's records module calls it. */
const readContact = (http: HubSpotHttp) =>
  http.call(TENANT, `POST ${READ}`, (sdk, options) =>
    sdk.contacts.batchApi.read(
      { inputs: [{ id: '501' }], properties: ['lifecyclestage'], propertiesWithHistory: [] },
      false,
      options,
    ),
  );
const contact = {
  id: '501',
  properties: { lifecyclestage: 'lead' },
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  archived: false,
};
const rateLimitBody = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: '9a1c6d1e-58a4-4c5b-9f0a-2f5c4b0b1e11',
  policyName: 'TEN_SECONDLY_ROLLING',
};

beforeAll(isolateNetwork);
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('HubSpot transport', () => {
  it('sends the bearer token and a conforming body, and answers the parsed JSON', async () => {
    const { http, admittedAt } = testHttp();
    const seen = callRecorder();
    nock(API)
      .post(READ)
      .query({ archived: 'false' })
      .reply(200, async (request: Request) => {
        await seen.record(request);
        return batchAnswer([contact]);
      });

    const answer = await readContact(http);

    expect(answer.results.map((r) => [r.id, r.properties, r.updatedAt.toISOString()])).toEqual([
      ['501', { lifecyclestage: 'lead' }, '2026-03-01T09:00:00.000Z'],
    ]);
    expect(seen.calls[0]?.authorization).toBe('Bearer access-token-1');
    expect(admittedAt).toHaveLength(1);
    await seen.assertAllConform();
  });

  it('on 401 refreshes the token once and retries with the new one', async () => {
    const { http, tokens } = testHttp();
    const seen = callRecorder();
    nock(API)
      .post(READ)
      .query(true)
      .reply(401, async (request: Request) => {
        await seen.record(request);
        return {
          status: 'error',
          message: 'The OAuth token used to make this call expired 2 minute(s) ago.',
          category: 'EXPIRED_AUTHENTICATION',
        };
      })
      .post(READ)
      .query(true)
      .reply(200, async (request: Request) => {
        await seen.record(request);
        return batchAnswer([contact]);
      });

    await readContact(http);

    expect(tokens.refreshes).toBe(1);
    expect(seen.calls.map((c) => c.authorization)).toEqual([
      'Bearer access-token-1',
      'Bearer access-token-2',
    ]);
  });

  it.each([
    ['EXPIRED_AUTHENTICATION', TokenExpiredError],
    ['INVALID_AUTHENTICATION', AuthRevokedError],
  ])('a second 401 (%s) after refreshing is %s, with no token in the message', async (category, kind) => {
    const { http, tokens } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .times(2)
      .reply(401, { status: 'error', message: 'Authentication credentials not found.', category });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(kind);
    expect(tokens.refreshes).toBe(1);
    expect(String((failure as Error).message)).not.toMatch(/access-token/);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const { http, time } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .reply(429, rateLimitBody, { 'Retry-After': '2' })
      .post(READ)
      .query(true)
      .reply(200, batchAnswer([contact]));

    await readContact(http);

    expect(time.sleeps).toEqual([2_000]);
  });

  it("without Retry-After waits out HubSpot's named window", async () => {
    const { http, time } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .reply(429, rateLimitBody)
      .post(READ)
      .query(true)
      .reply(200, batchAnswer([contact]));

    await readContact(http);

    expect(time.sleeps).toEqual([10_000]);
  });

  it('after 3 waited 429s hands the wait to the worker as RateLimitedError', async () => {
    const { http, time } = testHttp();
    nock(API).post(READ).query(true).times(4).reply(429, rateLimitBody, { 'Retry-After': '1' });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(1_000);
    expect(time.sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('a daily-limit 429 is handed to the worker at once', async () => {
    const { http, time } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .reply(429, { ...rateLimitBody, policyName: 'DAILY' });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(time.sleeps).toEqual([]);
  });

  it('retries 5xx with jittered exponential backoff, then succeeds', async () => {
    const { http, time } = testHttp({ random: () => 0.5 });
    nock(API)
      .post(READ)
      .query(true)
      .reply(502, 'Bad Gateway')
      .post(READ)
      .query(true)
      .reply(503, { status: 'error', message: 'Service unavailable', category: 'SERVICE_UNAVAILABLE' })
      .post(READ)
      .query(true)
      .reply(200, batchAnswer([contact]));

    await readContact(http);

    // Full jitter: random (0.5) × 500 ms × 2^(attempt−1).
    expect(time.sleeps).toEqual([250, 500]);
  });

  it('gives up after 4 attempts at a failing HubSpot with UpstreamUnavailableError', async () => {
    const { http } = testHttp();
    nock(API).post(READ).query(true).times(4).reply(500, { status: 'error', message: 'internal error' });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as Error).message).toContain('500');
  });

  it("sends one request per attempt and permit: the SDK's own retries and limiter stay off", async () => {
    const { http, admittedAt } = testHttp();
    // The SDK keeps decorators in one process-wide registry; a client built later with its
    // retries and Bottleneck limiter on must not reach the APIs Baton already holds.
    new Client({ numberOfApiCallRetries: 3, limiterOptions: { maxConcurrent: 1, minTime: 1 } });
    let served = 0;
    nock(API)
      .persist()
      .post(READ)
      .query(true)
      .reply(() => {
        served += 1;
        return [served <= 5 ? 500 : 429, { status: 'error', message: 'internal error' }];
      });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect(served).toBe(4);
    expect(admittedAt).toHaveLength(4);
  });

  it('retries a success whose body is not JSON, then gives up saying so', async () => {
    const { http, time } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .times(4)
      .reply(200, '<html>maintenance</html>', { 'content-type': 'application/json' });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as Error).message).toMatch(/answered POST .* with a body Baton could not read/);
    expect(time.sleeps).toEqual([250, 500, 1_000]);
  });

  it('retries a timed-out call, then succeeds', async () => {
    const hubspot = await localHubSpot([
      answerAfter(2_000, answerJson(200, batchAnswer([contact]))),
      answerJson(200, batchAnswer([contact])),
    ]);
    try {
      const { http, time } = testHttp({ apiBaseUrl: hubspot.url, timeoutMs: 100 });
      const answer = await readContact(http);
      expect(answer.results).toHaveLength(1);
      expect(hubspot.served()).toBe(2);
      expect(time.sleeps).toEqual([250]);
    } finally {
      await hubspot.close();
    }
  });

  it('retries a reset connection, then succeeds', async () => {
    const hubspot = await localHubSpot([resetConnection, answerJson(200, batchAnswer([contact]))]);
    try {
      const { http } = testHttp({ apiBaseUrl: hubspot.url });
      expect((await readContact(http)).results).toHaveLength(1);
      expect(hubspot.served()).toBe(2);
    } finally {
      await hubspot.close();
    }
  });

  it('gives up on a HubSpot that never answers in time', async () => {
    const slow = answerAfter(2_000, answerJson(200, batchAnswer([contact])));
    const hubspot = await localHubSpot([slow, slow, slow, slow]);
    try {
      const { http } = testHttp({ apiBaseUrl: hubspot.url, timeoutMs: 200 });
      const failure = await readContact(http).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(UpstreamUnavailableError);
      expect((failure as Error).message).toMatch(/did not answer .* within 200 ms/);
      expect(hubspot.served()).toBe(4);
    } finally {
      await hubspot.close();
    }
  });

  it("maps other 4xx to an input error carrying HubSpot's category and message", async () => {
    const { http } = testHttp();
    nock(API)
      .post(READ)
      .query(true)
      .reply(403, {
        status: 'error',
        message: "This app hasn't been granted all required scopes to make this call.",
        correlationId: '3b0c8a52-7a8e-4a5b-9a8f-0a1f6b5f7e21',
        category: 'MISSING_SCOPES',
        context: { requiredGranularScopes: ['crm.objects.contacts.read'] },
      });

    const failure = await readContact(http).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(HubSpotRejectionError);
    expect(failure).toMatchObject({ upstreamStatus: 403, category: 'MISSING_SCOPES', retry: 'never' });
    expect((failure as Error).message).not.toMatch(/access-token/);
  });

  it('a storm of 429s: every call ends, none unhandled, the limit is never exceeded', async () => {
    const { http, admittedAt } = testHttp();
    const answeredAt: number[] = [];
    let served = 0;
    nock(API)
      .persist()
      .post(READ)
      .query(true)
      .reply(() => {
        served += 1;
        // Two in three attempts are refused, one in five without Retry-After.
        if (served % 3 !== 0) {
          return served % 5 === 0 ? [429, rateLimitBody] : [429, rateLimitBody, { 'Retry-After': '1' }];
        }
        return [200, batchAnswer([contact])];
      });

    const outcomes = await Promise.allSettled(Array.from({ length: 120 }, () => readContact(http)));
    answeredAt.push(...admittedAt);

    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(failures.every((f) => f instanceof RateLimitedError)).toBe(true);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThan(60);
    expect(served).toBe(admittedAt.length);
    expect(busiestWindow(answeredAt)).toBeLessThanOrEqual(100);
    expect(busiestWindow(answeredAt)).toBeGreaterThan(50);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  it.each([
    ['3', null, 3_000],
    ['Mon, 02 Mar 2026 10:00:05 GMT', null, 5_000],
    [null, 'SECONDLY', 1_000],
    [null, 'TEN_SECONDLY_ROLLING', 10_000],
    [null, null, 10_000],
    ['soon', null, 10_000],
  ])('%s with policy %s waits %i ms', (header, policy, expected) => {
    expect(retryAfterMs(header, policy, now)).toBe(expected);
  });
});
