import { DAY_MS } from '../time.ts';
import { isClosed, type ReportContext, type ReportLead } from './report-lead.ts';
import { round } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

export interface SleepingLead {
  readonly recordId: string;
  readonly stage: string;
  readonly ownerPerson: string | null;
  readonly team: string | null;
  readonly enteredAt: string;
  readonly daysInStage: number;
}

export interface SleepingStage {
  readonly stage: string;
  readonly label: string;
  readonly thresholdDays: number;
  readonly open: number;
  readonly sleeping: number;
}

export interface SleepingPipelineReport {
  readonly stages: readonly SleepingStage[];
  /** The sleeping leads, longest asleep first, at most the context's list limit. */
  readonly records: readonly SleepingLead[];
  readonly recordsLeftOut: number;
}

const thresholdDays = ({ sleeping }: ReportContext, stage: string) =>
  sleeping.byStage[stage] ?? sleeping.afterDays;

const isOpen = (lead: ReportLead) => lead.stage !== null && lead.stageEnteredAt !== null && !isClosed(lead);

/** An open lead that has sat in its stage past the tenant's threshold for that stage. */
export function isSleeping(lead: ReportLead, context: ReportContext): boolean {
  return (
    isOpen(lead) &&
    context.now - (lead.stageEnteredAt ?? context.now) > thresholdDays(context, lead.stage ?? '') * DAY_MS
  );
}

/** Open leads that have sat in one stage past the tenant's threshold, per stage and lead by lead. */
export function buildSleepingPipeline(
  leads: readonly ReportLead[],
  context: ReportContext,
): SleepingPipelineReport {
  const { model, now } = context;
  const open = leads.filter(isOpen);
  const asleep = open
    .filter((l) => isSleeping(l, context))
    .sort(
      (a, b) => (a.stageEnteredAt ?? 0) - (b.stageEnteredAt ?? 0) || a.recordId.localeCompare(b.recordId),
    );
  return {
    stages: model.stages.map((stage) => ({
      stage: stage.key,
      label: stage.label,
      thresholdDays: thresholdDays(context, stage.key),
      open: open.filter((l) => l.stage === stage.key).length,
      sleeping: asleep.filter((l) => l.stage === stage.key).length,
    })),
    records: asleep.slice(0, context.listLimit).map((l) => ({
      recordId: l.recordId,
      stage: l.stage ?? '',
      ownerPerson: l.ownerPerson,
      team: l.team,
      enteredAt: new Date(l.stageEnteredAt ?? 0).toISOString(),
      daysInStage: round((now - (l.stageEnteredAt ?? now)) / DAY_MS, 1),
    })),
    recordsLeftOut: Math.max(0, asleep.length - context.listLimit),
  };
}

export function sleepingPipelineTables(report: SleepingPipelineReport): ReportTable[] {
  return [
    table('stages', report.stages, [
      ['stage', (s) => s.stage],
      ['label', (s) => s.label],
      ['threshold_days', (s) => s.thresholdDays],
      ['open', (s) => s.open],
      ['sleeping', (s) => s.sleeping],
    ]),
    table('records', report.records, [
      ['record_id', (r) => r.recordId],
      ['stage', (r) => r.stage],
      ['owner', (r) => r.ownerPerson],
      ['team', (r) => r.team],
      ['entered_at', (r) => r.enteredAt],
      ['days_in_stage', (r) => r.daysInStage],
    ]),
  ];
}
