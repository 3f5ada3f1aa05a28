import type { FunnelModel } from '../funnel/funnel-model.ts';
import {
  findStage,
  primaryOwnerFunction,
  resolveStageFromProperties,
  stageIndex,
  stageMatches,
} from '../funnel/stage-lookup.ts';
import { parseInstant } from '../parse-instant.ts';
import type { RecordSnapshot } from '../record.ts';
import type { Instant } from '../time.ts';
import { type JourneyState, REPEATABLE_EVENTS } from './journey-state.ts';
import type { HandoffEventType, LedgerEntry } from './ledger-entry.ts';
import {
  type JourneyMapping,
  type StatusEventMapping,
  signalledStatusEvents,
  statusSignalKey,
} from './status-events.ts';

/** An explicit hand-off event: a rep's accept/reject on the card, a call logged, a Lead object created. */
export interface HandoffObservation {
  readonly kind: 'event';
  readonly event: HandoffEventType;
  readonly occurredAt: Instant;
  readonly actor?: string;
  readonly reasonCode?: string;
  readonly feedback?: string;
}

export type JourneyObservation =
  | { readonly kind: 'snapshot'; readonly snapshot: RecordSnapshot }
  | HandoffObservation;

export interface JourneyContext {
  readonly model: FunnelModel;
  readonly mapping: JourneyMapping;
  /** The definition the record was judged by, stamped on `qualified` events. */
  readonly qualification?: { readonly definitionKey: string; readonly definitionVersion: number };
}

export interface JourneyStep {
  readonly state: JourneyState;
  readonly entries: readonly LedgerEntry[];
  readonly outcome: 'applied' | 'unchanged' | 'stale';
  readonly reason: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Folds one observation into a record's journey. Pure and idempotent: the same observation
 * applied twice yields no new entries the second time, and a snapshot older than the newest one
 * applied never moves the record backwards. Entry times are CRM event times.
 */
export function deriveJourney(
  state: JourneyState,
  observation: JourneyObservation,
  context: JourneyContext,
): JourneyStep {
  return observation.kind === 'snapshot'
    ? applySnapshot(state, observation.snapshot, context)
    : applyEvent(state, observation, context);
}

function applySnapshot(state: JourneyState, snapshot: RecordSnapshot, context: JourneyContext): JourneyStep {
  const at = snapshot.observedAt;
  if (state.lastSnapshotAt !== null && at < state.lastSnapshotAt) {
    return {
      state,
      entries: [],
      outcome: 'stale',
      reason: `snapshot from ${new Date(at).toISOString()} is older than the one already applied`,
    };
  }
  const next: Mutable<JourneyState> = { ...state, lastSnapshotAt: at };
  const entries: LedgerEntry[] = [];
  const resolved = resolveStageFromProperties(context.model, snapshot.properties);
  const ownerPerson = holderOf(snapshot, context.mapping);
  const signalled = signalledStatusEvents(context.mapping, snapshot.properties);

  if (state.stage === null && resolved !== null) {
    const createdAt = parseInstant(snapshot.properties[context.mapping.createdAtProperty]) ?? at;
    recordEvent(
      next,
      entries,
      context,
      { event: 'created', occurredAt: Math.min(createdAt, at) },
      ownerPerson,
    );
  }
  if (
    resolved !== null &&
    resolved.stage.key !== state.stage &&
    !closesInPlace(state, resolved.stage.key, signalled, context)
  ) {
    moveToStage(next, entries, context, resolved.stage.key, at, ownerPerson, snapshot);
  }
  if (ownerPerson !== next.ownerPerson) {
    next.ownerPerson = ownerPerson;
    entries.push(entry(next, 'owner_person_changed', at, `owner_person:${ownerPerson ?? ''}:${at}`));
  }

  for (const status of signalled) {
    if (state.statusSignals.includes(statusSignalKey(status))) continue;
    // The rep set the status on the lead as it was before this snapshot moved it.
    const event = statusEventFor(state, status);
    // Moving back to marketing already recorded the recycle this status means.
    if (entries.some((e) => e.kind === 'handoff_event' && e.event === event && e.occurredAt === at)) continue;
    recordEvent(
      next,
      entries,
      context,
      {
        event,
        occurredAt: at,
        ...(status.reasonCode ? { reasonCode: status.reasonCode } : {}),
      },
      ownerPerson,
    );
  }
  next.statusSignals = signalled.map(statusSignalKey);

  return entries.length === 0
    ? { state: next, entries, outcome: 'unchanged', reason: 'nothing Baton tracks changed' }
    : { state: next, entries, outcome: 'applied', reason: `${entries.length} ledger entries` };
}

function applyEvent(
  state: JourneyState,
  observation: HandoffObservation,
  context: JourneyContext,
): JourneyStep {
  const next: Mutable<JourneyState> = { ...state };
  const entries: LedgerEntry[] = [];
  recordEvent(next, entries, context, observation, state.ownerPerson);
  return entries.length === 0
    ? {
        state,
        entries,
        outcome: 'unchanged',
        reason: `${observation.event} is already recorded for this journey cycle`,
      }
    : { state: next, entries, outcome: 'applied', reason: `${observation.event} recorded` };
}

function moveToStage(
  next: Mutable<JourneyState>,
  entries: LedgerEntry[],
  context: JourneyContext,
  stageKey: string,
  at: Instant,
  ownerPerson: string | null,
  snapshot: RecordSnapshot,
): void {
  const stage = findStage(context.model, stageKey);
  if (!stage) return;
  const skipped =
    next.stage === null
      ? []
      : context.model.stages
          .slice(stageIndex(context.model, next.stage) + 1, stageIndex(context.model, stageKey))
          .filter((passed) => stageMatches(passed, snapshot.properties));
  const previousFunction = next.ownerFunction;
  if (next.stage !== null) {
    entries.push(entry(next, 'stage_exited', at, `stage_exited:${next.stage}:${at}`));
  }
  const ownerFunction = primaryOwnerFunction(stage);
  const returnsToMarketing =
    previousFunction !== null && previousFunction !== 'marketing' && ownerFunction === 'marketing';
  if (returnsToMarketing) {
    recordEvent(next, entries, context, { event: 'recycled', occurredAt: at }, ownerPerson);
  }
  next.visits = [
    ...next.visits.map((v) => (v.exitedAt === null ? { ...v, exitedAt: at } : v)),
    { stage: stageKey, enteredAt: at, exitedAt: null },
  ];
  next.stage = stageKey;
  next.stageEnteredAt = at;
  entries.push(entry(next, 'stage_entered', at, `stage_entered:${stageKey}:${at}`));
  if (ownerFunction !== next.ownerFunction) {
    next.ownerFunction = ownerFunction;
    entries.push(entry(next, 'owner_function_changed', at, `owner_function:${ownerFunction}:${at}`));
  }
  // A record seen in one stage and next further down, still showing the stages in between (an
  // MQL lifecycle stage while sales already works it), went through them unseen: several changes
  // between two reads. Their milestones are recorded as inferred, so accepted leads never
  // outnumber handed-off ones. A jump with no such evidence (sales working a lead it found
  // itself) and a record first seen mid-funnel infer nothing.
  for (const passed of skipped) {
    for (const milestone of passed.milestones ?? []) {
      recordEvent(
        next,
        entries,
        context,
        { event: milestone, occurredAt: at, actor: 'inferred' },
        ownerPerson,
      );
    }
  }
  for (const milestone of stage.milestones ?? []) {
    recordEvent(next, entries, context, { event: milestone, occurredAt: at }, ownerPerson);
  }
}

function recordEvent(
  next: Mutable<JourneyState>,
  entries: LedgerEntry[],
  context: JourneyContext,
  event: Omit<HandoffObservation, 'kind'>,
  ownerPerson: string | null,
): void {
  const oneShot = !REPEATABLE_EVENTS.has(event.event);
  if (oneShot && next.cycleEvents[event.event] !== undefined) return;
  if (event.event === 'recycled') {
    next.cycle += 1;
    next.cycleEvents = {};
    next.contactAttempts = 0;
  }
  next.cycleEvents = { ...next.cycleEvents, [event.event]: event.occurredAt };
  if (event.event === 'first_contact_attempt') next.contactAttempts += 1;
  const qualification = event.event === 'qualified' ? context.qualification : undefined;
  entries.push({
    kind: 'handoff_event',
    recordId: next.recordId,
    occurredAt: event.occurredAt,
    dedupeKey: `event:${event.event}:${event.occurredAt}`,
    event: event.event,
    ...(next.stage !== null ? { stage: next.stage } : {}),
    ownerFunction: next.ownerFunction,
    ownerPerson,
    ...(event.actor !== undefined ? { actor: event.actor } : {}),
    ...(event.reasonCode !== undefined ? { reasonCode: event.reasonCode } : {}),
    ...(event.feedback !== undefined ? { feedback: event.feedback } : {}),
    ...(qualification
      ? { definitionKey: qualification.definitionKey, definitionVersion: qualification.definitionVersion }
      : {}),
  });
}

function entry(
  state: JourneyState,
  kind: LedgerEntry['kind'],
  occurredAt: Instant,
  dedupeKey: string,
): LedgerEntry {
  return {
    kind,
    recordId: state.recordId,
    occurredAt,
    dedupeKey,
    ...(state.stage !== null ? { stage: state.stage } : {}),
    ownerFunction: state.ownerFunction,
    ownerPerson: state.ownerPerson,
  };
}

/** The event a status means for a lead in this state. */
function statusEventFor(state: JourneyState, status: StatusEventMapping): HandoffEventType {
  const awaitingAcceptance =
    state.cycleEvents.handed_off !== undefined && state.cycleEvents.accepted === undefined;
  return (awaitingAcceptance ? status.whileAwaitingAcceptance : undefined) ?? status.event;
}

/** Statuses that end a lead where it stands rather than send it anywhere. */
const CLOSING_EVENTS: ReadonlySet<HandoffEventType> = new Set(['disqualified', 'rejected', 'lost']);

/**
 * A rep disqualifying an accepted lead changes its lead status, which may be what mapped it to
 * its stage; the stage the remaining properties point to is then an earlier one. That is the lead
 * closing where it stands, not a recycle back to marketing.
 */
function closesInPlace(
  state: JourneyState,
  resolvedStage: string,
  signalled: readonly StatusEventMapping[],
  context: JourneyContext,
): boolean {
  if (state.stage === null) return false;
  const backwards = stageIndex(context.model, resolvedStage) < stageIndex(context.model, state.stage);
  return backwards && signalled.some((status) => CLOSING_EVENTS.has(statusEventFor(state, status)));
}

/** The person holding the record: the hand-off's assignee when there is one, else its owner. */
function holderOf(snapshot: RecordSnapshot, mapping: JourneyMapping): string | null {
  const assignee = mapping.assigneeProperty ? snapshot.properties[mapping.assigneeProperty] : null;
  return assignee || snapshot.properties[mapping.ownerProperty] || null;
}
