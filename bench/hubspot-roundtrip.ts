import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { evaluateDefinition } from '../src/core/qualification/evaluate-definition.ts';
import { createLogger } from '../src/log.ts';
import { activateStarterDefinition } from '../src/simulate/demo/activate-starter-definition.ts';
import { installThroughOAuth } from '../src/simulate/demo/install-through-oauth.ts';
import { startDemoStack } from '../src/simulate/demo/start-demo-stack.ts';
import { measureTraffic } from '../src/simulate/demo/traffic-summary.ts';
import { inboxCounts } from '../src/simulate/demo/wait-until-settled.ts';
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
  /** How long changes are offered (default 10 s). */
  readonly durationMs?: number;
  /** How long to wait for write-backs after the last change (default 60 s). */
  readonly drainMs?: number;
  /** Worker settings to profile; unset, the worker runs as `npm start` runs it. */
  readonly worker?: { readonly batchSize?: number; readonly idleMs?: number; readonly coalesceMs?: number };
  /** Progress and backlog samples, for profiling. */
  readonly trace?: (line: string) => void;
}

export interface RoundtripRun {
  readonly engine: string;
  readonly offered: number;
  readonly offeredPerSec: number;
  readonly propertiesPerChange: number;
  /** Changes whose write-back arrived, with its latency from the change, ms. */
  readonly latencies: readonly number[];
  /** Write-backs whose fit score was not what the change implied (should be 0). */
  readonly wrongValues: number;
  readonly writtenPerSec: number;
  readonly contactApiCalls: number;
  readonly callsPer100Changes: number | null;
  readonly callsByEndpoint: Readonly<Record<string, number>>;
  readonly rateLimited: number;
  readonly maxCallsIn10s: number;
  /** Inbox items pending or processing, sampled every second of the run. */
  readonly backlog: readonly number[];
}

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const SALES_SIZED = 200;
/** Properties Baton's starter definition does not read, changed alongside the company size. */
const OTHER_PROPERTIES = ['firstname', 'lastname', 'company', 'country'];
const TOO_SMALL = 10;

/**
 * Webhook → write-back round trip against the HubSpot stand-in: Baton installed through OAuth
 * with the starter definition active, then contact changes offered at a fixed rate (an open loop:
 * a change is made when it is due, however far behind Baton is). Each change moves a contact's
 * company size across the definition's fit band, so Baton must write a new `baton_fit_score`;
 * the latency is from the change in the portal to the stand-in receiving Baton's batch update
 * carrying that value. Every change touches a different contact that existed before the install
 * (Baton has not seen it yet), so nothing is coalesced. Targets: p95 under 1 s at 1 000 changes/s,
 * at most 2 API calls per 100 changed records.
 */
export async function measureRoundtrip(options: RoundtripOptions): Promise<RoundtripRun> {
  const rate = options.ratePerSec ?? 1_000;
  const propertiesPerChange = Math.min(
    1 + OTHER_PROPERTIES.length,
    Math.max(1, options.propertiesPerChange ?? 1),
  );
  const durationMs = options.durationMs ?? 10_000;
  const trace = options.trace ?? (() => {});
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-bench-roundtrip-'));
  try {
    const stack = await startDemoStack({
      dataDir,
      databaseUrl: options.databaseUrl,
      logger: silent,
      openApiDirectory: null,
      ...(options.worker ? { worker: options.worker } : {}),
    });
    try {
      const { standIn, database } = stack;
      const tenant = await installThroughOAuth(database.db, stack.batonUrl, standIn);
      const { definition } = await activateStarterDefinition(
        database.db,
        tenant.id,
        { marketing: 'marketing@bench.example', sales: 'sales@bench.example' },
        new Date(),
      );
      const offered = Math.round((rate * durationMs) / 1000);
      // Created with no webhook target, as contacts that existed before Baton was installed.
      standIn.setWebhookTarget(undefined);
      const ids = Array.from({ length: offered }, (_, i) =>
        standIn.createContact({
          email: `person${i}@company${i % 97}.example`,
          jobtitle: 'Analyst',
          lifecyclestage: 'lead',
          numberofemployees: String(TOO_SMALL),
        }),
      ).map((c) => c.id);
      standIn.setWebhookTarget(`${stack.batonUrl}/webhooks/hubspot`);
      trace(`${database.engine}: ${offered} contacts in the portal; offering ${rate} changes/s`);

      const pending = new Map<string, { readonly at: number; readonly fit: number }>();
      const latencies: number[] = [];
      let wrongValues = 0;
      let lastWrite = 0;
      const unsubscribe = standIn.onChange((change) => {
        if (change.kind !== 'propertyChange' || change.origin.changeSource !== 'INTEGRATION') return;
        const written = change.changed.baton_fit_score;
        const expected = pending.get(change.contactId);
        if (written === undefined || !expected) return;
        lastWrite = performance.now();
        latencies.push(lastWrite - expected.at);
        if (Number(written) !== expected.fit) wrongValues += 1;
        pending.delete(change.contactId);
      });
      const traffic = measureTraffic(standIn);
      const backlog: number[] = [];
      const started = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await delay(1_000);
          const counts = await inboxCounts(database.db);
          backlog.push((counts.pending ?? 0) + (counts.processing ?? 0));
          trace(`  t=${backlog.length}s backlog ${backlog.at(-1)} written ${latencies.length}/${offered}`);
        }
      })();

      let made = 0;
      while (made < offered) {
        const due = Math.min(offered, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
        for (; made < due; made += 1) {
          const id = ids[made] ?? '';
          const others = Object.fromEntries(
            OTHER_PROPERTIES.slice(0, propertiesPerChange - 1).map((name) => [name, `${name} ${made}`]),
          );
          const record = standIn.updateContact(id, {
            ...others,
            numberofemployees: String(SALES_SIZED + (made % 500)),
          });
          const fit = evaluateDefinition(definition, record.properties, Date.now()).fitScore;
          pending.set(id, { at: performance.now(), fit });
        }
        await delay(5);
      }
      const drainUntil = performance.now() + (options.drainMs ?? 60_000);
      while (pending.size > 0 && performance.now() < drainUntil) await delay(50);
      sampling = false;
      await sampler;
      unsubscribe();
      const summary = traffic.stop();
      trace(
        `  calls ${JSON.stringify(summary.callsByEndpoint)}; 429s ${standIn.rateLimited()}; most in 10 s ${standIn.maxCallsInAnyWindow()}; webhooks ${standIn.webhookStats().eventsDelivered}`,
      );
      return {
        engine: database.engine,
        offered,
        offeredPerSec: (offered * 1000) / durationMs,
        propertiesPerChange,
        latencies,
        wrongValues,
        writtenPerSec: (latencies.length * 1000) / Math.max(1, lastWrite - started),
        contactApiCalls: summary.contactApiCalls,
        callsPer100Changes: summary.callsPer100Changes,
        callsByEndpoint: summary.callsByEndpoint,
        rateLimited: standIn.rateLimited(),
        maxCallsIn10s: standIn.maxCallsInAnyWindow(),
        backlog,
      };
    } finally {
      await stack.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function toRow(run: RoundtripRun): BenchRow {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const ms = (p: number) => `${Math.round(percentile(sorted, p))} ms`;
  const unanswered = run.offered - run.latencies.length;
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
      `; ${run.callsPer100Changes?.toFixed(1) ?? '—'} calls per 100 changed records`,
  };
}

/**
 * The cases `npm run bench` measures when no rate is given: 1 000 events/s as HubSpot sends them
 * for contacts changing several properties at once, and 1 000 single-property changes/s on one
 * portal, which HubSpot's per-portal call limit bounds.
 */
const DEFAULT_CASES: readonly Pick<RoundtripOptions, 'ratePerSec' | 'propertiesPerChange'>[] = [
  { ratePerSec: 200, propertiesPerChange: 5 },
  { ratePerSec: 1_000, propertiesPerChange: 1 },
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
