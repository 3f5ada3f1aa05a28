import type { BehaviourSignals, SelfRatingCheck } from '../../src/core/assessment/behaviour-signals.ts';
import type { AssessmentFunction, InstrumentKey } from '../../src/core/assessment/instruments.ts';
import type { RoundResults, TrendPoint } from '../../src/core/assessment/round-results.ts';
import type { FunnelModel } from '../../src/core/funnel/funnel-model.ts';
import type { FunnelPresetSummary } from '../../src/core/funnel/presets.ts';
import type { ReasonCode } from '../../src/core/journey/reason-codes.ts';
import type { JourneyMapping } from '../../src/core/journey/status-events.ts';
import type { QualificationDefinition } from '../../src/core/qualification/definition.ts';
import type { DefinitionChange } from '../../src/core/qualification/diff-definitions.ts';
import type { QualificationResult } from '../../src/core/qualification/qualification-result.ts';
import type { ReportFilter } from '../../src/core/reports/report-lead.ts';
import type { ReportTable } from '../../src/core/reports/report-table.ts';
import type { WaterfallReport } from '../../src/core/reports/waterfall-report.ts';

export type { CardView } from '../../src/core/card/card-view.ts';
export type {
  AssessmentFunction,
  BehaviourSignals,
  DefinitionChange,
  FunnelModel,
  FunnelPresetSummary,
  InstrumentKey,
  JourneyMapping,
  QualificationDefinition,
  QualificationResult,
  ReasonCode,
  ReportTable,
  RoundResults,
  SelfRatingCheck,
  TrendPoint,
  WaterfallReport,
};

export type Role = 'admin' | 'marketing' | 'sales';

export interface Session {
  readonly user: { readonly id: string; readonly name: string | null; readonly email: string | null };
  readonly tenant: { readonly id: string; readonly name: string; readonly crm: 'hubspot' | 'salesforce' };
  readonly roles: readonly Role[];
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export type ConsoleDefinition = QualificationDefinition & { readonly unwatchedProperties: readonly string[] };

export interface SettingsView {
  readonly caller: { readonly id: string; readonly roles: readonly Role[] };
  readonly funnel: {
    readonly model: FunnelModel;
    readonly version: number | null;
    readonly presets: readonly FunnelPresetSummary[];
  };
  readonly settings: {
    readonly reasonCodes: readonly ReasonCode[];
    readonly journeyMapping: JourneyMapping;
    readonly roles: unknown;
    readonly [section: string]: unknown;
  };
  readonly ownSections: readonly string[];
  readonly definitions: readonly ConsoleDefinition[];
}

export interface DefinitionOutcome {
  readonly definition: ConsoleDefinition;
  readonly retired: QualificationDefinition | null;
}

export interface DryRun {
  readonly result: QualificationResult;
  readonly unknownProperties: readonly string[];
  readonly unwatchedProperties: readonly string[];
  readonly observedAt: number;
}

export interface ReportSummary {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

/** Dates travel as epoch milliseconds in the filter the server echoes. */
export interface ReportAnswer<R = unknown> {
  readonly name: string;
  readonly title: string;
  readonly filter: ReportFilter;
  readonly generatedAt: string;
  readonly leads: number;
  readonly report: R;
  readonly tables: readonly ReportTable[];
}

export interface LeadRow {
  readonly recordId: string;
  readonly name: string | null;
  readonly stage: string | null;
  readonly ownerId: string | null;
  readonly since: string;
  readonly detail: string;
}

export interface LeadLists {
  readonly sleeping: readonly LeadRow[];
  readonly slaAtRisk: readonly LeadRow[];
  readonly rejections: readonly LeadRow[];
}

export interface AuditEntry {
  readonly id: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectKey: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: string;
}

export interface FieldNote {
  readonly id: string;
  readonly objectType: string;
  readonly recordId: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: number;
  readonly status: 'open' | 'acted_on' | 'declined';
  readonly answeredBy: string | null;
  readonly answer: string | null;
  readonly answeredAt: number | null;
}

/** A stored round as JSON carries its dates as ISO strings. */
export interface AssessmentRound {
  readonly id: string;
  readonly instrument: InstrumentKey;
  readonly name: string;
  readonly status: 'open' | 'closed';
  readonly openedBy: string;
  readonly openedAt: string;
  readonly closedAt: string | null;
}

export interface RoundSummary extends AssessmentRound {
  readonly invited: number;
  readonly answered: number;
  readonly results: RoundResults;
}

export interface NextRound {
  readonly from: number;
  readonly by: number;
  readonly state: 'not_yet' | 'due' | 'overdue';
}

export interface InstrumentSummary {
  readonly key: InstrumentKey;
  readonly name: string;
  readonly functions: readonly AssessmentFunction[];
  readonly interpretations: Readonly<Record<string, string>>;
}

export interface AssessmentsView {
  readonly instruments: readonly InstrumentSummary[];
  readonly rounds: readonly RoundSummary[];
  readonly nextRounds: Readonly<Partial<Record<InstrumentKey, NextRound>>>;
}

export interface RoundView {
  readonly round: AssessmentRound & { readonly invited: number; readonly answered: number };
  readonly results: RoundResults;
  readonly behaviour: BehaviourSignals;
  readonly selfRating: SelfRatingCheck;
  readonly trend: readonly TrendPoint[];
  readonly nextRound: NextRound;
}

export interface OpenedRound {
  readonly round: AssessmentRound;
  readonly links: readonly {
    readonly function: string;
    readonly level: string | null;
    readonly url: string;
  }[];
}
