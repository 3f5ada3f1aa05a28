import type { CriterionOperator, ExpectedValue } from './criteria.ts';

export type QualificationVerdict = 'qualified' | 'not_qualified' | 'disqualified';

/** One property test as evaluated against one record: what was expected, what was seen. */
export interface CriterionResult {
  /** Where the criterion sits in the definition, e.g. `rules.all[1].any[0]`. */
  readonly path: string;
  readonly label: string;
  readonly operator: CriterionOperator;
  readonly property: string;
  readonly expected: ExpectedValue;
  readonly observed: string | null;
  readonly met: boolean;
}

export type ScoreDimension = 'fit' | 'engagement';

export interface ScoreResult {
  /** e.g. `scoring.engagement[2]`. */
  readonly path: string;
  readonly label: string;
  readonly dimension: ScoreDimension;
  readonly met: boolean;
  readonly points: number;
  /** Points after decay, rounded to hundredths; 0 when not met or when a decaying rule has no date. */
  readonly awarded: number;
  /** Age of the dated activity for decaying rules that were met; null otherwise. */
  readonly ageDays: number | null;
}

/** What settled the verdict: the first reason in precedence order disqualifier → rules → fit → engagement. */
export type DecidedBy = 'disqualifier' | 'rules' | 'fit_threshold' | 'engagement_threshold' | 'all_met';

export interface QualificationResult {
  readonly verdict: QualificationVerdict;
  readonly definitionKey: string;
  readonly definitionVersion: number;
  readonly fitScore: number;
  readonly engagementScore: number;
  /** Null when the definition sets no threshold on that score. */
  readonly fitThreshold: number | null;
  readonly engagementThreshold: number | null;
  /** Every property test in the rules tree, met or missed, in definition order. */
  readonly criteria: readonly CriterionResult[];
  /** Property tests of the disqualifiers that matched. */
  readonly disqualifiedBy: readonly CriterionResult[];
  readonly scores: readonly ScoreResult[];
  readonly decidedBy: DecidedBy;
  /** The property test that settled a disqualified or rules-failed verdict. */
  readonly decisiveCriterion: CriterionResult | null;
  readonly explanation: string;
}
