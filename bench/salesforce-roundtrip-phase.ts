import { setTimeout as delay } from 'node:timers/promises';
import { settle } from '../src/simulate/demo/salesforce/run-salesforce-demo.ts';
import type { SalesforceStack } from '../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import { inboxCounts } from '../src/simulate/demo/wait-until-settled.ts';
import { trackWriteBacks } from './salesforce-roundtrip-tracker.ts';

/** What one phase of changes cost and how fast each came back. */
export interface PhaseRun {
  readonly changes: number;
  /** Changes made per second, as the org made them (the offered rate, as achieved). */
  readonly changesPerSec: number;
  /** Timed changes whose write-back arrived: ms from the change to Baton's write on the Lead. */
  readonly latencies: readonly number[];
  readonly unanswered: number;
  readonly wrongValues: number;
  readonly overtaken: number;
  /** Write-backs per second, from the first change to the last write-back. */
  readonly writtenPerSec: number;
  /** From the first change to the last write-back, ms. */
  readonly elapsedMs: number;
  /** REST calls the org answered during the phase, by endpoint (`GET /query`, …). */
  readonly callsByEndpoint: Readonly<Record<string, number>>;
  /** Calls answered with anything but 2xx. */
  readonly failedCalls: number;
  readonly outbound: {
    readonly messages: number;
    readonly notifications: number;
    readonly failedAttempts: number;
    readonly abandoned: number;
    readonly duplicates: number;
  };
  /** Inbox items dead-lettered during the phase. */
  readonly deadLetters: number;
  /** Why the org and the inbox did not settle after the phase; null when they did. */
  readonly unsettled: string | null;
}

export interface PhasePlan {
  readonly leadIds: readonly string[];
  /** The Rating every change sets. */
  readonly rating: string;
  /** Changes per second; unset, every change is made at once (a burst). */
  readonly ratePerSec?: number;
  /** The first changes warm Baton up and are not timed (their calls are counted). */
  readonly untimed: number;
  readonly drainMs: number;
}

/**
 * Changes each Lead's Rating once, at a fixed rate (an open loop: a change is made when it is
 * due, however far behind Baton is) or all at once, and waits for Baton's write-backs and for the
 * inbox to drain. Counters are reset first, so the calls counted are the phase's.
 */
export async function runPhase(stack: SalesforceStack, plan: PhasePlan): Promise<PhaseRun> {
  const { standIn } = stack;
  const { db } = stack.database;
  standIn.resetCounters();
  const before = standIn.outboundStats();
  const deadBefore = (await inboxCounts(db)).dead ?? 0;
  const tracker = trackWriteBacks(standIn);
  const total = plan.leadIds.length;
  const change = (index: number) => {
    const id = plan.leadIds[index] ?? '';
    tracker.expect(id, index >= plan.untimed);
    standIn.updateLead(id, { Rating: plan.rating });
  };
  const started = performance.now();
  let made = 0;
  if (plan.ratePerSec === undefined) {
    for (; made < total; made += 1) change(made);
  } else {
    while (made < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) * plan.ratePerSec) / 1000) + 1);
      for (; made < due; made += 1) change(made);
      await delay(5);
    }
  }
  const madeIn = performance.now() - started;
  const drainUntil = performance.now() + plan.drainMs;
  while (tracker.pending() > 0 && performance.now() < drainUntil) await delay(20);
  tracker.stop();
  // A call is logged once its answer is sent, after the change it made: let the last ones finish.
  const unsettled = await settle(stack, db, plan.drainMs).then(
    () => null,
    (error: unknown) => String(error instanceof Error ? error.message : error),
  );
  const after = standIn.outboundStats();
  const answered = total - tracker.pending();
  const elapsedMs = Math.max(1, tracker.lastWriteAt() - started);
  return {
    changes: total,
    changesPerSec: plan.ratePerSec === undefined ? Number.POSITIVE_INFINITY : (total * 1000) / madeIn,
    latencies: tracker.latencies,
    unanswered: tracker.pending(),
    wrongValues: tracker.wrongValues(),
    overtaken: tracker.overtaken(),
    writtenPerSec: (answered * 1000) / elapsedMs,
    elapsedMs,
    callsByEndpoint: standIn.callsByEndpoint(),
    failedCalls: standIn.requestLog().filter((r) => r.status < 200 || r.status >= 300).length,
    outbound: {
      messages: after.messagesAcknowledged - before.messagesAcknowledged,
      notifications: after.notificationsAcknowledged - before.notificationsAcknowledged,
      failedAttempts: after.failedAttempts - before.failedAttempts,
      abandoned: after.abandonedMessages - before.abandonedMessages,
      duplicates: after.duplicatesSent - before.duplicatesSent,
    },
    deadLetters: ((await inboxCounts(db)).dead ?? 0) - deadBefore,
    unsettled,
  };
}
