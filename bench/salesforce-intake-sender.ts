import { parentPort } from 'node:worker_threads';

/**
 * The Salesforce side of the Outbound Message intake benchmark, on a thread of its own as
 * Salesforce is on machines of its own: it sends envelopes built beforehand and times each
 * acknowledgement, so Baton's thread spends nothing on the sender.
 */

export type SalesforceSenderPlan = {
  readonly endpoint: string;
  readonly envelopes: readonly string[];
  readonly notificationsPerEnvelope: number;
  /** The exact body every answer must be. */
  readonly ack: string;
} & (
  | { readonly mode: 'saturating'; readonly inFlight: number }
  | { readonly mode: 'paced'; readonly notificationsPerSec: number }
);

export interface SalesforceSenderRun {
  readonly notificationsPerSec: number;
  /** Per envelope, ms: from sending (saturating) or from when it was due (paced). */
  readonly latencies: readonly number[];
}

const HEADERS = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };

async function run(plan: SalesforceSenderPlan): Promise<SalesforceSenderRun> {
  const latencies: number[] = [];
  const send = async (envelope: string) => {
    const response = await fetch(plan.endpoint, { method: 'POST', headers: HEADERS, body: envelope });
    const answer = await response.text();
    if (response.status !== 200 || answer !== plan.ack) {
      throw new Error(`intake answered ${response.status} ${answer.slice(0, 300)}`);
    }
  };
  const started = performance.now();
  if (plan.mode === 'saturating') {
    let next = 0;
    const sender = async () => {
      for (let envelope = plan.envelopes[next++]; envelope; envelope = plan.envelopes[next++]) {
        const sent = performance.now();
        await send(envelope);
        latencies.push(performance.now() - sent);
      }
    };
    await Promise.all(Array.from({ length: plan.inFlight }, sender));
  } else {
    // An open loop, as Salesforce sends: envelope i starts at i × interval however many are outstanding.
    const intervalMs = (plan.notificationsPerEnvelope * 1000) / plan.notificationsPerSec;
    const outstanding: Promise<void>[] = [];
    for (const [i, envelope] of plan.envelopes.entries()) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      outstanding.push(send(envelope).then(() => void latencies.push(performance.now() - due)));
    }
    await Promise.all(outstanding);
  }
  const elapsedMs = performance.now() - started;
  return {
    notificationsPerSec: (plan.envelopes.length * plan.notificationsPerEnvelope * 1000) / elapsedMs,
    latencies,
  };
}

export type SalesforceSenderReply = { readonly result: SalesforceSenderRun } | { readonly error: string };

// One thread for every phase, so its connections and compiled code are warm after the warm-up.
parentPort?.on('message', (plan: SalesforceSenderPlan) => {
  run(plan).then(
    (result) => parentPort?.postMessage({ result } satisfies SalesforceSenderReply),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies SalesforceSenderReply),
  );
});
