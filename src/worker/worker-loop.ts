import { randomUUID } from 'node:crypto';
import { PayloadTypeUnknownError, RateLimitedError, UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { DEFAULT_RETRY_POLICY, decideRetry, describeError, type RetryPolicy } from '../retry-policy.ts';
import type { Database } from '../store/database.ts';
import {
  type ClaimBudget,
  claimBatch,
  complete,
  fail as failItem,
  findDueGroups,
} from '../store/inbox-claim.ts';
import type { InboxRow } from '../store/inbox-intake.ts';
import type { HandlerRegistry } from './handler-registry.ts';
import { planClaim } from './plan-claim.ts';

/**
 * Half the one-second target from a change to its write-back: a portal changing 200 records a
 * second fills a 100-record call in about that time, and the read, the ledger and the write take
 * the rest.
 */
export const DEFAULT_MAX_WAIT_MS = 500;

export interface WorkerOptions {
  readonly database: Database;
  readonly handlers: HandlerRegistry;
  readonly logger: Logger;
  readonly workerId?: string;
  /** Records one claim takes per tenant and kind of work (all of each record's items). */
  readonly recordsPerClaim?: number;
  /** How long a claim holds; a worker killed mid-batch loses its items to others after this. */
  readonly leaseMs?: number;
  /** How often the inbox is looked at while nothing is ready to claim. */
  readonly pollMs?: number;
  /**
   * How long work that fills CRM calls (see `InboxHandler.recordsPerCall`) may wait for a full
   * call: each portal's call budget is small, so full calls are what keeps a busy portal within
   * it, while a quiet one still sees its changes written back within this bound plus the work.
   * Set, it applies to every kind of work; unset, each handler's own wait, else 500 ms.
   */
  readonly maxWaitMs?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly clock?: () => Date;
  readonly random?: () => number;
}

/** The worker's knobs a benchmark or demo may set; unset, the worker runs as `npm start` runs it. */
export type WorkerTuning = Pick<WorkerOptions, 'recordsPerClaim' | 'pollMs' | 'maxWaitMs'>;

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
  /** Claims everything due now (full calls or not) and processes it. */
  runOnce(): Promise<BatchOutcome>;
}

class LeaseLostError extends Error {}

export function createWorker(options: WorkerOptions): Worker {
  const id = options.workerId ?? `worker-${randomUUID()}`;
  const { database, handlers, logger } = options;
  const recordsPerClaim = options.recordsPerClaim ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  const maxWaitMs = (kind: string) => options.maxWaitMs ?? handlers.maxWaitMs(kind) ?? DEFAULT_MAX_WAIT_MS;
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
    if (!handler) throw new PayloadTypeUnknownError(first.kind);
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

  /** Claims (what `budgets` allows, or everything due) and processes it group by group. */
  async function work(budgets?: readonly ClaimBudget[]): Promise<BatchOutcome> {
    const items = await claimBatch(database.db, {
      workerId: id,
      limit: recordsPerClaim,
      leaseMs,
      now: clock(),
      ...(budgets ? { budgets } : {}),
    });
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
        if (error instanceof RateLimitedError || error instanceof UpstreamUnavailableError) {
          // The CRM is busy or down, for every record alike: splitting the group would send it
          // one call per record at once. The whole group waits, under one decision each.
          log.info({ err: describeError(error), size: group.length }, 'group waits for the CRM');
          for (const item of group) outcome[await fail(item, error)] += 1;
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

  /** Claims what is ready to go and returns how long to wait before looking again (0: at once). */
  async function step(): Promise<number> {
    const now = clock();
    const plan = planClaim(await findDueGroups(database.db, now), {
      now,
      maxRecords: recordsPerClaim,
      maxWaitMs,
      recordsPerCall: (kind) => handlers.recordsPerCall(kind),
    });
    if (plan.budgets.length === 0) return Math.max(1, Math.min(pollMs, plan.wakeInMs ?? pollMs));
    // Nothing claimed means another worker took it first: look again after a poll, not at once.
    return (await work(plan.budgets)).claimed === 0 ? pollMs : 0;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let pauseMs = pollMs;
      try {
        pauseMs = await step();
      } catch (error) {
        log.error({ err: describeError(error) }, 'worker iteration failed; will retry');
      }
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
    runOnce: () => work(),
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
    const key = `${item.kind}|${item.tenantId ?? `${item.crm}:${item.externalAccountId}`}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
