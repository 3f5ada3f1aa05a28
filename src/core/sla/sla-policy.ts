/**
 * How a tenant measures turnaround. Business hours follow the tenant's time zone (IANA name),
 * working days and holidays; calendar hours are plain elapsed time.
 */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Local wall-clock opening and closing times, `HH:MM`, 24-hour. */
  readonly dayStart: string;
  readonly dayEnd: string;
  /** Local dates (`YYYY-MM-DD`) with no working hours. */
  readonly holidays: readonly string[];
}

export type SlaClockKind = 'calendar' | 'business';

export type BreachAction =
  | { readonly kind: 'notify'; readonly target: 'owner' | 'manager' }
  | { readonly kind: 'reassign'; readonly queue: string }
  | { readonly kind: 'return_to_marketing' };

import type { HandoffEventType } from '../journey/ledger-entry.ts';

/**
 * A turnaround target for one stage: the clock starts when the stage is entered and stops when the
 * stage is left or one of `stopsOn` happens (sales rejecting an MQL answers it as much as accepting).
 */
export interface StageSla {
  readonly targetMinutes: number;
  readonly clock: SlaClockKind;
  /** Share of the window (0 < x < 1) after which the clock reads "at risk". */
  readonly atRiskShare: number;
  readonly breachActions: readonly BreachAction[];
  readonly stopsOn?: readonly HandoffEventType[];
}

export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'met' | 'met_late';
