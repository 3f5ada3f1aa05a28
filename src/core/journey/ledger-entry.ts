import type { Instant } from '../time.ts';

/** The timestamped moves of a lead between marketing and sales (DOMAIN.md §5). */
export const HANDOFF_EVENT_TYPES = [
  'created',
  'qualified',
  'handed_off',
  'accepted',
  'rejected',
  'first_contact_attempt',
  'first_contact',
  'sales_qualified',
  'opportunity',
  'won',
  'lost',
  'recycled',
  'disqualified',
  'dormant',
] as const;
export type HandoffEventType = (typeof HANDOFF_EVENT_TYPES)[number];

export type LedgerEntryKind =
  | 'stage_entered'
  | 'stage_exited'
  | 'owner_function_changed'
  | 'owner_person_changed'
  | 'handoff_event'
  /** A running SLA clock reached at risk or breached (written by the SLA scheduler). */
  | 'sla_state_changed';

/** The turns an SLA clock takes by itself while it runs; the ledger records each once. */
export type SlaTurn = 'at_risk' | 'breached';

/**
 * One append-only fact about a record's journey. `dedupeKey` is derived from the fact itself
 * (never from processing time), so replaying the same input yields the same key and the
 * store's unique index turns the replay into a no-op.
 */
export interface LedgerEntry {
  readonly kind: LedgerEntryKind;
  readonly recordId: string;
  /** Event time reported by the CRM. */
  readonly occurredAt: Instant;
  readonly dedupeKey: string;
  readonly stage?: string;
  readonly event?: HandoffEventType;
  readonly ownerFunction?: string | null;
  readonly ownerPerson?: string | null;
  readonly reasonCode?: string;
  readonly feedback?: string;
  readonly definitionKey?: string;
  readonly definitionVersion?: number;
  readonly actor?: string;
  /** For `sla_state_changed`: the turn the clock of `stage` took. */
  readonly slaState?: SlaTurn;
}
