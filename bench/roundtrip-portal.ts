import { setTimeout as delay } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateDefinition } from '../src/core/qualification/evaluate-definition.ts';
import { DEMO_APP } from '../src/simulate/demo/start-demo-stack.ts';
import { measureTraffic } from '../src/simulate/demo/traffic-summary.ts';
import {
  type HubSpotStandIn,
  startHubSpotStandIn,
} from '../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import {
  OTHER_PROPERTIES,
  type PortalLoad,
  type PortalMessage,
  type PortalRequest,
  type PortalRun,
} from './roundtrip-protocol.ts';

/**
 * The HubSpot side of the round-trip benchmark, on a thread of its own as HubSpot is on machines
 * of its own: the stand-in portal and the load offered to it. The latency of each change is
 * measured here, from the change to the stand-in receiving Baton's batch update carrying the
 * value it implies, so both ends are read off one clock.
 */

/** Company sizes on either side of the starter definition's fit band. */
const SALES_SIZED = 200;
const TOO_SMALL = 10;

/**
 * Offers contact changes at a fixed rate (an open loop: a change is made when it is due, however
 * far behind Baton is). Each change moves a contact's company size across the definition's fit
 * band, so Baton must write a new `baton_fit_score`. Every change touches a different contact
 * that existed before the install (Baton has not seen it yet), so nothing is coalesced.
 */
async function offer(standIn: HubSpotStandIn, load: PortalLoad): Promise<PortalRun> {
  // Created with no webhook target, as contacts that existed before Baton was installed.
  standIn.setWebhookTarget(undefined);
  const ids = Array.from({ length: load.offered }, (_, i) =>
    standIn.createContact({
      email: `person${i}@company${i % 97}.example`,
      jobtitle: 'Analyst',
      lifecyclestage: 'lead',
      numberofemployees: String(TOO_SMALL),
    }),
  ).map((c) => c.id);
  standIn.setWebhookTarget(load.webhookTargetUrl);

  const pending = new Map<string, { readonly at: number; readonly fit: number; readonly timed: boolean }>();
  const latencies: number[] = [];
  let wrongValues = 0;
  let lastWrite = 0;
  const unsubscribe = standIn.onChange((change) => {
    if (change.kind !== 'propertyChange' || change.origin.changeSource !== 'INTEGRATION') return;
    const written = change.changed.baton_fit_score;
    const expected = pending.get(change.contactId);
    if (written === undefined || !expected) return;
    lastWrite = performance.now();
    if (expected.timed) latencies.push(lastWrite - expected.at);
    if (Number(written) !== expected.fit) wrongValues += 1;
    pending.delete(change.contactId);
  });
  const traffic = measureTraffic(standIn);
  const started = performance.now();
  let made = 0;
  while (made < load.offered) {
    const due = Math.min(
      load.offered,
      Math.floor(((performance.now() - started) * load.ratePerSec) / 1000) + 1,
    );
    for (; made < due; made += 1) {
      const id = ids[made] ?? '';
      const others = Object.fromEntries(
        OTHER_PROPERTIES.slice(0, load.propertiesPerChange - 1).map((name) => [name, `${name} ${made}`]),
      );
      const record = standIn.updateContact(id, {
        ...others,
        numberofemployees: String(SALES_SIZED + (made % 500)),
      });
      const fit = evaluateDefinition(load.definition, record.properties, Date.now()).fitScore;
      pending.set(id, { at: performance.now(), fit, timed: made >= load.warmup });
    }
    await delay(5);
  }
  const drainUntil = performance.now() + load.drainMs;
  while (pending.size > 0 && performance.now() < drainUntil) await delay(50);
  unsubscribe();
  const summary = traffic.stop();
  return {
    latencies,
    wrongValues,
    writtenPerSec: ((load.offered - pending.size) * 1000) / Math.max(1, lastWrite - started),
    unanswered: pending.size,
    contactApiCalls: summary.contactApiCalls,
    callsPer100Changes: summary.callsPer100Changes,
    callsByEndpoint: summary.callsByEndpoint,
    rateLimited: standIn.rateLimited(),
    maxCallsIn10s: standIn.maxCallsInAnyWindow(),
    webhookEvents: summary.webhooksDelivered,
  };
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('roundtrip-portal.ts runs as a worker thread of the round-trip benchmark');
  const { clientSecret } = workerData as { clientSecret: string };
  const standIn = await startHubSpotStandIn({ ...DEMO_APP, clientSecret, openApiDirectory: null });
  const answer = async (request: PortalRequest): Promise<unknown> => {
    switch (request.method) {
      case 'contactPropertyNames':
        return standIn.properties('contacts').map((p) => ({ name: p.name }));
      case 'offer':
        return offer(standIn, request.load);
      case 'close':
        await standIn.close();
        return null;
    }
  };
  port.on('message', (request: PortalRequest) => {
    answer(request).then(
      (value) => port.postMessage({ kind: 'reply', id: request.id, value } satisfies PortalMessage),
      (error: unknown) =>
        port.postMessage({ kind: 'reply', id: request.id, error: String(error) } satisfies PortalMessage),
    );
  });
  port.postMessage({
    kind: 'ready',
    baseUrl: standIn.baseUrl,
    authorizeUrl: standIn.authorizeUrl,
  } satisfies PortalMessage);
}

await serve();
