import { buildLeadQuality, leadQualityTables } from './lead-quality-report.ts';
import { buildLeadToClose, leadToCloseTables } from './lead-to-close-report.ts';
import { buildMarketerQuestions, marketerQuestionsTables } from './marketer-questions-report.ts';
import { buildQuarterReview, quarterReviewTables } from './quarter-review-report.ts';
import type { ReportContext, ReportLead } from './report-lead.ts';
import type { ReportTable } from './report-table.ts';
import { buildSlaCompliance, slaComplianceTables } from './sla-compliance-report.ts';
import { buildSleepingPipeline, sleepingPipelineTables } from './sleeping-pipeline-report.ts';
import { buildSourceReport, sourceTables } from './source-report.ts';
import { buildWaterfall, waterfallTables } from './waterfall-report.ts';

export interface ReportDefinition<R> {
  readonly title: string;
  readonly description: string;
  readonly build: (leads: readonly ReportLead[], context: ReportContext) => R;
  /** Whether it reads the leads' touch-derived facts (content, credits), which travel only then. */
  readonly readsAttribution?: boolean;
  readonly tables: (report: R) => ReportTable[];
}

const report = <R>(definition: ReportDefinition<R>): ReportDefinition<unknown> =>
  definition as ReportDefinition<unknown>;

/** Every report, by the name the API, the CLI and CSV export call it. */
export const REPORTS = {
  waterfall: report({
    title: 'Funnel waterfall',
    description: 'Volume, conversion, time in stage (P50/P95) and value per stage.',
    build: buildWaterfall,
    tables: waterfallTables,
  }),
  'lead-quality': report({
    title: 'Lead quality',
    description:
      'Wastage and acceptance of MQLs, rejection reasons over time and per definition, recycling, lead statuses.',
    build: buildLeadQuality,
    tables: leadQualityTables,
  }),
  'sla-compliance': report({
    title: 'SLA compliance',
    description:
      'Response time per hand-off, P50/P95 and 0–5 / 5–15 / 15–60 / 60+ minute bands, per owner and team.',
    build: buildSlaCompliance,
    tables: slaComplianceTables,
  }),
  'sleeping-pipeline': report({
    title: 'Sleeping pipeline',
    description: 'Open leads past the stage threshold, per stage and lead by lead.',
    build: buildSleepingPipeline,
    tables: sleepingPipelineTables,
  }),
  'lead-to-close': report({
    title: 'Lead-to-close time and lost leads',
    description: 'Time from lead to win (P50/P95, per origin); lost leads by reason, stage and month.',
    build: buildLeadToClose,
    tables: leadToCloseTables,
  }),
  sources: report({
    title: 'Source and origin performance',
    description:
      'Marketing- versus sales-sourced results, expected revenue, every attribution model, content before orders.',
    build: buildSourceReport,
    tables: sourceTables,
    readsAttribution: true,
  }),
  'quarter-review': report({
    title: 'Quarter review of the worked SLA',
    description:
      'Per manager and quarter: credible leads marketing delivered, and leads sales contacted twice with a business case in time.',
    build: buildQuarterReview,
    tables: quarterReviewTables,
  }),
  'marketer-questions': report({
    title: 'The five marketer questions',
    description:
      'Most useful leads, where they slow down and drop out, what fast and converting leads have in common.',
    build: buildMarketerQuestions,
    tables: marketerQuestionsTables,
  }),
} as const satisfies Record<string, ReportDefinition<unknown>>;

export type ReportName = keyof typeof REPORTS;
export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];

export function isReportName(name: string): name is ReportName {
  return Object.hasOwn(REPORTS, name);
}
