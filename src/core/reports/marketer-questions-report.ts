import { furthestStageIndex, isClosed, type ReportContext, type ReportLead } from './report-lead.ts';
import { nearestRank, ratio } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';
import { isSleeping } from './sleeping-pipeline-report.ts';
import { performanceBy, performanceColumns, type SourcePerformance } from './source-report.ts';
import { buildWaterfall, type WaterfallStage } from './waterfall-report.ts';

export const COHORT_ATTRIBUTES = ['origin', 'channel', 'fit_band', 'territory', 'team'] as const;
export type CohortAttribute = (typeof COHORT_ATTRIBUTES)[number];

export interface AttributeShare {
  readonly attribute: CohortAttribute;
  readonly value: string;
  readonly cohort: number;
  readonly cohortShare: number | null;
  readonly rest: number;
  readonly restShare: number | null;
}

export interface CohortComparison {
  /** Who is in the cohort, in words. */
  readonly definition: string;
  readonly cohort: number;
  readonly rest: number;
  readonly attributes: readonly AttributeShare[];
}

export interface DropOutStage {
  readonly stage: string;
  readonly label: string;
  readonly reached: number;
  /** Leads whose furthest stage is this one and that stopped there: lost, disqualified, dormant, recycled or sleeping. */
  readonly dropped: number;
  readonly dropRate: number | null;
}

/** The five questions a marketer asks of the shared pipeline (DOMAIN §3.5), one answer each. */
export interface MarketerQuestionsReport {
  readonly mostUseful: readonly SourcePerformance[];
  readonly slowDown: readonly WaterfallStage[];
  readonly dropOut: readonly DropOutStage[];
  readonly fastMoving: CohortComparison;
  readonly converting: CohortComparison;
}

/** Fit score bands of the lead's latest verdict. */
export function fitBandOf(score: number | null): string {
  if (score === null) return 'unscored';
  if (score < 25) return '0-24';
  if (score < 50) return '25-49';
  if (score < 75) return '50-74';
  return '75+';
}

const attributeOf = (lead: ReportLead, attribute: CohortAttribute): string => {
  switch (attribute) {
    case 'origin':
      return lead.origin;
    case 'channel':
      return lead.channel ?? 'none';
    case 'fit_band':
      return fitBandOf(lead.fitScore);
    case 'territory':
      return lead.territory ?? 'none';
    case 'team':
      return lead.team ?? 'none';
  }
};

/** The cohort's attribute distribution next to everyone else's, with counts, so a small cohort shows as small. */
export function compareCohort(
  definition: string,
  leads: readonly ReportLead[],
  inCohort: (lead: ReportLead) => boolean,
): CohortComparison {
  // One pass over the leads: each lead's attribute values and side, counted per attribute value.
  const counts = COHORT_ATTRIBUTES.map(() => new Map<string, { cohort: number; rest: number }>());
  let cohortSize = 0;
  for (const lead of leads) {
    const side = inCohort(lead) ? 'cohort' : 'rest';
    if (side === 'cohort') cohortSize += 1;
    COHORT_ATTRIBUTES.forEach((attribute, i) => {
      const value = attributeOf(lead, attribute);
      const map = counts[i];
      const tally = map?.get(value) ?? { cohort: 0, rest: 0 };
      tally[side] += 1;
      map?.set(value, tally);
    });
  }
  const restSize = leads.length - cohortSize;
  const attributes = COHORT_ATTRIBUTES.flatMap((attribute, i) =>
    [...(counts[i] ?? new Map())]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, tally]) => ({
        attribute,
        value,
        cohort: tally.cohort,
        cohortShare: ratio(tally.cohort, cohortSize),
        rest: tally.rest,
        restShare: ratio(tally.rest, restSize),
      })),
  );
  return { definition, cohort: cohortSize, rest: restSize, attributes };
}

const timeToSalesQualified = (lead: ReportLead) => {
  const at = lead.firstEvents.sales_qualified;
  return at === undefined ? null : at - (lead.firstEvents.created ?? lead.firstSeenAt);
};

export function buildMarketerQuestions(
  leads: readonly ReportLead[],
  context: ReportContext,
): MarketerQuestionsReport {
  const { model } = context;
  const waterfall = buildWaterfall(leads, context);
  const stopped = (l: ReportLead) =>
    (isClosed(l) && l.firstEvents.won === undefined) ||
    l.firstEvents.dormant !== undefined ||
    l.firstEvents.recycled !== undefined ||
    isSleeping(l, context);
  const furthest = new Map(leads.map((l) => [l.recordId, furthestStageIndex(model, l)]));
  const sqlTimes = leads.flatMap((l) => {
    const t = timeToSalesQualified(l);
    return t === null ? [] : [t];
  });
  const median = nearestRank(sqlTimes, 50);
  return {
    mostUseful: [...performanceBy('origin', leads), ...performanceBy('channel', leads)].sort(
      (a, b) => (b.closeRate ?? -1) - (a.closeRate ?? -1) || b.won - a.won || a.group.localeCompare(b.group),
    ),
    slowDown: [...waterfall.stages].sort(
      (a, b) =>
        (b.timeInStage.p50Hours ?? -1) - (a.timeInStage.p50Hours ?? -1) || a.stage.localeCompare(b.stage),
    ),
    dropOut: waterfall.stages.map((stage, index) => {
      const dropped = leads.filter((l) => furthest.get(l.recordId) === index && stopped(l)).length;
      return {
        stage: stage.stage,
        label: stage.label,
        reached: stage.reached,
        dropped,
        dropRate: ratio(dropped, stage.reached),
      };
    }),
    fastMoving: compareCohort(
      'Leads that reached sales-qualified within the median time to get there; the rest are every other lead',
      leads,
      (l) => {
        const t = timeToSalesQualified(l);
        return t !== null && median !== null && t <= median;
      },
    ),
    converting: compareCohort(
      'Leads that were won; the rest are every other lead',
      leads,
      (l) => l.firstEvents.won !== undefined,
    ),
  };
}

const cohortColumns = (question: string) =>
  [
    ['question', () => question],
    ['attribute', (r: AttributeShare) => r.attribute],
    ['value', (r: AttributeShare) => r.value],
    ['cohort', (r: AttributeShare) => r.cohort],
    ['cohort_share', (r: AttributeShare) => r.cohortShare],
    ['rest', (r: AttributeShare) => r.rest],
    ['rest_share', (r: AttributeShare) => r.restShare],
  ] as const;

export function marketerQuestionsTables(report: MarketerQuestionsReport): ReportTable[] {
  return [
    table('most_useful', report.mostUseful, performanceColumns),
    table('slow_down', report.slowDown, [
      ['stage', (s) => s.stage],
      ['label', (s) => s.label],
      ['timed_visits', (s) => s.timeInStage.count],
      ['time_in_stage_p50_hours', (s) => s.timeInStage.p50Hours],
      ['time_in_stage_p95_hours', (s) => s.timeInStage.p95Hours],
    ]),
    table('drop_out', report.dropOut, [
      ['stage', (s) => s.stage],
      ['label', (s) => s.label],
      ['reached', (s) => s.reached],
      ['dropped', (s) => s.dropped],
      ['drop_rate', (s) => s.dropRate],
    ]),
    table('fast_moving', report.fastMoving.attributes, cohortColumns('fast_moving')),
    table('converting', report.converting.attributes, cohortColumns('converting')),
  ];
}
