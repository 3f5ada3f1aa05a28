import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import nock from 'nock';
import {
  createHubSpotHttp,
  type HubSpotHttp,
  type HubSpotHttpOptions,
} from '../../../../src/crm/hubspot/api/hubspot-http.ts';
import { createHubSpotSdk } from '../../../../src/crm/hubspot/api/hubspot-sdk.ts';
import {
  createMemoryRateLimitStore,
  createRateLimiter,
  type RateLimitStore,
} from '../../../../src/crm/hubspot/api/rate-limiter.ts';
import { createLogger } from '../../../../src/log.ts';
import { type HubSpotRequest, loadHubSpotContractIfPresent } from '../../../contracts/hubspot-contract.ts';

export const API = 'https://api.hubapi.com';
export const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const T0 = Date.parse('2026-03-02T10:00:00.000Z');

export const silentLogger = () =>
  createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/**
 * Virtual time shared by everything under test: `sleep` moves the clock forward instead of
 * waiting, never backwards, so concurrent sleepers see one monotonic clock.
 */
export function virtualTime(start = T0) {
  let nowMs = start;
  const sleeps: number[] = [];
  return {
    clock: () => new Date(nowMs),
    nowMs: () => nowMs,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      const wakeAt = nowMs + ms;
      await new Promise((resolve) => setImmediate(resolve));
      nowMs = Math.max(nowMs, wakeAt);
    },
  };
}

/** Tokens that count refreshes; a refresh hands out the next token in sequence. */
export function countingTokens() {
  let generation = 1;
  const tokens = {
    refreshes: 0,
    current: () => `access-token-${generation}`,
    getAccessToken: async () => `access-token-${generation}`,
    forceRefresh: async () => {
      tokens.refreshes += 1;
      generation += 1;
      return `access-token-${generation}`;
    },
  };
  return tokens;
}

/** A store that remembers when it admitted each request, to check the rolling limit afterwards. */
export function observedStore(inner: RateLimitStore = createMemoryRateLimitStore()) {
  const admittedAt: number[] = [];
  const store: RateLimitStore = {
    async take(key, rule, clock, permits) {
      let decidedAt = Number.NaN;
      const admission = await inner.take(
        key,
        rule,
        () => {
          const now = clock();
          decidedAt = now.getTime();
          return now;
        },
        permits,
      );
      if (admission.admitted) admittedAt.push(decidedAt);
      return admission;
    },
  };
  return { store, admittedAt };
}

/** The most requests seen in any rolling window starting at one of them. */
export function busiestWindow(times: readonly number[], windowMs = 10_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && (sorted[end] ?? 0) < (sorted[start] ?? 0) + windowMs) end += 1;
    busiest = Math.max(busiest, end - start);
  }
  return busiest;
}

/** Baton's transport over the real SDK, against `apiBaseUrl` (nock's API unless a local server). */
export function testHttp({
  apiBaseUrl = API,
  ...overrides
}: Partial<HubSpotHttpOptions> & { apiBaseUrl?: string } = {}) {
  const time = virtualTime();
  const tokens = countingTokens();
  const observed = observedStore();
  const limiter = createRateLimiter({ store: observed.store, clock: time.clock, sleep: time.sleep });
  const http: HubSpotHttp = createHubSpotHttp({
    sdk: createHubSpotSdk(apiBaseUrl),
    tokens,
    limiter,
    logger: silentLogger(),
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ...overrides,
  });
  return { http, time, tokens, admittedAt: observed.admittedAt };
}

export interface SeenCall extends HubSpotRequest {
  readonly body: unknown;
  readonly authorization: string;
}

/**
 * Records every request nock answers so the test can check each against HubSpot's specs. nock 15
 * hands reply functions the Fetch `Request`: `.reply(200, async (request) => { await seen.record(request); … })`.
 */
export function callRecorder() {
  const calls: SeenCall[] = [];
  return {
    calls,
    async record(request: Request): Promise<SeenCall> {
      const url = new URL(request.url);
      const headers = Object.fromEntries(request.headers.entries());
      const text = await request.text();
      const call = {
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        body: text === '' ? undefined : JSON.parse(text),
        authorization: headers.authorization ?? '',
      };
      calls.push(call);
      return call;
    },
    /** Without HubSpot's specs there is nothing to check against; the run's start says so. */
    async assertAllConform() {
      const contract = await loadHubSpotContractIfPresent();
      for (const call of calls) contract?.assertConforms(call);
    },
  };
}

export function isolateNetwork() {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function batchAnswer(results: unknown[], errors?: unknown[]) {
  const at = new Date(T0).toISOString();
  return {
    status: 'COMPLETE',
    results,
    startedAt: at,
    completedAt: at,
    ...(errors ? { errors, numErrors: errors.length } : {}),
  };
}

type LocalAnswer = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real server on 127.0.0.1 answering the n-th request with the n-th answer: connection resets
 * and slow answers need real sockets (nock answers neither through fetch's abort signal).
 */
export async function localHubSpot(answers: readonly LocalAnswer[]) {
  let served = 0;
  const server = createServer((request, response) => {
    const answer = answers[served] ?? ((_q, r) => r.writeHead(500).end());
    served += 1;
    request.resume();
    request.on('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const answerJson =
  (status: number, body: unknown): LocalAnswer =>
  (_request, response) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
export const resetConnection: LocalAnswer = (request) => request.socket.destroy();
export const answerAfter =
  (ms: number, then: LocalAnswer): LocalAnswer =>
  (request, response) => {
    const timer = setTimeout(() => then(request, response), ms);
    response.on('close', () => clearTimeout(timer));
  };
