import type { ConversionMilestones } from '../attribution/touch.ts';
import type { HandoffEventType, LedgerEntry } from './ledger-entry.ts';

/** The conversion points attribution credits against, taken from the first time each happened. */
export function journeyMilestones(entries: readonly LedgerEntry[]): ConversionMilestones {
  const first = (event: HandoffEventType) =>
    entries.reduce<number | undefined>(
      (earliest, e) =>
        e.kind === 'handoff_event' && e.event === event && (earliest === undefined || e.occurredAt < earliest)
          ? e.occurredAt
          : earliest,
      undefined,
    );
  const milestones = {
    leadCreatedAt: first('created'),
    mqlAt: first('qualified'),
    opportunityCreatedAt: first('opportunity'),
    closedWonAt: first('won'),
  };
  return Object.fromEntries(Object.entries(milestones).filter(([, v]) => v !== undefined));
}
