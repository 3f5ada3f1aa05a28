import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import { DEFAULT_RETRY_POLICY, decideRetry, describeError, type RetryPolicy } from '../retry-policy.ts';
import type { Database } from '../store/database.ts';
import { claimBatch, complete, fail as failItem, type InboxRow } from '../store/inbox.ts';
import { type HandlerRegistry, payloadType } from './handler-registry.ts';

export interface WorkerOptions {
  readonly database: Database;
  readonly handlers: HandlerRegistry;
  readonly logger: Logger;
  readonly workerId?: string;
  readonly batchSize?: number;
  /** How long a claim holds; a worker killed mid-batch loses its items to others after this. */
  readonly leaseMs?: number;
  /** Pause between polls when the inbox is empty. */
  readonly idleMs?: number;
  /**
   * Pause after a batch that did not fill up, so the next one gathers more: CRM calls carry up to
   * 100 records and each portal's call budget is small, so a few hundred milliseconds of waiting
   * buys far fewer calls per record under steady traffic. 0 claims again at once.
   */
  readonly coalesceMs?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly clock?: () => Date;
  readonly random?: () => number;
}

export interface BatchOutcome {
  readonly claimed: number;
  readonly done: number;
  readonly retried: number;
  readonly dead: number;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /** Stops claiming and resolves once the batch in hand is finished. */
  stop(): Promise<void>;
  runOnce(): Promise<BatchOutcome>;
}

class LeaseLostError extends Error {}

export function createWorker(options: WorkerOptions): Worker {
  const id = options.workerId ?? `worker-${randomUUID()}`;
  const { database, handlers, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const idleMs = options.idleMs ?? 250;
  const coalesceMs = options.coalesceMs ?? 250;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = logger.child({ worker: id });

  let running: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  /** Runs one group in one transaction with its completion; throws if any part fails. */
  async function processGroup(items: readonly InboxRow[]): Promise<void> {
    const first = items[0];
    if (!first) return;
    const handler = handlers.resolve(first);
    if (!handler) throw new Error(`no handler for payload type "${payloadType(first.payload)}"`);
    const prepared = handler.prepare ? await handler.prepare(items, clock()) : undefined;
    await database.db.transaction(async (tx) => {
      const now = clock();
      await handler.apply(tx, items, prepared, now);
      const completed = await complete(
        tx,
        items.map((i) => i.id),
        id,
        now,
      );
      if (completed !== items.length) throw new LeaseLostError('lease expired before the work committed');
    });
  }

  async function fail(item: InboxRow, error: unknown): Promise<'retried' | 'dead'> {
    const decision = decideRetry(error, item.attempts, policy, random);
    const now = clock();
    if (decision.kind === 'dead') {
      await failItem(database.db, item.id, id, decision.reason, now, { dead: true });
      log.warn({ item: item.id, reason: decision.reason }, 'inbox item dead-lettered');
      return 'dead';
    }
    await failItem(database.db, item.id, id, decision.reason, now, {
      retryAt: new Date(now.getTime() + decision.delayMs),
    });
    log.info(
      { item: item.id, delayMs: decision.delayMs, reason: decision.reason },
      'inbox item will be retried',
    );
    return 'retried';
  }

  async function runOnce(): Promise<BatchOutcome> {
    const items = await claimBatch(database.db, { workerId: id, limit: batchSize, leaseMs, now: clock() });
    const outcome = { claimed: items.length, done: 0, retried: 0, dead: 0 };
    for (const group of groupItems(items)) {
      try {
        await processGroup(group);
        outcome.done += group.length;
        continue;
      } catch (error) {
        if (error instanceof LeaseLostError || group.length === 1) {
          if (error instanceof LeaseLostError) {
            log.warn({ items: group.map((i) => i.id) }, 'lease lost; another worker owns these items now');
            continue;
          }
          outcome[await fail(group[0] as InboxRow, error)] += 1;
          continue;
        }
        log.warn({ err: describeError(error), size: group.length }, 'group failed; isolating items');
      }
      // One bad item must not hold its neighbours back: retry the group one item at a time.
      for (const item of group) {
        try {
          await processGroup([item]);
          outcome.done += 1;
        } catch (error) {
          if (error instanceof LeaseLostError) continue;
          outcome[await fail(item, error)] += 1;
        }
      }
    }
    return outcome;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = (await runOnce()).claimed;
      } catch (error) {
        log.error({ err: describeError(error) }, 'worker iteration failed; will retry');
      }
      const pauseMs = claimed === 0 ? idleMs : claimed < batchSize ? coalesceMs : 0;
      if (pauseMs > 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pauseMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    id,
    runOnce,
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = null;
    },
  };
}

/** Groups a claimed batch by payload type and tenant, keeping inbox order within each group. */
export function groupItems(items: readonly InboxRow[]): InboxRow[][] {
  const groups = new Map<string, InboxRow[]>();
  for (const item of items) {
    const key = `${payloadType(item.payload)}|${item.tenantId ?? `${item.crm}:${item.externalAccountId}`}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
