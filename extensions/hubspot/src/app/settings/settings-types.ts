/** The settings API's answers as the settings page reads them (see Baton's README, "Settings API"). */

export type Role = 'marketing' | 'sales' | 'admin';

export interface PropertyMatch {
  readonly property: string;
  readonly values: readonly string[];
}

export interface StageSla {
  readonly targetMinutes: number;
  readonly clock: 'calendar' | 'business';
  readonly atRiskShare: number;
  readonly breachActions: readonly unknown[];
  readonly stopsOn?: readonly string[];
}

export interface FunnelStage {
  readonly key: string;
  readonly label: string;
  readonly owners: readonly { readonly function: string; readonly weight: number }[];
  readonly sla?: StageSla;
  readonly mapping: readonly PropertyMatch[];
  readonly isHandoff?: boolean;
  readonly milestones?: readonly string[];
  readonly marketingSupplies?: readonly string[];
}

export interface FunnelModel {
  readonly key: string;
  readonly name: string;
  readonly preset?: string;
  readonly functions: readonly { readonly key: string; readonly label: string }[];
  readonly stages: readonly FunnelStage[];
  readonly calendar: {
    readonly timeZone: string;
    readonly workingDays: readonly number[];
    readonly dayStart: string;
    readonly dayEnd: string;
    readonly holidays: readonly string[];
  };
}

export interface Leaf {
  readonly property: string;
  readonly operator: string;
  readonly value?: unknown;
  readonly label?: string;
}

export type Criterion =
  | Leaf
  | { readonly all: readonly Criterion[]; readonly label?: string }
  | { readonly any: readonly Criterion[]; readonly label?: string }
  | { readonly none: readonly Criterion[]; readonly label?: string };

export type DefinitionStatus = 'draft' | 'proposed' | 'approved' | 'active' | 'retired';

export interface Definition {
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly description?: string;
  readonly status: DefinitionStatus;
  readonly rules?: Criterion;
  readonly scoring?: unknown;
  readonly disqualifiers?: unknown;
  readonly approvals: {
    readonly marketing?: { readonly by: string; readonly at: number };
    readonly sales?: { readonly by: string; readonly at: number };
  };
  readonly changeNote?: string;
  readonly unwatchedProperties: readonly string[];
}

export interface ReasonCode {
  readonly key: string;
  readonly label: string;
  readonly appliesTo: readonly ('rejected' | 'lost' | 'disqualified')[];
}

export type RoleGrants = Partial<
  Record<Role, { readonly users?: readonly string[]; readonly teams?: readonly string[] }>
>;

export interface StatusEvent {
  readonly property: string;
  readonly value: string;
  readonly event: string;
  readonly whileAwaitingAcceptance?: string;
  readonly reasonCode?: string;
}

export interface JourneyMapping {
  readonly ownerProperty: string;
  readonly assigneeProperty?: string;
  readonly createdAtProperty: string;
  readonly statusEvents: readonly StatusEvent[];
}

/** Who SLA breach actions reach: reassignment queues (owner ids in turn) and each owner's manager. */
export interface SlaRouting {
  readonly queues: Readonly<Record<string, readonly string[]>>;
  readonly managers: Readonly<Record<string, string>>;
  readonly defaultManager: string | null;
}

export interface SettingsData {
  readonly caller: { readonly id: string; readonly roles: readonly Role[] };
  readonly funnel: {
    readonly model: FunnelModel;
    readonly version: number | null;
    readonly presets: readonly {
      readonly key: string;
      readonly name: string;
      readonly description: string;
    }[];
  };
  readonly settings: {
    readonly reasonCodes: readonly ReasonCode[];
    readonly journeyMapping: JourneyMapping;
    readonly roles: RoleGrants;
    readonly slaRouting: SlaRouting;
  };
  readonly ownSections: readonly string[];
  readonly definitions: readonly Definition[];
}

export interface CriterionResult {
  readonly label: string;
  readonly property: string;
  readonly observed: string | null;
  readonly met: boolean;
}

export interface DryRun {
  readonly result: {
    readonly verdict: 'qualified' | 'not_qualified' | 'disqualified';
    readonly explanation: string;
    readonly criteria: readonly CriterionResult[];
  };
  readonly unknownProperties: readonly string[];
  readonly unwatchedProperties: readonly string[];
  readonly observedAt: number;
}

export interface DefinitionChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ReportInfo {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

export interface ReportTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** A report as the reports API answers it; the page shows its flat tables. */
export interface ReportAnswer {
  readonly name: string;
  readonly title: string;
  readonly leads: number;
  readonly generatedAt: string;
  readonly tables: readonly ReportTable[];
}

/** A group's scores in an assessment round, or only that it is too small to show. */
export type AssessmentGroup =
  | {
      readonly shown: true;
      readonly respondents: number;
      readonly score?: number;
      readonly band?: string;
      readonly sections?: Readonly<Record<string, { readonly score: number; readonly band: string }>>;
    }
  | { readonly shown: false; readonly respondents: string };

export interface AssessmentResults {
  readonly respondents: number;
  readonly overall: { readonly score: number; readonly band: string; readonly meaning: string } | null;
  readonly byFunction: Readonly<Record<string, AssessmentGroup>>;
  readonly byLevel: Readonly<Record<string, AssessmentGroup>>;
  readonly gap: number | Readonly<Record<string, number>> | null;
  readonly levelGap: { readonly highest: string; readonly lowest: string; readonly gap: number } | null;
  readonly flags: readonly string[];
}

export interface AssessmentRound {
  readonly id: string;
  readonly instrument: string;
  readonly name: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly invited: number;
  readonly answered: number;
  readonly results: AssessmentResults;
}

export interface AssessmentInstrument {
  readonly key: string;
  readonly name: string;
  readonly functions: readonly string[];
}

export interface AssessmentsAnswer {
  readonly instruments: readonly AssessmentInstrument[];
  readonly rounds: readonly AssessmentRound[];
  readonly nextRounds: Readonly<
    Record<string, { readonly from: number; readonly by: number; readonly state: string }>
  >;
}

export interface AssessmentRoundView {
  readonly round: AssessmentRound;
  readonly results: AssessmentResults;
  readonly behaviour: {
    readonly handedOff: number;
    readonly handoffLagMinutesP50: number | null;
    readonly acceptanceRate: number | null;
    readonly untouchedShare: number | null;
    readonly feedback: { readonly given: number; readonly answeredShare: number | null };
  };
  readonly selfRating: { readonly aheadOfBehaviour: boolean; readonly poorSignals: readonly string[] };
  readonly trend: readonly {
    readonly roundId: string;
    readonly name: string;
    readonly overall: number | null;
  }[];
}

export interface OpenedRound {
  readonly round: AssessmentRound;
  readonly links: readonly {
    readonly function: string;
    readonly level: string | null;
    readonly url: string;
  }[];
}
