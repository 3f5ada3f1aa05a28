import type { FunnelModel } from '../funnel/funnel-model.ts';
import type { HandoffEventType } from '../journey/ledger-entry.ts';

export interface StageReach {
  readonly stage: string;
  /** Records whose furthest stage so far is this one. */
  readonly records: number;
}

export interface WaterfallStep {
  readonly stage: string;
  readonly label: string;
  readonly owner: string;
  /** Records that reached this stage or any later one (a lead entering mid-funnel passed the stages above). */
  readonly reached: number;
  /** Share of the previous step's records that got this far; null for the first step. */
  readonly conversionFromPrevious: number | null;
}

export interface Waterfall {
  readonly steps: readonly WaterfallStep[];
  /** Qualified leads sales never accepted: rejected, or still waiting (DOMAIN §7 "wastage"). */
  readonly handoffs: {
    readonly handedOff: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly acceptanceRate: number | null;
    readonly wastageRate: number | null;
  };
  readonly rejectionReasons: readonly { readonly reasonCode: string; readonly records: number }[];
}

/**
 * The demand waterfall from per-stage and per-event record counts. `reached` is cumulative from
 * the bottom: sales-sourced leads enter mid-funnel, and counting them only where they entered
 * would show conversions above 100%.
 */
export function buildWaterfall(
  model: FunnelModel,
  furthestStageRecords: readonly StageReach[],
  eventRecords: Readonly<Partial<Record<HandoffEventType, number>>>,
  rejectionReasons: readonly { readonly reasonCode: string; readonly records: number }[],
): Waterfall {
  const furthest = new Map(furthestStageRecords.map((s) => [s.stage, s.records]));
  let below = 0;
  const reachedByIndex = model.stages
    .map((stage) => stage.key)
    .reverse()
    .map((key) => {
      below += furthest.get(key) ?? 0;
      return below;
    })
    .reverse();
  const steps = model.stages.map((stage, index) => {
    const reached = reachedByIndex[index] ?? 0;
    const owner = [...stage.owners].sort((a, b) => b.weight - a.weight)[0]?.function ?? '';
    return { stage: stage.key, label: stage.label, owner, reached };
  });
  const handedOff = eventRecords.handed_off ?? 0;
  const accepted = eventRecords.accepted ?? 0;
  const rejected = eventRecords.rejected ?? 0;
  return {
    steps: steps.map((step, index) => {
      const previous = steps[index - 1];
      return {
        ...step,
        conversionFromPrevious:
          previous === undefined || previous.reached === 0 ? null : step.reached / previous.reached,
      };
    }),
    handoffs: {
      handedOff,
      accepted,
      rejected,
      acceptanceRate: handedOff === 0 ? null : accepted / handedOff,
      wastageRate: handedOff === 0 ? null : (handedOff - accepted) / handedOff,
    },
    rejectionReasons: [...rejectionReasons].sort(
      (a, b) => b.records - a.records || a.reasonCode.localeCompare(b.reasonCode),
    ),
  };
}
