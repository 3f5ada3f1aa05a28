import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../src/log.ts';
import { activateStarterDefinition } from '../src/simulate/demo/activate-starter-definition.ts';
import { installThroughOAuth } from '../src/simulate/demo/install-through-oauth.ts';
import { startBaton } from '../src/simulate/demo/start-baton.ts';
import { DEMO_APP } from '../src/simulate/demo/start-demo-stack.ts';
import { inboxCounts } from '../src/simulate/demo/wait-until-settled.ts';
import type { WorkerTuning } from '../src/worker/worker-loop.ts';
import {
  OTHER_PROPERTIES,
  type PortalMessage,
  type PortalRequest,
  type PortalRun,
} from './roundtrip-protocol.ts';
import type { BenchRow } from './table.ts';
import { onThrowAwayDatabase, percentile } from './throw-away-database.ts';

export interface RoundtripOptions {
  readonly databaseUrl?: string | undefined;
  /** Contact changes per second offered (default 1 000). */
  readonly ratePerSec?: number;
  /**
   * Properties each change sets (1 to 5, default 1); HubSpot sends one webhook event per changed
   * property, so events/s = changes/s × this.
   */
  readonly propertiesPerChange?: number;
  /** How long changes are offered and timed (default 20 s), after `warmupMs` (default 3 s) untimed. */
  readonly durationMs?: number;
  readonly warmupMs?: number;
  /** How long to wait for write-backs after the last change (default 60 s). */
  readonly drainMs?: number;
  /** Worker settings to profile; unset, the worker runs as `npm start` runs it. */
  readonly worker?: WorkerTuning;
  /** Progress and backlog samples, for profiling. */
  readonly trace?: (line: string) => void;
}

export interface RoundtripRun extends PortalRun {
  readonly engine: string;
  readonly offered: number;
  readonly offeredPerSec: number;
  readonly propertiesPerChange: number;
  /** Inbox items pending or processing, sampled every second of the run. */
  readonly backlog: readonly number[];
}

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** Talks to the HubSpot side of the benchmark on its thread. */
interface Portal {
  readonly baseUrl: string;
  readonly authorizeUrl: string;
  call<T>(request: DistributiveOmit<PortalRequest, 'id'>): Promise<T>;
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function startPortalThread(clientSecret: string): Promise<Portal> {
  const thread = new Worker(new URL('./roundtrip-portal.ts', import.meta.url), {
    workerData: { clientSecret },
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<{ baseUrl: string; authorizeUrl: string }>((resolve, reject) => {
    thread.once('error', reject);
    thread.on('message', (message: PortalMessage) => {
      if (message.kind === 'ready') resolve(message);
      else {
        const call = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error === undefined) call?.resolve(message.value);
        else call?.reject(new Error(`the HubSpot side failed: ${message.error}`));
      }
    });
  });
  const { baseUrl, authorizeUrl } = await ready;
  const call = <T>(request: DistributiveOmit<PortalRequest, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      nextId += 1;
      waiting.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
      thread.postMessage({ ...request, id: nextId });
    });
  return {
    baseUrl,
    authorizeUrl,
    call,
    async close() {
      await call({ method: 'close' }).catch(() => undefined);
      await thread.terminate();
    },
  };
}

/**
 * Webhook → write-back round trip: Baton on this thread exactly as `npm start` runs it, installed
 * through OAuth with the starter definition active, and a HubSpot stand-in on a thread of its own
 * (see `roundtrip-portal.ts`) offering contact changes at a fixed rate. Targets: p95 under 1 s at
 * 1 000 events/s, at most 2 API calls per 100 changed records.
 */
export async function measureRoundtrip(options: RoundtripOptions): Promise<RoundtripRun> {
  const rate = options.ratePerSec ?? 1_000;
  const propertiesPerChange = Math.min(
    1 + OTHER_PROPERTIES.length,
    Math.max(1, options.propertiesPerChange ?? 1),
  );
  const durationMs = options.durationMs ?? 20_000;
  const warmupMs = options.warmupMs ?? 3_000;
  const trace = options.trace ?? (() => {});
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-bench-roundtrip-'));
  const clientSecret = randomBytes(24).toString('base64url');
  const portal = await startPortalThread(clientSecret);
  try {
    const baton = await startBaton(
      {
        dataDir,
        databaseUrl: options.databaseUrl,
        logger: silent,
        ...(options.worker ? { worker: options.worker } : {}),
      },
      {
        hubspot: {
          apiBaseUrl: portal.baseUrl,
          authorizeUrl: portal.authorizeUrl,
          clientId: DEMO_APP.clientId,
          clientSecret,
          appId: DEMO_APP.appId,
        },
      },
    );
    try {
      const { database } = baton;
      const tenant = await installThroughOAuth(database.db, baton.batonUrl, {
        portalId: DEMO_APP.portalId,
        properties: () => portal.call({ method: 'contactPropertyNames' }),
      });
      const { definition } = await activateStarterDefinition(
        database.db,
        tenant.id,
        { marketing: 'marketing@bench.example', sales: 'sales@bench.example' },
        new Date(),
      );
      const warmup = Math.round((rate * warmupMs) / 1000);
      const offered = warmup + Math.round((rate * durationMs) / 1000);
      trace(`${database.engine}: ${offered} contacts in the portal; offering ${rate} changes/s`);
      const backlog: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await delay(1_000);
          const counts = await inboxCounts(database.db);
          backlog.push((counts.pending ?? 0) + (counts.processing ?? 0));
          trace(`  t=${backlog.length}s backlog ${backlog.at(-1)}`);
        }
      })();
      const run = await portal
        .call<PortalRun>({
          method: 'offer',
          load: {
            webhookTargetUrl: `${baton.batonUrl}/webhooks/hubspot`,
            offered,
            warmup,
            ratePerSec: rate,
            propertiesPerChange,
            drainMs: options.drainMs ?? 60_000,
            definition,
          },
        })
        .finally(() => {
          sampling = false;
        });
      await sampler;
      trace(
        `  calls ${JSON.stringify(run.callsByEndpoint)}; 429s ${run.rateLimited}; most in 10 s ${run.maxCallsIn10s}; webhook events ${run.webhookEvents}`,
      );
      return {
        ...run,
        engine: database.engine,
        offered,
        offeredPerSec: rate,
        propertiesPerChange,
        backlog,
      };
    } finally {
      await baton.close();
    }
  } finally {
    await portal.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function toRow(run: RoundtripRun): BenchRow {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const ms = (p: number) => `${Math.round(percentile(sorted, p))} ms`;
  const { unanswered } = run;
  return {
    suite: 'HubSpot round trip',
    case:
      run.propertiesPerChange === 1
        ? `${run.engine}, ${run.offeredPerSec.toLocaleString('en-US')} changes/s offered`
        : `${run.engine}, ${(run.offeredPerSec * run.propertiesPerChange).toLocaleString('en-US')} events/s (${run.offeredPerSec.toLocaleString('en-US')} changes/s × ${run.propertiesPerChange} properties)`,
    opsPerSec: run.writtenPerSec,
    note:
      `write-backs/s; change → write-back p50 ${ms(0.5)}, p95 ${ms(0.95)}, p99 ${ms(0.99)}` +
      `${unanswered > 0 ? `, ${unanswered} of ${run.offered} not written back in time` : ''}` +
      `${run.wrongValues > 0 ? `, ${run.wrongValues} written with a value the change did not imply` : ''}` +
      `; ${run.callsPer100Changes?.toFixed(2) ?? '—'} calls per 100 changed records`,
  };
}

/**
 * The cases `npm run bench` measures when no rate is given: 1 000 events/s as HubSpot sends them
 * for contacts changing several properties at once, and 1 000 single-property changes/s on one
 * portal, which HubSpot's per-portal call limit bounds.
 */
const DEFAULT_CASES: readonly Pick<RoundtripOptions, 'ratePerSec' | 'propertiesPerChange' | 'durationMs'>[] =
  [
    { ratePerSec: 200, propertiesPerChange: 5 },
    { ratePerSec: 1_000, propertiesPerChange: 1, durationMs: 10_000 },
  ];

/** `npm run bench` suite: on PGlite, and on a throw-away database on the server when a URL is given. */
export async function benchHubSpotRoundtrip(options: RoundtripOptions = {}): Promise<BenchRow[]> {
  const { databaseUrl, ...rest } = options;
  const cases = rest.ratePerSec === undefined ? DEFAULT_CASES.map((c) => ({ ...rest, ...c })) : [rest];
  const rows: BenchRow[] = [];
  for (const each of cases) {
    rows.push(toRow(await measureRoundtrip(each)));
    if (databaseUrl)
      rows.push(
        toRow(
          await onThrowAwayDatabase(databaseUrl, (url) => measureRoundtrip({ ...each, databaseUrl: url })),
        ),
      );
  }
  return rows;
}
