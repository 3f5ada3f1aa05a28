import type { Instant } from '../time.ts';
import type { HandoffEventType } from './ledger-entry.ts';

export interface StageVisit {
  readonly stage: string;
  readonly enteredAt: Instant;
  readonly exitedAt: Instant | null;
}

/**
 * Where one record stands, as derived from its ledger (and the last snapshot seen). A "cycle"
 * runs from entering the funnel until the lead is recycled to marketing: one-shot events such as
 * `qualified` or `accepted` are recorded at most once per cycle.
 */
export interface JourneyState {
  readonly recordId: string;
  readonly stage: string | null;
  readonly stageEnteredAt: Instant | null;
  readonly ownerFunction: string | null;
  readonly ownerPerson: string | null;
  readonly visits: readonly StageVisit[];
  readonly cycle: number;
  readonly cycleEvents: Readonly<Partial<Record<HandoffEventType, Instant>>>;
  readonly contactAttempts: number;
  /** Event time of the newest snapshot applied; older snapshots are stale and never rewind. */
  readonly lastSnapshotAt: Instant | null;
  /** Status mappings the last snapshot signalled, so a status fires its event only when it is newly set. */
  readonly statusSignals: readonly string[];
}

export function emptyJourneyState(recordId: string): JourneyState {
  return {
    recordId,
    stage: null,
    stageEnteredAt: null,
    ownerFunction: null,
    ownerPerson: null,
    visits: [],
    cycle: 0,
    cycleEvents: {},
    contactAttempts: 0,
    lastSnapshotAt: null,
    statusSignals: [],
  };
}

/** Events that can happen many times in one cycle; every other event is one-shot per cycle. */
export const REPEATABLE_EVENTS: ReadonlySet<HandoffEventType> = new Set(['first_contact_attempt', 'dormant']);
