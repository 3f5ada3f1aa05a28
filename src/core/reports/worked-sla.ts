import type { HandoffEventType } from '../journey/ledger-entry.ts';

/**
 * The worked SLA of the research (DOMAIN §5): a volume commitment with a deadline per lead, not a
 * response timer. Marketing's side, per territory manager per quarter: at least `creditableLeads`
 * credible leads arrive. Sales' side, per lead: two contacts and a business case within
 * `windowDays` of receipt.
 */
export interface WorkedSla {
  readonly creditableLeads: number;
  readonly windowDays: number;
  /** The event that records the business case; an opportunity by default. */
  readonly businessCaseEvent: HandoffEventType;
}

export const DEFAULT_WORKED_SLA: WorkedSla = {
  creditableLeads: 3,
  windowDays: 56,
  businessCaseEvent: 'opportunity',
};
