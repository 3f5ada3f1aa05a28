import type { AttributionModel } from '../attribution/attribution-result.ts';
import { ATTRIBUTION_MODELS } from '../attribution/attribution-result.ts';
import { originOf } from '../attribution/lead-origin.ts';
import { attributeAll } from '../attribution/models.ts';
import type { Touch, TouchOrigin } from '../attribution/touch.ts';
import { journeyMilestones } from '../journey/journey-milestones.ts';
import type { HandoffEventType, LedgerEntry } from '../journey/ledger-entry.ts';
import type { Instant } from '../time.ts';

export interface LeadRejection {
  readonly at: Instant;
  readonly reasonCode: string | null;
  /** The definition the lead was qualified by when sales rejected it: `key@version`. */
  readonly definition: string | null;
}

/**
 * One lead's journey folded into the numbers reports read: the read model that lets a report over a
 * million ledger rows read one row per lead. A pure function of the record's ledger and touches, so
 * it is rebuilt, never patched, whenever either changes.
 */
export interface LeadFacts {
  readonly recordId: string;
  readonly firstSeenAt: Instant;
  readonly stage: string | null;
  readonly stageEnteredAt: Instant | null;
  readonly ownerFunction: string | null;
  readonly ownerPerson: string | null;
  /** When the lead first entered each stage it ever entered. */
  readonly stageFirstEntered: Readonly<Record<string, Instant>>;
  /** Time spent in each stage over its finished visits (entered until exited or the next stage). */
  readonly stageTime: Readonly<Record<string, number>>;
  /** When each hand-off event first happened. */
  readonly firstEvents: Readonly<Partial<Record<HandoffEventType, Instant>>>;
  /** When each hand-off event last happened (a recycled lead may be qualified again). */
  readonly lastEvents: Readonly<Partial<Record<HandoffEventType, Instant>>>;
  readonly eventCounts: Readonly<Partial<Record<HandoffEventType, number>>>;
  readonly rejections: readonly LeadRejection[];
  /** When sales tried or made contact, oldest first, at most the first ten. */
  readonly contacts: readonly Instant[];
  readonly lostReason: string | null;
  /** The definition of the lead's latest qualification: `key@version`. */
  readonly definition: string | null;
  readonly origin: TouchOrigin;
  /** The channel of the touch that decided the origin. */
  readonly channel: string | null;
  /** Content the lead touched before it was won (all of it while not won). */
  readonly contents: readonly string[];
  /** Channel credit under every attribution model, as of `computedAt`. */
  readonly credits: Readonly<Record<AttributionModel, Readonly<Record<string, number>>>>;
}

const definitionOf = (e: LedgerEntry) =>
  e.definitionKey !== undefined && e.definitionVersion !== undefined
    ? `${e.definitionKey}@${e.definitionVersion}`
    : null;

/** A record's facts, or null when its ledger is empty (it left the funnel or never entered). */
export function summarizeLead(
  recordId: string,
  entries: readonly LedgerEntry[],
  touches: readonly Touch[],
  computedAt: Instant,
): LeadFacts | null {
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.occurredAt - b.e.occurredAt || a.i - b.i)
    .map(({ e }) => e);
  const first = ordered[0];
  if (first === undefined) return null;

  const stageFirstEntered: Record<string, Instant> = {};
  const stageTime: Record<string, number> = {};
  const firstEvents: Partial<Record<HandoffEventType, Instant>> = {};
  const lastEvents: Partial<Record<HandoffEventType, Instant>> = {};
  const eventCounts: Partial<Record<HandoffEventType, number>> = {};
  const rejections: LeadRejection[] = [];
  const contacts: Instant[] = [];
  let open: { stage: string; at: Instant } | null = null;
  let stage: string | null = null;
  let stageEnteredAt: Instant | null = null;
  let ownerFunction: string | null = null;
  let ownerPerson: string | null = null;
  let lostReason: string | null = null;
  let definition: string | null = null;
  const close = (at: Instant) => {
    if (open) stageTime[open.stage] = (stageTime[open.stage] ?? 0) + (at - open.at);
    open = null;
  };

  for (const e of ordered) {
    switch (e.kind) {
      case 'stage_entered': {
        stage = e.stage ?? '';
        close(e.occurredAt);
        open = { stage, at: e.occurredAt };
        stageEnteredAt = e.occurredAt;
        stageFirstEntered[stage] ??= e.occurredAt;
        break;
      }
      case 'stage_exited':
        if (open && open.stage === e.stage) close(e.occurredAt);
        break;
      case 'owner_function_changed':
        ownerFunction = e.ownerFunction ?? null;
        break;
      case 'owner_person_changed':
        ownerPerson = e.ownerPerson ?? null;
        break;
      case 'handoff_event': {
        const event = e.event;
        if (!event) break;
        firstEvents[event] ??= e.occurredAt;
        lastEvents[event] = e.occurredAt;
        eventCounts[event] = (eventCounts[event] ?? 0) + 1;
        if (event === 'qualified') definition = definitionOf(e) ?? definition;
        if (event === 'rejected')
          rejections.push({ at: e.occurredAt, reasonCode: e.reasonCode ?? null, definition });
        if (event === 'lost') lostReason = e.reasonCode ?? null;
        // A call that connected is an attempt and a contact at one instant: one contact.
        const contact = event === 'first_contact_attempt' || event === 'first_contact';
        if (contact && contacts.length < 10 && contacts.at(-1) !== e.occurredAt) contacts.push(e.occurredAt);
        break;
      }
    }
  }

  const milestones = journeyMilestones(ordered);
  const origin = originOf(touches, milestones);
  const wonAt = milestones.closedWonAt;
  const contents = [
    ...new Set(
      touches.flatMap((t) =>
        t.content && (wonAt === undefined || t.occurredAt <= wonAt) ? [t.content] : [],
      ),
    ),
  ].sort();
  const results = attributeAll(touches, milestones, ATTRIBUTION_MODELS, { now: computedAt });
  // Only credited channels: the facts of every lead are stored, and most models give most touches nothing.
  const credits = Object.fromEntries(
    results.map((r) => [r.model, Object.fromEntries(Object.entries(r.byChannel).filter(([, w]) => w > 0))]),
  ) as LeadFacts['credits'];

  return {
    recordId,
    firstSeenAt: first.occurredAt,
    stage,
    stageEnteredAt,
    ownerFunction,
    ownerPerson,
    stageFirstEntered,
    stageTime,
    firstEvents,
    lastEvents,
    eventCounts,
    rejections,
    contacts,
    lostReason,
    definition,
    origin: origin.origin,
    channel: touches.find((t) => t.id === origin.touchId)?.channel ?? null,
    contents,
    credits,
  };
}
