import { TOUCH_ORIGINS, type TouchOrigin } from '../attribution/touch.ts';
import { isClosed, leadingOwner, type ReportContext, type ReportLead } from './report-lead.ts';
import { type DurationStats, durationStats, ratio } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

export interface WaterfallStage {
  readonly stage: string;
  readonly label: string;
  readonly owner: string;
  /** Leads that entered this stage themselves. */
  readonly entered: number;
  /**
   * Leads that got this far: entered this stage or any later one. A lead that skipped the stage
   * (a sales-generated lead entering at SAL, a jump from MQL to SQL) passed it on the way.
   */
  readonly reached: number;
  readonly reachedByOrigin: Readonly<Record<TouchOrigin, number>>;
  /** Share of the previous stage's reached leads that got this far; null for the first stage. */
  readonly conversionFromPrevious: number | null;
  /** Time in stage over finished visits, nearest-rank. */
  readonly timeInStage: DurationStats;
  /** Open leads in this stage now, and their value. */
  readonly inStage: number;
  readonly valueInStage: number;
  /** Value of every lead that reached this stage. */
  readonly valueReached: number;
}

export interface WaterfallReport {
  readonly leads: number;
  /** Leads in no stage of the model (their CRM values map to none). */
  readonly unstaged: number;
  readonly stages: readonly WaterfallStage[];
}

/**
 * Volume, conversion, velocity and value per stage (DOMAIN §7), in the model's order. One pass
 * over the leads, as a report may count a million ledger rows' worth of them.
 */
export function buildWaterfall(leads: readonly ReportLead[], context: ReportContext): WaterfallReport {
  const { model } = context;
  const stageCount = model.stages.length;
  const indexOf = new Map(model.stages.map((stage, i) => [stage.key, i]));
  const counts = model.stages.map((stage) => ({
    stage,
    entered: 0,
    reached: 0,
    reachedByOrigin: Object.fromEntries(TOUCH_ORIGINS.map((o) => [o, 0])) as Record<TouchOrigin, number>,
    times: [] as number[],
    inStage: 0,
    valueInStage: 0,
    valueReached: 0,
  }));
  let unstaged = 0;
  for (const lead of leads) {
    let furthest = -1;
    for (const stage in lead.stageFirstEntered) {
      const i = indexOf.get(stage);
      if (i === undefined) continue;
      furthest = Math.max(furthest, i);
      const step = counts[i];
      if (step) step.entered += 1;
    }
    if (furthest < 0) unstaged += 1;
    for (let i = 0; i <= furthest && i < stageCount; i += 1) {
      const step = counts[i];
      if (!step) continue;
      step.reached += 1;
      step.reachedByOrigin[lead.origin] += 1;
      step.valueReached += lead.value ?? 0;
    }
    for (const stage in lead.stageTime) {
      const time = lead.stageTime[stage];
      const i = indexOf.get(stage);
      if (i !== undefined && time !== undefined) counts[i]?.times.push(time);
    }
    const current = lead.stage === null ? undefined : indexOf.get(lead.stage);
    const step = current === undefined ? undefined : counts[current];
    if (step && !isClosed(lead)) {
      step.inStage += 1;
      step.valueInStage += lead.value ?? 0;
    }
  }
  return {
    leads: leads.length,
    unstaged,
    stages: counts.map((step, index) => {
      const previous = counts[index - 1];
      return {
        stage: step.stage.key,
        label: step.stage.label,
        owner: leadingOwner(model, index),
        entered: step.entered,
        reached: step.reached,
        reachedByOrigin: step.reachedByOrigin,
        conversionFromPrevious: previous === undefined ? null : ratio(step.reached, previous.reached),
        timeInStage: durationStats(step.times),
        inStage: step.inStage,
        valueInStage: step.valueInStage,
        valueReached: step.valueReached,
      };
    }),
  };
}

export function waterfallTables(report: WaterfallReport): ReportTable[] {
  return [
    table('stages', report.stages, [
      ['stage', (s) => s.stage],
      ['label', (s) => s.label],
      ['owner', (s) => s.owner],
      ['entered', (s) => s.entered],
      ['reached', (s) => s.reached],
      ...TOUCH_ORIGINS.map((o) => [`reached_${o}`, (s: WaterfallStage) => s.reachedByOrigin[o]] as const),
      ['conversion_from_previous', (s) => s.conversionFromPrevious],
      ['timed_visits', (s) => s.timeInStage.count],
      ['time_in_stage_p50_hours', (s) => s.timeInStage.p50Hours],
      ['time_in_stage_p95_hours', (s) => s.timeInStage.p95Hours],
      ['in_stage', (s) => s.inStage],
      ['value_in_stage', (s) => s.valueInStage],
      ['value_reached', (s) => s.valueReached],
    ]),
  ];
}
