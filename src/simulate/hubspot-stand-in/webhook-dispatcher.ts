import type { Logger } from '../../log.ts';
import type { SeededRandom } from './seeded-random.ts';
import { type SignatureVersion, signedDeliveryHeaders } from './sign-webhook.ts';
import type { HubSpotWebhookEvent } from './webhook-events.ts';

/** HubSpot sends at most 100 events in one request. */
export const MAX_EVENTS_PER_DELIVERY = 100;

export interface WebhookRetry {
  /** Attempts per batch, the first included (HubSpot makes up to 10, over 24 hours). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface DuplicateDeliveries {
  /** Chance that a batch is sent twice, and (separately) that it is held back so later ones overtake it. */
  readonly probability: number;
  readonly maxDelayMs: number;
}

export interface WebhookDispatcherOptions {
  readonly clientSecret: string;
  readonly clock: () => Date;
  readonly random: SeededRandom;
  readonly flushIntervalMs: number;
  readonly maxConcurrentRequests: number;
  readonly deliveryTimeoutMs: number;
  readonly retry: WebhookRetry;
  readonly duplicateDeliveries: DuplicateDeliveries | null;
  readonly signatureVersions: readonly SignatureVersion[];
  readonly logger?: Logger | undefined;
}

export interface WebhookStats {
  readonly eventsEmitted: number;
  /** Events dropped because no target URL was set when they happened, as HubSpot would. */
  readonly eventsWithoutTarget: number;
  readonly requestsSent: number;
  readonly batchesDelivered: number;
  readonly eventsDelivered: number;
  readonly failedAttempts: number;
  readonly abandonedBatches: number;
  readonly duplicatesSent: number;
}

interface Delivery {
  readonly url: string;
  readonly events: readonly HubSpotWebhookEvent[];
  readonly attempt: number;
  readonly duplicate: boolean;
}

export interface WebhookDispatcher {
  setTarget(url: string | undefined): void;
  enqueue(events: readonly HubSpotWebhookEvent[]): void;
  /** Sends what is queued now and resolves once nothing is queued, in flight or awaiting a retry. */
  whenIdle(timeoutMs: number): Promise<void>;
  stats(): WebhookStats;
  close(): void;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  let target: string | undefined;
  let closed = false;
  let inFlight = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  const pending: HubSpotWebhookEvent[] = [];
  const ready: Delivery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const aborts = new Set<AbortController>();
  const idleWaiters = new Set<() => void>();
  const counts = {
    eventsEmitted: 0,
    eventsWithoutTarget: 0,
    requestsSent: 0,
    batchesDelivered: 0,
    eventsDelivered: 0,
    failedAttempts: 0,
    abandonedBatches: 0,
    duplicatesSent: 0,
  };
  const { random } = options;

  const isIdle = () =>
    pending.length === 0 && ready.length === 0 && inFlight === 0 && timers.size === 0 && !flushTimer;
  const notifyIfIdle = () => {
    if (!isIdle()) return;
    for (const wake of idleWaiters) wake();
  };
  const later = (delayMs: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
      notifyIfIdle();
    }, delayMs);
    timers.add(timer);
  };
  const pump = () => {
    while (!closed && inFlight < options.maxConcurrentRequests) {
      const delivery = ready.shift();
      if (!delivery) return;
      void send(delivery);
    }
  };
  const schedule = (delivery: Delivery) => {
    const shuffle = options.duplicateDeliveries;
    if (!shuffle) {
      ready.push(delivery);
      return;
    }
    const shuffled = { ...delivery, events: random.shuffle(delivery.events) };
    if (random.chance(shuffle.probability)) {
      later(random.int(0, shuffle.maxDelayMs), () => {
        ready.push({ ...shuffled, duplicate: true });
        pump();
      });
    }
    if (random.chance(shuffle.probability)) {
      later(random.int(0, shuffle.maxDelayMs), () => {
        ready.push(shuffled);
        pump();
      });
    } else {
      ready.push(shuffled);
    }
  };
  const cutBatches = (all: boolean) => {
    while (pending.length >= MAX_EVENTS_PER_DELIVERY || (all && pending.length > 0)) {
      const events = pending.splice(0, MAX_EVENTS_PER_DELIVERY);
      if (target) schedule({ url: target, events, attempt: 0, duplicate: false });
    }
    pump();
  };
  const flushNow = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    cutBatches(true);
  };

  const send = async (delivery: Delivery) => {
    inFlight += 1;
    counts.requestsSent += 1;
    if (delivery.duplicate) counts.duplicatesSent += 1;
    const body = JSON.stringify(
      delivery.events.map((event) => ({ ...event, attemptNumber: delivery.attempt })),
    );
    const abort = new AbortController();
    aborts.add(abort);
    let failure: string | undefined;
    try {
      const headers = signedDeliveryHeaders({
        secret: options.clientSecret,
        url: delivery.url,
        body,
        timestamp: options.clock().getTime(),
        versions: options.signatureVersions,
      });
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon',
        },
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(options.deliveryTimeoutMs)]),
      });
      await response.arrayBuffer();
      if (!response.ok) failure = `answered ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      aborts.delete(abort);
      inFlight -= 1;
    }
    if (closed) return;
    if (failure === undefined) {
      counts.batchesDelivered += 1;
      counts.eventsDelivered += delivery.events.length;
    } else {
      retryOrAbandon(delivery, failure);
    }
    pump();
    notifyIfIdle();
  };

  const retryOrAbandon = (delivery: Delivery, failure: string) => {
    counts.failedAttempts += 1;
    const nextAttempt = delivery.attempt + 1;
    if (nextAttempt >= options.retry.maxAttempts) {
      counts.abandonedBatches += 1;
      options.logger?.warn(
        { attempts: nextAttempt, events: delivery.events.length, failure },
        'webhook batch abandoned',
      );
      return;
    }
    const ceiling = Math.min(options.retry.maxDelayMs, options.retry.baseDelayMs * 2 ** delivery.attempt);
    const delayMs = Math.round(ceiling * (0.5 + random.next() / 2));
    options.logger?.debug({ attempt: nextAttempt, delayMs, failure }, 'webhook delivery failed; retrying');
    later(delayMs, () => {
      ready.push({ ...delivery, attempt: nextAttempt });
      pump();
    });
  };

  return {
    setTarget(url) {
      target = url;
    },
    enqueue(events) {
      if (closed || events.length === 0) return;
      counts.eventsEmitted += events.length;
      if (!target) {
        counts.eventsWithoutTarget += events.length;
        return;
      }
      pending.push(...events);
      cutBatches(false);
      if (pending.length > 0 && !flushTimer) {
        flushTimer = setTimeout(() => {
          flushTimer = undefined;
          cutBatches(true);
          notifyIfIdle();
        }, options.flushIntervalMs);
      }
    },
    whenIdle(timeoutMs) {
      flushNow();
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const giveUp = setTimeout(() => {
          idleWaiters.delete(wake);
          reject(
            new Error(`webhook deliveries still under way after ${timeoutMs} ms: ${JSON.stringify(counts)}`),
          );
        }, timeoutMs);
        const wake = () => {
          clearTimeout(giveUp);
          idleWaiters.delete(wake);
          resolve();
        };
        idleWaiters.add(wake);
      });
    },
    stats: () => ({ ...counts }),
    close() {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const abort of aborts) abort.abort();
      pending.length = 0;
      ready.length = 0;
      for (const wake of idleWaiters) wake();
    },
  };
}
