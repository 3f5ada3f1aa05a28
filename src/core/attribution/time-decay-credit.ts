import { DAY_MS, type Instant } from '../time.ts';
import { ConfigurationInvalidError } from '../validation.ts';
import { type AttributionOptions, formatShare, type WeightPlan } from './attribution-result.ts';
import { lastIndexAtOrBefore } from './key-touches.ts';
import type { ConversionMilestones, Touch } from './touch.ts';

export const DEFAULT_HALF_LIFE_MS = 7 * DAY_MS;

function resolveHalfLife(options: AttributionOptions): number {
  const halfLife = options.halfLifeMs ?? DEFAULT_HALF_LIFE_MS;
  if (!Number.isFinite(halfLife) || halfLife <= 0) {
    throw new ConfigurationInvalidError('attribution options', [
      { path: 'halfLifeMs', message: 'must be a positive, finite number of milliseconds' },
    ]);
  }
  return halfLife;
}

function describeHalfLife(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS} day(s)` : `${ms} ms`;
}

function resolveConversionPoint(
  milestones: ConversionMilestones,
  options: AttributionOptions,
): { readonly at: Instant; readonly name: string } | undefined {
  if (milestones.closedWonAt !== undefined) return { at: milestones.closedWonAt, name: 'closed-won' };
  if (milestones.opportunityCreatedAt !== undefined) {
    return { at: milestones.opportunityCreatedAt, name: 'opportunity creation' };
  }
  if (options.now !== undefined) return { at: options.now, name: 'now' };
  return undefined;
}

/**
 * Each touch's weight halves for every half-life it lies before the conversion point
 * (closed-won, else opportunity creation, else `now`). Touches after that point did not lead to it and get 0.
 * Without a usable point (none given, or every touch after it) the latest touch is the reference.
 */
export function creditTimeDecay(
  sorted: readonly Touch[],
  milestones: ConversionMilestones,
  options: AttributionOptions,
): WeightPlan {
  const halfLife = resolveHalfLife(options);
  const point = resolveConversionPoint(milestones, options);
  let lastEligible = point === undefined ? -1 : lastIndexAtOrBefore(sorted, point.at);
  let reference: string;
  if (point === undefined) {
    lastEligible = sorted.length - 1;
    reference = 'the latest touch (no conversion point and no `now` given)';
  } else if (lastEligible < 0) {
    lastEligible = sorted.length - 1;
    reference = `the latest touch (every touch is after ${point.name})`;
  } else {
    reference = `${point.name} at ${new Date(point.at).toISOString()}`;
  }
  const youngest = sorted[lastEligible]?.occurredAt ?? 0;
  // Relative to the youngest eligible touch, so very old journeys cannot underflow every weight to 0.
  const raw = sorted.map((t, i) => (i > lastEligible ? 0 : 2 ** ((t.occurredAt - youngest) / halfLife)));
  const total = raw.reduce((sum, w) => sum + w, 0);
  const weights = raw.map((w) => w / total);
  const excluded = sorted.length - 1 - lastEligible;
  const notes = [`Time decay (half-life ${describeHalfLife(halfLife)}) measured back from ${reference}`];
  const latest = weights[lastEligible] ?? 0;
  notes.push(`the most recent counted touch gets ${formatShare(latest)}`);
  if (excluded > 0) notes.push(`${excluded} touch(es) after the conversion point get 0`);
  return { weights, pending: 0, pendingRoles: [], explanation: `${notes.join('; ')}.` };
}
