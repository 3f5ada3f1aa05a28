import type { Logger } from '../../log.ts';
import type { SeededRandom } from '../hubspot-stand-in/seeded-random.ts';
import {
  type EnvelopeHeader,
  isAcknowledged,
  MAX_NOTIFICATIONS_PER_MESSAGE,
  notificationsEnvelope,
  type OutboundNotification,
} from './outbound-envelope.ts';

export interface OutboundRetry {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts per message, the first included. */
  readonly maxAttempts: number;
  /** Salesforce gives up on a message 24 hours after it was queued. */
  readonly maxAgeMs: number;
}

/** A chance per message, and how long (at most) the affected copy waits before it goes. */
export interface DeliveryChance {
  readonly probability: number;
  readonly maxDelayMs: number;
}

export interface OutboundDisorder {
  /** A message is sent a second time. */
  readonly duplicates: DeliveryChance | null;
  /** A message is held back so later ones overtake it; its notifications are shuffled too. */
  readonly outOfOrder: DeliveryChance | null;
}

export interface OutboundStats {
  readonly notificationsQueued: number;
  /** Notifications dropped because no endpoint was set when they happened (the Flow was off). */
  readonly notificationsWithoutTarget: number;
  /** SOAP requests sent: first attempts, retries and duplicates. */
  readonly messagesSent: number;
  readonly messagesAcknowledged: number;
  /** Notifications in acknowledged messages, duplicates not counted again. */
  readonly notificationsAcknowledged: number;
  readonly failedAttempts: number;
  readonly abandonedMessages: number;
  readonly duplicatesSent: number;
}

export interface OutboundDispatcherOptions {
  readonly clock: () => Date;
  readonly random: SeededRandom;
  readonly header: () => EnvelopeHeader;
  readonly flushIntervalMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly deliveryTimeoutMs: number;
  readonly retry: OutboundRetry;
  readonly disorder: OutboundDisorder;
  readonly logger?: Logger | undefined;
}

interface Message {
  readonly url: string;
  readonly notifications: readonly OutboundNotification[];
  readonly attempt: number;
  readonly queuedAt: number;
  readonly duplicate: boolean;
}

export interface OutboundDispatcher {
  setTarget(url: string | undefined): void;
  enqueue(notification: OutboundNotification): void;
  /** Sends what is queued now and resolves once nothing is queued, in flight or awaiting a retry. */
  whenIdle(timeoutMs: number): Promise<void>;
  stats(): OutboundStats;
  close(): void;
}

/**
 * Delivers Outbound Messages as Salesforce does: notifications batched up to 100 per SOAP message,
 * a message done only when acknowledged, otherwise retried with growing delays and the same
 * notification ids; optionally sent twice or out of order (seeded).
 */
export function createOutboundDispatcher(options: OutboundDispatcherOptions): OutboundDispatcher {
  const batchSize = Math.min(MAX_NOTIFICATIONS_PER_MESSAGE, Math.max(1, options.batchSize));
  const { random } = options;
  let target: string | undefined;
  let closed = false;
  let inFlight = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  const pending: OutboundNotification[] = [];
  const ready: Message[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const aborts = new Set<AbortController>();
  const idleWaiters = new Set<() => void>();
  const acknowledgedIds = new Set<string>();
  const counts = {
    notificationsQueued: 0,
    notificationsWithoutTarget: 0,
    messagesSent: 0,
    messagesAcknowledged: 0,
    notificationsAcknowledged: 0,
    failedAttempts: 0,
    abandonedMessages: 0,
    duplicatesSent: 0,
  };

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
    while (!closed && inFlight < options.concurrency) {
      const message = ready.shift();
      if (!message) return;
      void send(message);
    }
  };
  const schedule = (message: Message) => {
    const { duplicates, outOfOrder } = options.disorder;
    const sent = outOfOrder ? { ...message, notifications: random.shuffle(message.notifications) } : message;
    if (duplicates && random.chance(duplicates.probability)) {
      later(random.int(0, duplicates.maxDelayMs), () => {
        ready.push({ ...sent, duplicate: true });
        pump();
      });
    }
    if (outOfOrder && random.chance(outOfOrder.probability)) {
      later(random.int(1, Math.max(1, outOfOrder.maxDelayMs)), () => {
        ready.push(sent);
        pump();
      });
    } else {
      ready.push(sent);
    }
  };
  const cutMessages = (all: boolean) => {
    while (pending.length >= batchSize || (all && pending.length > 0)) {
      const notifications = pending.splice(0, batchSize);
      if (target) {
        schedule({
          url: target,
          notifications,
          attempt: 0,
          queuedAt: options.clock().getTime(),
          duplicate: false,
        });
      }
    }
    pump();
  };

  const send = async (message: Message) => {
    inFlight += 1;
    counts.messagesSent += 1;
    if (message.duplicate) counts.duplicatesSent += 1;
    const abort = new AbortController();
    aborts.add(abort);
    let failure: string | undefined;
    try {
      const response = await fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '""',
          'user-agent': 'Salesforce Outbound Messaging (stand-in)',
        },
        body: notificationsEnvelope(options.header(), message.notifications),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(options.deliveryTimeoutMs)]),
      });
      const text = await response.text();
      if (!isAcknowledged(response.status, text))
        failure = `answered ${response.status} without <Ack>true</Ack>`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      aborts.delete(abort);
      inFlight -= 1;
    }
    if (closed) return;
    if (failure === undefined) {
      counts.messagesAcknowledged += 1;
      for (const notification of message.notifications) {
        if (acknowledgedIds.has(notification.id)) continue;
        acknowledgedIds.add(notification.id);
        counts.notificationsAcknowledged += 1;
      }
    } else {
      retryOrAbandon(message, failure);
    }
    pump();
    notifyIfIdle();
  };

  const retryOrAbandon = (message: Message, failure: string) => {
    counts.failedAttempts += 1;
    const nextAttempt = message.attempt + 1;
    const age = options.clock().getTime() - message.queuedAt;
    if (nextAttempt >= options.retry.maxAttempts || age >= options.retry.maxAgeMs) {
      counts.abandonedMessages += 1;
      options.logger?.warn(
        { attempts: nextAttempt, notifications: message.notifications.length, failure },
        'outbound message abandoned',
      );
      return;
    }
    const ceiling = Math.min(options.retry.maxDelayMs, options.retry.baseDelayMs * 2 ** message.attempt);
    const delayMs = Math.round(ceiling * (0.5 + random.next() / 2));
    options.logger?.debug({ attempt: nextAttempt, delayMs, failure }, 'outbound message failed; retrying');
    later(delayMs, () => {
      ready.push({ ...message, attempt: nextAttempt, duplicate: false });
      pump();
    });
  };

  return {
    setTarget(url) {
      target = url;
    },
    enqueue(notification) {
      if (closed) return;
      counts.notificationsQueued += 1;
      if (!target) {
        counts.notificationsWithoutTarget += 1;
        return;
      }
      pending.push(notification);
      cutMessages(false);
      if (pending.length > 0 && !flushTimer) {
        flushTimer = setTimeout(() => {
          flushTimer = undefined;
          cutMessages(true);
          notifyIfIdle();
        }, options.flushIntervalMs);
      }
    },
    whenIdle(timeoutMs) {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      cutMessages(true);
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const giveUp = setTimeout(() => {
          idleWaiters.delete(wake);
          reject(
            new Error(`Outbound Messages still under way after ${timeoutMs} ms: ${JSON.stringify(counts)}`),
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
