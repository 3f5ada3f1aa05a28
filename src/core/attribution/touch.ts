import type { Instant } from '../time.ts';

/** Which side generated a touch: the waterfall counts marketing-, sales- and partner-generated leads apart. */
export type TouchOrigin = 'marketing' | 'sales' | 'partner' | 'other';

export const TOUCH_ORIGINS: readonly TouchOrigin[] = ['marketing', 'sales', 'partner', 'other'];

/** One interaction of a lead with a channel (a visit, form fill, call, event scan…). */
export interface Touch {
  readonly id: string;
  readonly occurredAt: Instant;
  /** Key from the tenant's channel list. */
  readonly channel: string;
  /** The raw CRM source value or drill-down the channel was derived from. */
  readonly sourceDetail?: string;
  readonly campaign?: string;
  readonly content?: string;
  readonly origin: TouchOrigin;
}

/** The touches that position-based models credit, in journey order. */
export type KeyTouchRole = 'first' | 'lead_creation' | 'pre_mql' | 'opportunity_creation' | 'closed_won';

export const KEY_TOUCH_ROLES: readonly KeyTouchRole[] = [
  'first',
  'lead_creation',
  'pre_mql',
  'opportunity_creation',
  'closed_won',
];

/** When the lead reached each conversion point; a missing instant means the journey has not got there (yet). */
export interface ConversionMilestones {
  readonly leadCreatedAt?: Instant;
  readonly mqlAt?: Instant;
  readonly opportunityCreatedAt?: Instant;
  readonly closedWonAt?: Instant;
}
