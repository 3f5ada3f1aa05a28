import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger } from '../src/log.ts';
import { activateStarterDefinition } from '../src/simulate/demo/activate-starter-definition.ts';
import { installSalesforceThroughOAuth } from '../src/simulate/demo/salesforce/install-salesforce.ts';
import { settle } from '../src/simulate/demo/salesforce/run-salesforce-demo.ts';
import {
  type SalesforceStack,
  startSalesforceStack,
} from '../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import { inboxCounts } from '../src/simulate/demo/wait-until-settled.ts';
import type { WorkerTuning } from '../src/worker/worker-loop.ts';
import { type PhaseRun, runPhase } from './salesforce-roundtrip-phase.ts';
import { COLD, HOT } from './salesforce-roundtrip-tracker.ts';
import type { BenchRow } from './table.ts';
import { onThrowAwayDatabase, percentile } from './throw-away-database.ts';

export interface SalesforceRoundtripOptions {
  readonly databaseUrl?: string | undefined;
  /** Lead changes per second offered (default 200). */
  readonly ratePerSec?: number;
  /** How long changes are offered and timed (default 20 s), after `warmupMs` (default 3 s) untimed. */
  readonly durationMs?: number;
  readonly warmupMs?: number;
  /** Leads changed at once after the steady phase (default 2 000; 0 skips it). */
  readonly burst?: number;
  /** How long to wait for write-backs after the last change of a phase (default 60 s). */
  readonly drainMs?: number;
  /** Worker settings to profile; unset, the worker runs as `npm start` runs it. */
  readonly worker?: WorkerTuning;
  /** Progress and backlog samples, for profiling. */
  readonly trace?: (line: string) => void;
}

export interface SalesforceRoundtripRun {
  readonly engine: string;
  readonly worker: WorkerTuning;
  readonly offeredPerSec: number;
  /** Leads created and written back before any change is timed. */
  readonly pool: number;
  readonly poolSettledMs: number;
  readonly steady: PhaseRun;
  readonly burst: PhaseRun | null;
  /** Inbox items pending or processing, sampled every second of the steady phase. */
  readonly backlog: readonly number[];
}

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const POOL_SETTLE_MS = 600_000;

/**
 * Leads that fit the starter definition (email, 200 employees) but are rated Cold, so the card's
 * live verdict is not qualified until a change rates them Hot.
 */
function createPool(stack: SalesforceStack, size: number): string[] {
  return Array.from({ length: size }, (_, i) =>
    String(
      stack.standIn.createLead({
        FirstName: 'Lead',
        LastName: `Number ${i}`,
        Company: `Company ${i % 97}`,
        Email: `lead${i}@company${i % 97}.example`,
        Title: 'Analyst',
        NumberOfEmployees: 200,
        LeadSource: 'Web',
        Rating: COLD,
      }).Id,
    ),
  );
}

/**
 * Outbound Message → collections write-back round trip: the org stand-in with Baton's package and
 * Baton as `npm start` runs it (routes, worker) in this process, installed through OAuth with the
 * starter definition active. A pool of Leads is created and left to settle (each read and written
 * once), so the timed phase is steady state: each Lead is rated Hot once, at a fixed rate, and
 * timed from the org's change to Baton's collections write on that Lead. Then a burst rates
 * `burst` of them Cold at once. Targets: p95 under 2 s at 200 changes/s; at most one `GET /query`
 * and one `PATCH /composite/sobjects` per 200 changed Leads.
 */
export async function measureSalesforceRoundtrip(
  options: SalesforceRoundtripOptions = {},
): Promise<SalesforceRoundtripRun> {
  const rate = options.ratePerSec ?? 200;
  const durationMs = options.durationMs ?? 20_000;
  const warmupMs = options.warmupMs ?? 3_000;
  const drainMs = options.drainMs ?? 60_000;
  const trace = options.trace ?? (() => {});
  const worker = options.worker ?? {};
  if (!(rate > 0) || !(durationMs > 0) || !(warmupMs >= 0) || !(drainMs > 0))
    throw new Error(
      `the rate, duration and drain time must be positive and the warm-up 0 or more (rate ${rate}/s, ${durationMs} ms, warm-up ${warmupMs} ms, drain ${drainMs} ms)`,
    );
  const warmup = Math.round((rate * warmupMs) / 1000);
  const offered = warmup + Math.round((rate * durationMs) / 1000);
  const burstSize = Math.min(offered, Math.floor(options.burst ?? 2_000));
  if (!(burstSize >= 0)) throw new Error(`the burst is 0 or more changes, not ${options.burst}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-bench-sf-roundtrip-'));
  try {
    const stack = await startSalesforceStack({
      dataDir,
      databaseUrl: options.databaseUrl,
      logger: silent,
      worker,
    });
    try {
      const { db, engine } = stack.database;
      const tenant = await installSalesforceThroughOAuth(db, stack.batonUrl, stack.standIn.orgId);
      await activateStarterDefinition(
        db,
        tenant.id,
        { marketing: 'marketing@bench.example', sales: 'sales@bench.example' },
        new Date(),
      );
      const poolStarted = performance.now();
      const leadIds = createPool(stack, offered);
      await settle(stack, db, POOL_SETTLE_MS);
      const poolSettledMs = performance.now() - poolStarted;
      trace(`${engine}: ${offered} Leads created and settled in ${(poolSettledMs / 1000).toFixed(1)} s`);

      const backlog: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await delay(1_000);
          const counts = await inboxCounts(db);
          backlog.push((counts.pending ?? 0) + (counts.processing ?? 0));
          trace(`  t=${backlog.length}s backlog ${backlog.at(-1)}`);
        }
      })();
      const steady = await runPhase(stack, {
        leadIds,
        rating: HOT,
        ratePerSec: rate,
        untimed: warmup,
        drainMs,
      }).finally(() => {
        sampling = false;
      });
      await sampler;
      trace(`  steady: calls ${JSON.stringify(steady.callsByEndpoint)}; ${steady.unanswered} unanswered`);
      const burst =
        burstSize === 0
          ? null
          : await runPhase(stack, {
              leadIds: leadIds.slice(0, burstSize),
              rating: COLD,
              untimed: 0,
              drainMs,
            });
      if (burst)
        trace(`  burst: calls ${JSON.stringify(burst.callsByEndpoint)}; ${burst.unanswered} unanswered`);
      return { engine, worker, offeredPerSec: rate, pool: offered, poolSettledMs, steady, burst, backlog };
    } finally {
      await stack.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Calls of `endpoint` per 200 changed Leads, Salesforce's collection size. */
export function callsPer200(phase: PhaseRun, endpoint: string): number {
  return ((phase.callsByEndpoint[endpoint] ?? 0) * 200) / Math.max(1, phase.changes);
}

function describePhase(phase: PhaseRun): string {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const ms = (p: number) => `${Math.round(percentile(sorted, p))} ms`;
  const others = Object.entries(phase.callsByEndpoint)
    .filter(([endpoint]) => endpoint !== 'GET /query' && endpoint !== 'PATCH /composite/sobjects')
    .map(([endpoint, calls]) => `${endpoint} ×${calls}`);
  const problems = [
    phase.unanswered > 0 ? `${phase.unanswered} of ${phase.changes} not written back in time` : '',
    phase.wrongValues > 0 ? `${phase.wrongValues} written with a card the Rating did not imply` : '',
    phase.overtaken > 0 ? `${phase.overtaken} changed again before written back` : '',
    phase.deadLetters > 0 ? `${phase.deadLetters} dead-lettered` : '',
    phase.failedCalls > 0 ? `${phase.failedCalls} calls failed` : '',
    phase.outbound.failedAttempts > 0
      ? `${phase.outbound.failedAttempts} Outbound Message attempts failed`
      : '',
    phase.outbound.abandoned > 0 ? `${phase.outbound.abandoned} Outbound Messages abandoned` : '',
    phase.unsettled ?? '',
  ].filter((p) => p !== '');
  return [
    `change → write-back p50 ${ms(0.5)}, p95 ${ms(0.95)}, p99 ${ms(0.99)}`,
    `GET /query ${callsPer200(phase, 'GET /query').toFixed(2)} and PATCH /composite/sobjects ${callsPer200(phase, 'PATCH /composite/sobjects').toFixed(2)} per 200 changed`,
    `${phase.outbound.messages} Outbound Messages, ${phase.outbound.notifications} notifications`,
    ...(others.length > 0 ? [`also ${others.join(', ')}`] : []),
    ...problems,
  ].join('; ');
}

function tuningLabel(worker: WorkerTuning): string {
  const set = Object.entries(worker).map(([knob, value]) => `${knob} ${value}`);
  return set.length === 0 ? 'worker as npm start' : set.join(', ');
}

export function toRows(run: SalesforceRoundtripRun): BenchRow[] {
  const rows: BenchRow[] = [
    {
      suite: 'Salesforce round trip',
      case: `${run.engine}, ${run.offeredPerSec.toLocaleString('en-US')} changes/s offered (${run.steady.changesPerSec.toFixed(0)} made), ${tuningLabel(run.worker)}`,
      opsPerSec: run.steady.writtenPerSec,
      note: `write-backs/s; ${describePhase(run.steady)}`,
    },
  ];
  if (run.burst)
    rows.push({
      suite: 'Salesforce round trip',
      case: `${run.engine}, burst of ${run.burst.changes.toLocaleString('en-US')} changes at once, ${tuningLabel(run.worker)}`,
      opsPerSec: run.burst.writtenPerSec,
      note: `write-backs/s; all back in ${Math.round(run.burst.elapsedMs)} ms; ${describePhase(run.burst)}`,
    });
  return rows;
}

/**
 * The worker settings measured when none is given: as `npm start` runs it, whose 500 ms wait
 * suits HubSpot's 100-record calls, and with a 1.5 s wait. 200 changes/s fill a 200-record call
 * in 1 s, so the wait needs a margin beyond that (Outbound Messages go out every 50 ms), or
 * calls race their deadline and go partly filled.
 */
const DEFAULT_WORKERS: readonly WorkerTuning[] = [{}, { maxWaitMs: 1_500 }];

/** Each worker setting on PGlite, and on a throw-away database of the server when a URL is given. */
export async function benchSalesforceRoundtrip(
  options: SalesforceRoundtripOptions = {},
): Promise<BenchRow[]> {
  const { databaseUrl, ...rest } = options;
  const rows: BenchRow[] = [];
  for (const worker of rest.worker ? [rest.worker] : DEFAULT_WORKERS) {
    const each = { ...rest, worker };
    rows.push(...toRows(await measureSalesforceRoundtrip(each)));
    if (databaseUrl)
      rows.push(
        ...toRows(
          await onThrowAwayDatabase(databaseUrl, (url) =>
            measureSalesforceRoundtrip({ ...each, databaseUrl: url }),
          ),
        ),
      );
  }
  return rows;
}
