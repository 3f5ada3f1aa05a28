import type { AttributionModel, AttributionResult } from './attribution-result.ts';
import type { TouchOrigin } from './touch.ts';

export interface CreditTotals {
  /** Sum of weights: the number of leads this bucket is credited with. */
  readonly credit: number;
  /** Sum of revenue × weight; 0 when no revenue was given. */
  readonly revenue: number;
}

export interface CreditRollup {
  readonly model: AttributionModel | null;
  readonly leads: number;
  readonly byChannel: Readonly<Record<string, CreditTotals>>;
  readonly byOrigin: Readonly<Record<TouchOrigin, CreditTotals>>;
  /** Credit still held for open opportunities, not yet given to any channel. */
  readonly pending: CreditTotals;
}

interface MutableTotals {
  credit: number;
  revenue: number;
}

const zero = (): MutableTotals => ({ credit: 0, revenue: 0 });

function add(totals: MutableTotals, weight: number, revenue: number): void {
  totals.credit += weight;
  totals.revenue += revenue * weight;
}

/**
 * Sums per-lead credit (and revenue × weight) per channel and per origin for source reports. All results
 * must come from one model: adding first-touch credit to linear credit would count leads twice.
 */
export function rollupCredits(
  results: readonly AttributionResult[],
  revenueByResult?: readonly number[],
): CreditRollup {
  if (revenueByResult !== undefined && revenueByResult.length !== results.length) {
    throw new RangeError(
      `revenueByResult has ${revenueByResult.length} entries for ${results.length} results; pass one per result`,
    );
  }
  const models = new Set(results.map((r) => r.model));
  if (models.size > 1) {
    throw new RangeError(
      `cannot roll up credit from several models (${[...models].join(', ')}); roll up each apart`,
    );
  }
  const byChannel: Record<string, MutableTotals> = {};
  const byOrigin: Record<TouchOrigin, MutableTotals> = {
    marketing: zero(),
    sales: zero(),
    partner: zero(),
    other: zero(),
  };
  const pending = zero();
  results.forEach((result, i) => {
    const revenue = revenueByResult?.[i] ?? 0;
    if (!Number.isFinite(revenue)) throw new RangeError(`revenueByResult[${i}] must be a finite number`);
    for (const credit of result.credits) {
      let channel = byChannel[credit.channel];
      if (channel === undefined) {
        channel = zero();
        byChannel[credit.channel] = channel;
      }
      add(channel, credit.weight, revenue);
      add(byOrigin[credit.origin], credit.weight, revenue);
    }
    add(pending, result.pending, revenue);
  });
  return { model: results[0]?.model ?? null, leads: results.length, byChannel, byOrigin, pending };
}
