import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/server/app.ts';
import { startHttpServer } from '../src/server/http-server.ts';
import type { Database } from '../src/store/database.ts';
import { createTenant } from '../src/store/tenants.ts';
import { hubspotWebhookRouter } from '../webhooks/hubspot/hubspot-webhook-route.ts';
import type { SenderPlan, SenderReply, SenderRun, SignedBatch } from './intake-sender.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine, percentile } from './throw-away-database.ts';

const EVENTS_PER_BATCH = 100;
const IN_FLIGHT = 8;
const SATURATING_BATCHES = 300;
const PACED_BATCHES = 1_000;
const TARGET_EVENTS_PER_SEC = 10_000;
const WARM_UP_BATCHES = 40;
const REPLAYED_BATCHES = 100;
const PORTALS = [62_515, 62_516, 62_517, 62_518];
const SECRET = 'bench-client-secret';
const APP_ID = 1_160_452;
const PUBLIC_BASE_URL = 'https://baton.example.com';
const PATH = '/webhooks/hubspot';

/**
 * Webhook intake as HubSpot drives it, against the real app on loopback over keep-alive
 * connections, with signed batches of 100 new events sent from a thread of their own
 * (`intake-sender.ts`), as HubSpot sends from machines of its own:
 * - saturated: 8 requests always in flight, for the most events per second;
 * - paced: a batch every 10 ms for 10 s (10 000 events/s offered, whatever is outstanding), latency
 *   counted from when each batch was due, so a stall is not hidden by sending less meanwhile;
 * - replayed: batches sent again (a HubSpot retry, all duplicates), 8 in flight.
 * Runs on embedded PGlite with a data directory on disk and, given a server URL, on a fresh
 * throw-away database there. Targets: 10 000 events/s, p99 acknowledgement under 50 ms.
 */
export async function benchWebhookIntake(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  return onEachEngine(options, measureEngine);
}

async function measureEngine(label: string, database: Database): Promise<BenchRow[]> {
  try {
    return await measureIntake(label, database);
  } finally {
    await database.close();
  }
}

async function measureIntake(label: string, database: Database): Promise<BenchRow[]> {
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const server = await startHttpServer(
    createApp({
      logger,
      pingStore: database.ping,
      engine: database.engine,
      version: 'bench',
      routers: [
        hubspotWebhookRouter({
          db: database.db,
          config: { publicBaseUrl: PUBLIC_BASE_URL, clientSecrets: [SECRET], appId: String(APP_ID) },
          clock: () => new Date(),
          logger,
        }),
      ],
    }),
    0,
    '127.0.0.1',
  );
  const sender = startSenderThread();
  try {
    for (const portalId of PORTALS) {
      await createTenant(
        database.db,
        { crm: 'hubspot', externalId: String(portalId), name: `Portal ${portalId}`, status: 'active' },
        new Date(),
      );
    }
    const endpoint = `http://127.0.0.1:${server.port}${PATH}`;
    // Signed up front so the timed loops measure Baton, not the sender; valid for 5 minutes.
    let signed = 0;
    const signBatches = (count: number) => Array.from({ length: count }, () => signedBatch(signed++));
    const warmUp = signBatches(WARM_UP_BATCHES);
    const saturating = signBatches(SATURATING_BATCHES);
    const paced = signBatches(PACED_BATCHES);
    const base = { endpoint, eventsPerBatch: EVENTS_PER_BATCH } as const;
    const saturate = { mode: 'saturating', inFlight: IN_FLIGHT } as const;
    await sender.send({ ...base, ...saturate, batches: warmUp, expectAll: 'stored' });

    const saturated = await sender.send({
      ...base,
      ...saturate,
      batches: saturating,
      expectAll: 'stored',
    });
    const atTarget = await sender.send({
      ...base,
      mode: 'paced',
      eventsPerSec: TARGET_EVENTS_PER_SEC,
      batches: paced,
      expectAll: 'stored',
    });
    const replayed = await sender.send({
      ...base,
      ...saturate,
      batches: saturating.slice(0, REPLAYED_BATCHES),
      expectAll: 'duplicates',
    });
    const row = (name: string, run: SenderRun, extra = ''): BenchRow => ({
      suite: 'webhook intake',
      case: `${label}, ${name}`,
      opsPerSec: run.eventsPerSec,
      note: `events/s; ${latencyNote(run.latencies)} per batch${extra}`,
    });
    return [
      row(`${IN_FLIGHT} batches of ${EVENTS_PER_BATCH} in flight`, saturated),
      row(`${TARGET_EVENTS_PER_SEC.toLocaleString('en-US')} events/s offered`, atTarget, ', from when due'),
      row('replayed batches (all duplicates)', replayed),
    ];
  } finally {
    await sender.close();
    await server.close();
  }
}

/** The sender's thread: each phase runs there in turn. */
function startSenderThread() {
  const thread = new Worker(new URL('./intake-sender.ts', import.meta.url));
  return {
    send: (plan: SenderPlan) =>
      new Promise<SenderRun>((resolve, reject) => {
        thread.once('error', reject);
        thread.once('message', (reply: SenderReply) => {
          thread.off('error', reject);
          if ('result' in reply) resolve(reply.result);
          else reject(new Error(`the sender failed: ${reply.error}`));
        });
        thread.postMessage(plan);
      }),
    close: () => thread.terminate(),
  };
}

function signedBatch(batch: number): SignedBatch {
  const portalId = PORTALS[batch % PORTALS.length] ?? 0;
  const occurredAt = Date.now() - 60_000;
  const body = JSON.stringify(
    Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
      eventId: batch * EVENTS_PER_BATCH + i,
      subscriptionId: 2_104_118,
      portalId,
      appId: APP_ID,
      occurredAt: occurredAt + i,
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-1',
      attemptNumber: 0,
      objectId: 10_000 + ((batch * 37 + i) % 5_000),
      propertyName: 'lifecyclestage',
      propertyValue: i % 3 === 0 ? 'marketingqualifiedlead' : 'salesqualifiedlead',
      changeSource: 'CRM_UI',
      sourceId: `userId:${82_088_700 + (i % 9)}`,
    })),
  );
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', SECRET)
    .update(`POST${PUBLIC_BASE_URL}${PATH}${body}${timestamp}`)
    .digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': timestamp,
    },
  };
}

function latencyNote(latencies: readonly number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p).toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`;
}
