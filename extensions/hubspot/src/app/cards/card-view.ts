/**
 * The card view model as the cards read it: the shape Baton's card API answers with. The cards
 * are bundled on their own by HubSpot, so they cannot import Baton's source; the test suite
 * type-checks that the backend's view model is assignable to this one, so the two cannot drift.
 */
export type Instant = number;

export interface CardFunction {
  readonly key: string;
  readonly label: string;
  readonly weight: number;
}

export interface CardCriterion {
  readonly label: string;
  readonly property: string;
  readonly met: boolean;
  readonly observed: string | null;
}

export interface CardVerdict {
  readonly verdict: 'qualified' | 'not_qualified' | 'disqualified';
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

export interface CardTouch {
  readonly id: string;
  readonly at: Instant;
  readonly channelLabel: string;
  readonly sourceDetail: string | null;
  readonly campaign: string | null;
}

export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'met' | 'met_late';

export interface CardViewModel {
  readonly recordId: string;
  readonly generatedAt: Instant;
  readonly model: { readonly key: string; readonly name: string };
  readonly stage: {
    readonly key: string;
    readonly label: string;
    readonly enteredAt: Instant;
    readonly waitingLabel: string;
  } | null;
  readonly owner: {
    readonly function: CardFunction | null;
    readonly coOwners: readonly CardFunction[];
    readonly person: { readonly id: string; readonly name: string | null } | null;
  };
  readonly ladder: readonly {
    readonly key: string;
    readonly label: string;
    readonly owners: readonly CardFunction[];
    readonly status: 'done' | 'current' | 'skipped' | 'upcoming';
    readonly isHandoff: boolean;
    readonly timeInStageLabel: string | null;
    readonly marketingSupplies: readonly string[];
  }[];
  readonly sla: {
    readonly stage: string;
    readonly state: SlaState;
    readonly dueAt: Instant;
    readonly targetLabel: string;
    readonly remainingLabel: string;
    readonly reason: string;
  } | null;
  readonly qualification: {
    readonly basis: 'definition' | 'crm' | 'none';
    readonly summary: string;
    readonly judgedBy: (CardVerdict & { readonly frozenAt: 'qualified' | 'handed_off' }) | null;
    readonly today: CardVerdict | null;
  };
  readonly source: {
    readonly origin: string;
    readonly originReason: string;
    readonly firstTouch: CardTouch | null;
    readonly leadCreationTouch: CardTouch | null;
    readonly latestTouch: CardTouch | null;
    readonly touchCount: number;
  };
  readonly attribution: readonly {
    readonly model: string;
    readonly label: string;
    readonly byChannel: readonly {
      readonly channel: string;
      readonly label: string;
      readonly share: number;
    }[];
    readonly pending: number;
    readonly explanation: string;
  }[];
  readonly timeline: readonly {
    readonly at: Instant;
    readonly event: string;
    readonly label: string;
    readonly stage: string | null;
    readonly ownerFunction: string | null;
    readonly ownerPerson: string | null;
    readonly actor: string | null;
    readonly reasonCode: string | null;
    readonly reasonLabel: string | null;
    readonly feedback: string | null;
    readonly definitionVersion: number | null;
    readonly waitedLabel: string | null;
  }[];
  readonly actions: {
    readonly canAccept: boolean;
    readonly canReject: boolean;
    readonly reason: string;
    readonly rejectReasons: readonly { readonly key: string; readonly label: string }[];
  };
}
