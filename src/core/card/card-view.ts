import type { AttributionModel } from '../attribution/attribution-result.ts';
import type { TouchOrigin } from '../attribution/touch.ts';
import type { HandoffEventType } from '../journey/ledger-entry.ts';
import type { QualificationVerdict } from '../qualification/qualification-result.ts';
import type { SlaClockKind, SlaState } from '../sla/sla-policy.ts';
import type { Instant } from '../time.ts';

/**
 * Exactly what a record card shows, computed once by the backend for every CRM's card, so the
 * cards render the same facts and stay thin. Durations come with labels so
 * cards never do time arithmetic.
 */
export interface CardView {
  readonly recordId: string;
  readonly generatedAt: Instant;
  readonly model: { readonly key: string; readonly name: string };
  readonly stage: CardStage | null;
  readonly owner: CardOwner;
  readonly ladder: readonly LadderStep[];
  readonly sla: CardSla | null;
  readonly qualification: CardQualification;
  readonly source: CardSource;
  readonly attribution: readonly CardAttribution[];
  readonly timeline: readonly TimelineItem[];
  readonly actions: CardActions;
}

export interface CardStage {
  readonly key: string;
  readonly label: string;
  readonly enteredAt: Instant;
  readonly waitingMinutes: number;
  readonly waitingLabel: string;
}

export interface CardFunction {
  readonly key: string;
  readonly label: string;
  readonly weight: number;
}

export interface CardOwner {
  /** The function that owns the current stage (its largest share), or null before the funnel. */
  readonly function: CardFunction | null;
  /** Every function with a share of the current stage, largest first. */
  readonly coOwners: readonly CardFunction[];
  readonly person: { readonly id: string; readonly name: string | null } | null;
}

export interface LadderStep {
  readonly key: string;
  readonly label: string;
  readonly owners: readonly CardFunction[];
  readonly status: 'done' | 'current' | 'skipped' | 'upcoming';
  readonly isHandoff: boolean;
  readonly firstEnteredAt: Instant | null;
  /** Total time spent in the stage over every visit; null when never entered. */
  readonly timeInStageMinutes: number | null;
  readonly timeInStageLabel: string | null;
  /** What marketing supplies to sales in this stage; empty when the model names nothing. */
  readonly marketingSupplies: readonly string[];
}

export interface CardSla {
  readonly stage: string;
  readonly state: SlaState;
  readonly clock: SlaClockKind;
  /** When the clock started: entering the stage. With the stage it names this clock of the record. */
  readonly startedAt: Instant;
  readonly dueAt: Instant;
  /** When the clock turns at risk (a share of the target, in the clock's own time). */
  readonly atRiskAt: Instant;
  readonly targetLabel: string;
  readonly remainingLabel: string;
  readonly reason: string;
}

export interface CardCriterion {
  readonly label: string;
  readonly property: string;
  readonly met: boolean;
  readonly observed: string | null;
}

/** One definition's verdict on the lead, as the card shows it. */
export interface CardVerdict {
  readonly verdict: QualificationVerdict;
  readonly definitionKey: string;
  readonly definitionName: string | null;
  readonly definitionVersion: number;
  readonly fitScore: number;
  readonly fitThreshold: number | null;
  readonly engagementScore: number;
  readonly engagementThreshold: number | null;
  readonly explanation: string;
  readonly met: readonly CardCriterion[];
  readonly missed: readonly CardCriterion[];
  readonly disqualifiedBy: readonly CardCriterion[];
  readonly evaluatedAt: Instant;
}

/**
 * How the lead came to be qualified: judged by a Baton definition, moved there by the CRM alone
 * (e.g. its lifecycle stage) with no definition active, or not qualified at all.
 */
export type QualificationBasis = 'definition' | 'crm' | 'none';

/**
 * The verdict a lead carries is the one it was judged by, frozen when it was qualified and
 * handed off; today's re-evaluation is secondary and only there when it says something else.
 */
export interface CardQualification {
  readonly basis: QualificationBasis;
  /** One plain sentence the card shows first. */
  readonly summary: string;
  /** The verdict frozen at qualification or hand-off; null until the lead got there by a definition. */
  readonly judgedBy: (CardVerdict & { readonly frozenAt: 'qualified' | 'handed_off' }) | null;
  /** The active definition's verdict on today's record, when there is no frozen one or it differs. */
  readonly today: CardVerdict | null;
}

export interface CardTouch {
  readonly id: string;
  readonly at: Instant;
  readonly channel: string;
  readonly channelLabel: string;
  readonly sourceDetail: string | null;
  readonly campaign: string | null;
}

export interface CardSource {
  readonly origin: TouchOrigin;
  readonly originReason: string;
  readonly firstTouch: CardTouch | null;
  readonly leadCreationTouch: CardTouch | null;
  readonly latestTouch: CardTouch | null;
  readonly touchCount: number;
}

export interface CardAttribution {
  readonly model: AttributionModel;
  readonly label: string;
  readonly byChannel: readonly { readonly channel: string; readonly label: string; readonly share: number }[];
  readonly pending: number;
  readonly explanation: string;
}

export interface TimelineItem {
  readonly at: Instant;
  readonly event: HandoffEventType;
  readonly label: string;
  readonly stage: string | null;
  readonly ownerFunction: string | null;
  readonly ownerPerson: string | null;
  readonly actor: string | null;
  readonly reasonCode: string | null;
  readonly reasonLabel: string | null;
  readonly feedback: string | null;
  readonly definitionVersion: number | null;
  /** How long the lead waited since the move before this one; null for the first. */
  readonly waitedLabel: string | null;
}

export interface CardActions {
  readonly canAccept: boolean;
  readonly canReject: boolean;
  readonly canLogContact: boolean;
  readonly reason: string;
  readonly rejectReasons: readonly { readonly key: string; readonly label: string }[];
}
