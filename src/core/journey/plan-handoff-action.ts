import type { Instant } from '../time.ts';
import type { Validated } from '../validation.ts';
import type { HandoffObservation } from './derive-journey.ts';
import type { JourneyState } from './journey-state.ts';
import type { ReasonCode } from './reason-codes.ts';

/** What a sales rep can do from the record card. */
export type HandoffAction =
  | { readonly kind: 'accept' }
  | { readonly kind: 'reject'; readonly reasonCode: string; readonly feedback?: string }
  | { readonly kind: 'log_contact_attempt' }
  | { readonly kind: 'log_contact' };

export const MAX_FEEDBACK_LENGTH = 2000;

export interface HandoffActionAvailability {
  readonly canAccept: boolean;
  readonly canReject: boolean;
  readonly canLogContact: boolean;
  /** Why accept/reject are unavailable, for the card to show instead of disabled buttons with no story. */
  readonly reason: string;
}

export function handoffActionAvailability(state: JourneyState): HandoffActionAvailability {
  const handedOffAt = state.cycleEvents.handed_off ?? state.cycleEvents.qualified;
  const answered = state.cycleEvents.accepted ?? state.cycleEvents.rejected;
  if (handedOffAt === undefined) {
    return {
      canAccept: false,
      canReject: false,
      canLogContact: false,
      reason: 'not handed off to sales yet',
    };
  }
  if (answered !== undefined) {
    const verb = state.cycleEvents.accepted !== undefined ? 'accepted' : 'rejected';
    return {
      canAccept: false,
      canReject: false,
      canLogContact: verb === 'accepted',
      reason: `already ${verb}`,
    };
  }
  return {
    canAccept: true,
    canReject: true,
    canLogContact: true,
    reason: 'waiting for sales to accept or reject',
  };
}

/**
 * Checks a rep's action against the journey and the tenant's reason codes, and turns it into the
 * event to record. Nothing is recorded when the action is not allowed; the issue says why.
 */
export function planHandoffAction(
  state: JourneyState,
  action: HandoffAction,
  input: { readonly actor: string; readonly at: Instant; readonly reasonCodes: readonly ReasonCode[] },
): Validated<HandoffObservation> {
  const availability = handoffActionAvailability(state);
  const base = { kind: 'event' as const, occurredAt: input.at, actor: input.actor };
  switch (action.kind) {
    case 'accept':
      if (!availability.canAccept) return refuse('kind', `cannot accept: ${availability.reason}`);
      return { ok: true, value: { ...base, event: 'accepted' } };
    case 'reject': {
      if (!availability.canReject) return refuse('kind', `cannot reject: ${availability.reason}`);
      const code = input.reasonCodes.find((c) => c.key === action.reasonCode);
      if (!code?.appliesTo.includes('rejected')) {
        const allowed = input.reasonCodes.filter((c) => c.appliesTo.includes('rejected')).map((c) => c.key);
        return refuse('reasonCode', `must be one of ${allowed.join(', ')}`);
      }
      const feedback = action.feedback?.trim();
      if (feedback !== undefined && feedback.length > MAX_FEEDBACK_LENGTH) {
        return refuse('feedback', `must be at most ${MAX_FEEDBACK_LENGTH} characters`);
      }
      return {
        ok: true,
        value: { ...base, event: 'rejected', reasonCode: code.key, ...(feedback ? { feedback } : {}) },
      };
    }
    case 'log_contact_attempt':
    case 'log_contact':
      if (!availability.canLogContact) return refuse('kind', `cannot log contact: ${availability.reason}`);
      return {
        ok: true,
        value: { ...base, event: action.kind === 'log_contact' ? 'first_contact' : 'first_contact_attempt' },
      };
  }
}

function refuse(path: string, message: string): Validated<never> {
  return { ok: false, issues: [{ path, message }] };
}
