import type { PropertyBag } from '../record.ts';
import type { HandoffEventType } from './ledger-entry.ts';

/** A CRM status value that means a hand-off event, e.g. a lead status "connected" → first contact. */
export interface StatusEventMapping {
  readonly property: string;
  readonly value: string;
  readonly event: HandoffEventType;
  /**
   * What the status means while a handed-off lead still waits for sales to accept it: a rep
   * marking it unqualified then is rejecting the hand-off, not disqualifying a lead sales took.
   */
  readonly whileAwaitingAcceptance?: HandoffEventType;
  /** Reason code recorded with the event, for statuses that carry one (e.g. BAD_TIMING). */
  readonly reasonCode?: string;
}

/** Where a CRM keeps the person who holds the record, and which statuses mean which events. */
export interface JourneyMapping {
  readonly ownerProperty: string;
  /**
   * Where the person a hand-off was assigned to is kept, when the CRM records hand-offs on a
   * record of their own (a Lead object beside the contact). While it names someone, that person holds the
   * lead, whoever owns the underlying contact.
   */
  readonly assigneeProperty?: string;
  /** Record creation time, used as the time of the `created` event. */
  readonly createdAtProperty: string;
  readonly statusEvents: readonly StatusEventMapping[];
}

export function statusSignalKey(m: StatusEventMapping): string {
  return `${m.property}=${m.value}`;
}

/** The status events a snapshot's properties currently signal, in mapping order. */
export function signalledStatusEvents(
  mapping: JourneyMapping,
  properties: PropertyBag,
): readonly StatusEventMapping[] {
  return mapping.statusEvents.filter((m) => properties[m.property] === m.value);
}
