import type { LeadFacts } from '../reports/lead-facts.ts';
import { nearestRank, ratio } from '../reports/report-math.ts';
import { HOUR_MS, type Instant, MINUTE_MS } from '../time.ts';
import type { InstrumentKey } from './instruments.ts';
import type { RoundResults } from './round-results.ts';

/** How far back from a round's opening the ledger is read: the quarter respondents just lived. */
export const SIGNAL_WINDOW_DAYS = 90;

/** A hand-off nobody answered within this long counts as untouched (the default accept-or-reject SLA). */
const UNTOUCHED_AFTER_MS = 48 * HOUR_MS;

/** What the ledger says about the same months the respondents rated: Baton's step beyond self-report. */
export interface BehaviourSignals {
  readonly window: { readonly from: Instant; readonly to: Instant };
  readonly handedOff: number;
  /** Median minutes from hand-off to sales accepting or rejecting. */
  readonly handoffLagMinutesP50: number | null;
  /** Hand-offs sales accepted. */
  readonly acceptanceRate: number | null;
  /** Hand-offs neither answered nor contacted within 48 h. */
  readonly untouchedShare: number | null;
  /** Sales' field intelligence to marketing, and the share marketing answered. */
  readonly feedback: { readonly given: number; readonly answeredShare: number | null };
}

/** A sales rep's note to marketing: when given, and when answered. */
export interface FieldNoteTimes {
  readonly createdAt: Instant;
  readonly answeredAt: Instant | null;
}

export function behaviourSignals(
  leads: readonly Pick<LeadFacts, 'firstEvents' | 'contacts'>[],
  notes: readonly FieldNoteTimes[],
  window: { readonly from: Instant; readonly to: Instant },
): BehaviourSignals {
  const within = (at: Instant | undefined): at is Instant =>
    at !== undefined && at >= window.from && at < window.to;
  const handedOff = leads.filter((l) => within(l.firstEvents.handed_off));
  const answerOf = (l: (typeof handedOff)[number]) => {
    const answers = [l.firstEvents.accepted, l.firstEvents.rejected].filter(
      (a): a is Instant => a !== undefined,
    );
    return answers.length === 0 ? undefined : Math.min(...answers);
  };
  const lags = handedOff.flatMap((l) => {
    const answer = answerOf(l);
    const at = l.firstEvents.handed_off as Instant;
    return answer === undefined || answer < at ? [] : [(answer - at) / MINUTE_MS];
  });
  const untouched = handedOff.filter((l) => {
    const at = l.firstEvents.handed_off as Instant;
    const touched = [answerOf(l), ...l.contacts.filter((c) => c >= at)].filter(
      (t): t is Instant => t !== undefined,
    );
    const first = touched.length === 0 ? null : Math.min(...touched);
    return first === null ? window.to - at > UNTOUCHED_AFTER_MS : first - at > UNTOUCHED_AFTER_MS;
  });
  const given = notes.filter((n) => within(n.createdAt));
  const lag = nearestRank(lags, 50);
  return {
    window,
    handedOff: handedOff.length,
    handoffLagMinutesP50: lag === null ? null : Math.round(lag),
    acceptanceRate: ratio(
      handedOff.filter((l) => l.firstEvents.accepted !== undefined).length,
      handedOff.length,
    ),
    untouchedShare: ratio(untouched.length, handedOff.length),
    feedback: {
      given: given.length,
      answeredShare: ratio(given.filter((n) => n.answeredAt !== null).length, given.length),
    },
  };
}

/** Where behaviour counts as poor: the thresholds the self-rating check compares against. */
export const POOR_BEHAVIOUR = {
  acceptanceBelow: 0.5,
  lagMinutesAbove: 48 * 60,
  untouchedAbove: 0.2,
  answeredBelow: 0.5,
} as const;

export interface SelfRatingCheck {
  /** The round rated alignment favourably (maturity Aligned or better; a C3 tool high). */
  readonly ratedFavourably: boolean;
  /** The signals that were poor, each saying why. */
  readonly poorSignals: readonly string[];
  /** Self-ratings ran ahead of behaviour: rated favourably with two or more poor signals. */
  readonly aheadOfBehaviour: boolean;
}

/**
 * Compares how people rated alignment with what they did. Worldview is left out: a high
 * self-view there is a claim to control, not a rating of alignment.
 */
export function compareSelfRating(
  instrument: InstrumentKey,
  results: RoundResults,
  signals: BehaviourSignals,
): SelfRatingCheck {
  const band = results.overall?.band;
  const ratedFavourably =
    instrument === 'maturity'
      ? band === 'Aligned' || band === 'Integrated'
      : instrument !== 'c3:worldview' && band === 'high';
  const poor: string[] = [];
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  if (signals.acceptanceRate !== null && signals.acceptanceRate < POOR_BEHAVIOUR.acceptanceBelow)
    poor.push(`sales accepted ${percent(signals.acceptanceRate)} of ${signals.handedOff} hand-offs`);
  if (signals.handoffLagMinutesP50 !== null && signals.handoffLagMinutesP50 > POOR_BEHAVIOUR.lagMinutesAbove)
    poor.push(
      `half the hand-offs waited over ${Math.round(signals.handoffLagMinutesP50 / 60)} h for an answer`,
    );
  if (signals.untouchedShare !== null && signals.untouchedShare > POOR_BEHAVIOUR.untouchedAbove)
    poor.push(`${percent(signals.untouchedShare)} of hand-offs went untouched for 48 h`);
  if (
    signals.feedback.answeredShare !== null &&
    signals.feedback.answeredShare < POOR_BEHAVIOUR.answeredBelow
  )
    poor.push(
      `marketing answered ${percent(signals.feedback.answeredShare)} of sales' ${signals.feedback.given} notes`,
    );
  return { ratedFavourably, poorSignals: poor, aheadOfBehaviour: ratedFavourably && poor.length >= 2 };
}
