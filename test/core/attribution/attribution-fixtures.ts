import { expect } from 'vitest';
import type { AttributionResult } from '../../../src/core/attribution/attribution-result.ts';
import type { ConversionMilestones, Touch, TouchOrigin } from '../../../src/core/attribution/touch.ts';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-03-02T09:00:00Z');

export const day = (n: number) => T0 + n * DAY;

export function touch(
  id: string,
  onDay: number,
  channel = 'email',
  origin: TouchOrigin = 'marketing',
): Touch {
  return { id, occurredAt: day(onDay), channel, origin };
}

export interface Journey {
  readonly touches: readonly Touch[];
  readonly milestones: ConversionMilestones;
}

/** One touch on day 0, which is also when the lead was created. */
export const ONE: Journey = { touches: [touch('a', 0)], milestones: { leadCreatedAt: day(0) } };

/** a on day 0 (first), b on day 7 (lead creation); no opportunity yet. */
export const TWO: Journey = {
  touches: [touch('a', 0), touch('b', 7)],
  milestones: { leadCreatedAt: day(7) },
};

/** a first, b lead creation, c opportunity creation, a week apart; the opportunity is still open. */
export const THREE: Journey = {
  touches: [touch('a', 0), touch('b', 7), touch('c', 14)],
  milestones: { leadCreatedAt: day(7), opportunityCreatedAt: day(14) },
};

/** a first, b lead creation, c pre-MQL, d opportunity creation, e closed-won, a week apart. */
export const FIVE: Journey = {
  touches: [
    touch('a', 0, 'paid_search'),
    touch('b', 7, 'email'),
    touch('c', 14, 'email'),
    touch('d', 21, 'cold_calls', 'sales'),
    touch('e', 28, 'partners', 'partner'),
  ],
  milestones: { leadCreatedAt: day(7), mqlAt: day(14), opportunityCreatedAt: day(21), closedWonAt: day(28) },
};

export function weightsOf(result: AttributionResult): Record<string, number> {
  return Object.fromEntries(result.credits.map((c) => [c.touchId, c.weight]));
}

/** Weights are compared to 12 decimals; touches missing from `expected` must have weight 0. */
export function expectWeights(
  result: AttributionResult,
  expected: Readonly<Record<string, number>>,
  expectedPending: number,
): void {
  const actual = weightsOf(result);
  for (const id of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    expect(actual[id], `weight of touch ${id}`).toBeCloseTo(expected[id] ?? 0, 12);
  }
  expect(result.pending, 'pending share').toBeCloseTo(expectedPending, 12);
}
