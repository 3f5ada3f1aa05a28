import { parentPort } from 'node:worker_threads';

/**
 * The HubSpot side of the webhook intake benchmark, on a thread of its own as HubSpot is on
 * machines of its own: it sends batches signed beforehand and times each acknowledgement, so
 * Baton's thread spends nothing on the sender.
 */

export interface SignedBatch {
  readonly body: string;
  readonly headers: Record<string, string>;
}

export type SenderPlan = {
  readonly endpoint: string;
  readonly batches: readonly SignedBatch[];
  readonly eventsPerBatch: number;
  /** Every batch must come back wholly stored, or wholly duplicates. */
  readonly expectAll: 'stored' | 'duplicates';
} & (
  | { readonly mode: 'saturating'; readonly inFlight: number }
  | { readonly mode: 'paced'; readonly eventsPerSec: number }
);

export interface SenderRun {
  readonly eventsPerSec: number;
  /** Per batch, ms: from sending (saturating) or from when it was due (paced). */
  readonly latencies: readonly number[];
}

async function run(plan: SenderPlan): Promise<SenderRun> {
  const latencies: number[] = [];
  const send = async (batch: SignedBatch) => {
    const response = await fetch(plan.endpoint, { method: 'POST', headers: batch.headers, body: batch.body });
    const outcome = (await response.json()) as Record<string, number>;
    if (response.status !== 200 || outcome[plan.expectAll] !== plan.eventsPerBatch) {
      throw new Error(`intake answered ${response.status} ${JSON.stringify(outcome)}`);
    }
  };
  const started = performance.now();
  if (plan.mode === 'saturating') {
    let next = 0;
    const sender = async () => {
      for (let batch = plan.batches[next++]; batch; batch = plan.batches[next++]) {
        const sent = performance.now();
        await send(batch);
        latencies.push(performance.now() - sent);
      }
    };
    await Promise.all(Array.from({ length: plan.inFlight }, sender));
  } else {
    // An open loop, as HubSpot sends: batch i starts at i × interval however many are outstanding.
    const intervalMs = (plan.eventsPerBatch * 1000) / plan.eventsPerSec;
    const outstanding: Promise<void>[] = [];
    for (const [i, batch] of plan.batches.entries()) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      outstanding.push(send(batch).then(() => void latencies.push(performance.now() - due)));
    }
    await Promise.all(outstanding);
  }
  const elapsedMs = performance.now() - started;
  return { eventsPerSec: (plan.batches.length * plan.eventsPerBatch * 1000) / elapsedMs, latencies };
}

export type SenderReply = { readonly result: SenderRun } | { readonly error: string };

// One thread for every phase, so its connections and compiled code are warm after the warm-up.
parentPort?.on('message', (plan: SenderPlan) => {
  run(plan).then(
    (result) => parentPort?.postMessage({ result } satisfies SenderReply),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies SenderReply),
  );
});
