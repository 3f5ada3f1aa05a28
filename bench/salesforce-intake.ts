import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { OUTBOUND_MESSAGE_ACK } from '../src/crm/salesforce/intake/outbound-message-replies.ts';
import { toId18 } from '../src/crm/salesforce/salesforce-ids.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/server/app.ts';
import { startHttpServer } from '../src/server/http-server.ts';
import { type Database, queryRows } from '../src/store/database.ts';
import { createTenant } from '../src/store/tenants.ts';
import {
  SALESFORCE_WEBHOOK_PATH,
  salesforceWebhookRouter,
} from '../webhooks/salesforce/salesforce-webhook-route.ts';
import type {
  SalesforceSenderPlan,
  SalesforceSenderReply,
  SalesforceSenderRun,
} from './salesforce-intake-sender.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine, percentile } from './throw-away-database.ts';

const NOTIFICATIONS_PER_ENVELOPE = 100;
const IN_FLIGHT = 8;
const WARM_UP_ENVELOPES = 40;
const SEQUENTIAL_ENVELOPES = 200;
const SATURATING_ENVELOPES = 300;
const PACED_ENVELOPES = 500;
const TARGET_NOTIFICATIONS_PER_SEC = 5_000;
const REPLAYED_ENVELOPES = 100;
const LEADS = 5_000;
const ORGS = ['00D5g00000AbCdE', '00D5g00000AbCdF', '00D5g00000AbCdG', '00D5g00000AbCdH'].map(id18);

/**
 * Outbound Message intake as Salesforce drives it, against the real app on loopback over
 * keep-alive connections, with envelopes of 100 new Lead notifications sent from a thread of
 * their own (`salesforce-intake-sender.ts`):
 * - one at a time: the acknowledgement latency of an envelope alone;
 * - saturated: 8 envelopes always in flight, for the most notifications per second;
 * - paced: an envelope every 20 ms for 10 s (5 000 notifications/s offered, whatever is
 *   outstanding), latency counted from when each was due, so a stall is not hidden;
 * - replayed: envelopes sent again (Salesforce's retry, all duplicates), 8 in flight.
 * Every answer must be the Ack, and every new notification must be in the inbox afterwards.
 * Runs on embedded PGlite with a data directory on disk and, given a server URL, on a fresh
 * throw-away database there. Targets: ≥ 5 000 notifications/s, p99 acknowledgement under 50 ms.
 */
export async function benchSalesforceIntake(options: { databaseUrl?: string }): Promise<BenchRow[]> {
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
      routers: [salesforceWebhookRouter({ db: database.db, clock: () => new Date(), logger })],
    }),
    0,
    '127.0.0.1',
  );
  const sender = startSenderThread();
  try {
    for (const organizationId of ORGS) {
      await createTenant(
        database.db,
        { crm: 'salesforce', externalId: organizationId, name: `Org ${organizationId}`, status: 'active' },
        new Date(),
      );
    }
    // Built up front so the timed loops measure Baton, not the sender.
    let built = 0;
    const build = (count: number) => Array.from({ length: count }, () => envelope(built++));
    const warmUp = build(WARM_UP_ENVELOPES);
    const sequential = build(SEQUENTIAL_ENVELOPES);
    const saturating = build(SATURATING_ENVELOPES);
    const paced = build(PACED_ENVELOPES);
    const base = {
      endpoint: `http://127.0.0.1:${server.port}${SALESFORCE_WEBHOOK_PATH}`,
      notificationsPerEnvelope: NOTIFICATIONS_PER_ENVELOPE,
      ack: OUTBOUND_MESSAGE_ACK,
    } as const;
    const saturate = (envelopes: string[], inFlight = IN_FLIGHT): SalesforceSenderPlan => ({
      ...base,
      mode: 'saturating',
      inFlight,
      envelopes,
    });
    const stored = async (envelopes: number) => {
      const expected = envelopes * NOTIFICATIONS_PER_ENVELOPE;
      const [row] = await queryRows<{ n: number | string }>(
        database.db,
        sql`select count(*) as n from inbox_receipts where crm = 'salesforce'`,
      );
      if (Number(row?.n) !== expected)
        throw new Error(`${row?.n} notifications stored, expected ${expected}`);
    };

    await sender.send(saturate(warmUp));
    const alone = await sender.send(saturate(sequential, 1));
    const saturated = await sender.send(saturate(saturating));
    const atTarget = await sender.send({
      ...base,
      mode: 'paced',
      notificationsPerSec: TARGET_NOTIFICATIONS_PER_SEC,
      envelopes: paced,
    });
    await stored(built);
    const replayed = await sender.send(saturate(saturating.slice(0, REPLAYED_ENVELOPES)));
    await stored(built);

    const row = (name: string, run: SalesforceSenderRun, extra = ''): BenchRow => ({
      suite: 'Salesforce intake',
      case: `${label}, ${name}`,
      opsPerSec: run.notificationsPerSec,
      note: `notifications/s; ${latencyNote(run.latencies)} per envelope${extra}`,
    });
    return [
      row(`envelopes of ${NOTIFICATIONS_PER_ENVELOPE} one at a time`, alone),
      row(`${IN_FLIGHT} envelopes of ${NOTIFICATIONS_PER_ENVELOPE} in flight`, saturated),
      row(
        `${TARGET_NOTIFICATIONS_PER_SEC.toLocaleString('en-US')} notifications/s offered`,
        atTarget,
        ', from when due',
      ),
      row('replayed envelopes (all duplicates)', replayed),
    ];
  } finally {
    await sender.close();
    await server.close();
  }
}

/** The sender's thread: each phase runs there in turn. */
function startSenderThread() {
  const thread = new Worker(new URL('./salesforce-intake-sender.ts', import.meta.url));
  return {
    send: (plan: SalesforceSenderPlan) =>
      new Promise<SalesforceSenderRun>((resolve, reject) => {
        thread.once('error', reject);
        thread.once('message', (reply: SalesforceSenderReply) => {
          thread.off('error', reject);
          if ('result' in reply) resolve(reply.result);
          else reject(new Error(`the sender failed: ${reply.error}`));
        });
        thread.postMessage(plan);
      }),
    close: () => thread.terminate(),
  };
}

/** An Outbound Message as Salesforce sends it: 100 Lead notifications with a few fields each. */
function envelope(index: number): string {
  const organizationId = ORGS[index % ORGS.length] ?? '';
  const org15 = organizationId.slice(0, 15);
  const notifications = Array.from({ length: NOTIFICATIONS_PER_ENVELOPE }, (_, i) => {
    const n = index * NOTIFICATIONS_PER_ENVELOPE + i;
    const lead = (index * 37 + i) % LEADS;
    return `<Notification><Id>${id18(`04l5g${base36(n, 10)}`)}</Id><sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${id18(`00Q5g${base36(lead, 10)}`)}</sf:Id><sf:Company>Company ${lead} &amp; Co</sf:Company><sf:LastName>Lead ${lead}</sf:LastName><sf:LeadSource>Web</sf:LeadSource><sf:OwnerId>0055g00000Ab1CdAAJ</sf:OwnerId><sf:Status>Working - Contacted</sf:Status></sObject></Notification>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${organizationId}</OrganizationId>` +
    `<ActionId>04k5g000000KzQhAAK</ActionId><SessionId xsi:nil="true"/>` +
    `<EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/66.0/${org15}</EnterpriseUrl>` +
    `<PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/66.0/${org15}</PartnerUrl>` +
    `${notifications.join('')}</notifications></soapenv:Body></soapenv:Envelope>`
  );
}

function base36(n: number, width: number): string {
  return n.toString(36).padStart(width, '0');
}

function id18(id15: string): string {
  const id = toId18(id15);
  if (id === null) throw new Error(`${id15} is not a 15-character id`);
  return id;
}

function latencyNote(latencies: readonly number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p).toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`;
}
