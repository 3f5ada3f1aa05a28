import type { RecordSnapshot } from '../record.ts';
import { emptyJourneyState, type JourneyState, REPEATABLE_EVENTS, type StageVisit } from './journey-state.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { type JourneyMapping, signalledStatusEvents, statusSignalKey } from './status-events.ts';

/**
 * Rebuilds a record's journey state from its ledger, so workers keep no state of their own: the
 * ledger is the truth and any worker can pick up any record. Entries are applied in event-time
 * order (ties keep ledger order); the last applied snapshot restores the staleness guard.
 */
export function replayLedger(
  recordId: string,
  entries: readonly LedgerEntry[],
  lastSnapshot: RecordSnapshot | null,
  mapping: JourneyMapping,
): JourneyState {
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.occurredAt - b.e.occurredAt || a.i - b.i)
    .map(({ e }) => e);
  let state: JourneyState = emptyJourneyState(recordId);
  const visits: StageVisit[] = [];
  for (const e of ordered) {
    switch (e.kind) {
      case 'stage_entered': {
        const open = visits.at(-1);
        if (open && open.exitedAt === null) visits[visits.length - 1] = { ...open, exitedAt: e.occurredAt };
        visits.push({ stage: e.stage ?? '', enteredAt: e.occurredAt, exitedAt: null });
        state = { ...state, stage: e.stage ?? null, stageEnteredAt: e.occurredAt };
        break;
      }
      case 'stage_exited':
        break;
      case 'owner_function_changed':
        state = { ...state, ownerFunction: e.ownerFunction ?? null };
        break;
      case 'owner_person_changed':
        state = { ...state, ownerPerson: e.ownerPerson ?? null };
        break;
      case 'handoff_event': {
        if (!e.event) break;
        if (!REPEATABLE_EVENTS.has(e.event) && state.cycleEvents[e.event] !== undefined) break;
        const fresh = e.event === 'recycled';
        state = {
          ...state,
          cycle: fresh ? state.cycle + 1 : state.cycle,
          cycleEvents: { ...(fresh ? {} : state.cycleEvents), [e.event]: e.occurredAt },
          contactAttempts:
            (fresh ? 0 : state.contactAttempts) + (e.event === 'first_contact_attempt' ? 1 : 0),
        };
        break;
      }
    }
  }
  return {
    ...state,
    visits,
    lastSnapshotAt: lastSnapshot?.observedAt ?? null,
    statusSignals: lastSnapshot
      ? signalledStatusEvents(mapping, lastSnapshot.properties).map(statusSignalKey)
      : [],
  };
}
