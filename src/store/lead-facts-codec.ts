import type { TouchOrigin } from '../core/attribution/touch.ts';
import { HANDOFF_EVENT_TYPES, type HandoffEventType } from '../core/journey/ledger-entry.ts';
import type { LeadFacts, LeadRejection } from '../core/reports/lead-facts.ts';
import type { Instant } from '../core/time.ts';

export type Journey = Omit<LeadFacts, 'recordId' | 'firstSeenAt' | 'contents' | 'credits'>;

/**
 * A lead's journey as `lead_facts.journey` stores it: every instant as milliseconds after the
 * lead was first seen, hand-off events as arrays in `HANDOFF_EVENT_TYPES` order, empty fields
 * left out. A report reads every lead's row, so the bytes it carries are the report's time: this
 * form is about a third of the plain object's.
 */
interface StoredJourney {
  s?: string;
  se?: number;
  of?: string;
  op?: string;
  /** Stage → first entered. */
  sf?: Record<string, number>;
  /** Stage → time in stage. */
  st?: Record<string, number>;
  /** First time of each event, null where it never happened. */
  ev?: (number | null)[];
  /** Last time, where it differs from the first. */
  lv?: (number | null)[];
  /** Occurrences, where more than one. */
  n?: (number | null)[];
  rj?: [number, string | null, string | null][];
  ct?: number[];
  lr?: string;
  d?: string;
  o?: TouchOrigin;
  c?: string;
}

const trimmed = <T>(values: (T | null)[]) => {
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end -= 1;
  return end === 0 ? undefined : values.slice(0, end);
};

const relative = (record: Readonly<Record<string, number>>, base: Instant) =>
  Object.keys(record).length === 0
    ? undefined
    : Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v - base]));

export function encodeJourney(facts: LeadFacts): StoredJourney {
  const base = facts.firstSeenAt;
  const stored: StoredJourney = {};
  const set = <K extends keyof StoredJourney>(key: K, value: StoredJourney[K] | null | undefined) => {
    if (value !== null && value !== undefined) stored[key] = value;
  };
  set('s', facts.stage);
  set('se', facts.stageEnteredAt === null ? null : facts.stageEnteredAt - base);
  set('of', facts.ownerFunction);
  set('op', facts.ownerPerson);
  set('sf', relative(facts.stageFirstEntered, base));
  set('st', Object.keys(facts.stageTime).length === 0 ? null : { ...facts.stageTime });
  const first = (e: HandoffEventType) => facts.firstEvents[e];
  set(
    'ev',
    trimmed(HANDOFF_EVENT_TYPES.map((e) => (first(e) === undefined ? null : (first(e) ?? 0) - base))),
  );
  set(
    'lv',
    trimmed(
      HANDOFF_EVENT_TYPES.map((e) => {
        const last = facts.lastEvents[e];
        return last === undefined || last === first(e) ? null : last - base;
      }),
    ),
  );
  set(
    'n',
    trimmed(
      HANDOFF_EVENT_TYPES.map((e) => ((facts.eventCounts[e] ?? 0) > 1 ? (facts.eventCounts[e] ?? 0) : null)),
    ),
  );
  set(
    'rj',
    facts.rejections.length === 0
      ? null
      : facts.rejections.map((r) => [r.at - base, r.reasonCode, r.definition]),
  );
  set('ct', facts.contacts.length === 0 ? null : facts.contacts.map((at) => at - base));
  set('lr', facts.lostReason);
  set('d', facts.definition);
  set('o', facts.origin);
  set('c', facts.channel);
  return stored;
}

/** The journey of a stored row; plain loops, as a report decodes every lead's row. */
export function decodeJourney(stored: StoredJourney, firstSeenAt: Instant): Journey {
  const base = firstSeenAt;
  const firstEvents: Partial<Record<HandoffEventType, Instant>> = {};
  const lastEvents: Partial<Record<HandoffEventType, Instant>> = {};
  const eventCounts: Partial<Record<HandoffEventType, number>> = {};
  const ev = stored.ev ?? [];
  for (let i = 0; i < ev.length; i += 1) {
    const first = ev[i];
    const event = HANDOFF_EVENT_TYPES[i];
    if (first === null || first === undefined || event === undefined) continue;
    firstEvents[event] = first + base;
    const last = stored.lv?.[i];
    lastEvents[event] = (last ?? first) + base;
    eventCounts[event] = stored.n?.[i] ?? 1;
  }
  const stageFirstEntered: Record<string, Instant> = {};
  for (const stage in stored.sf) stageFirstEntered[stage] = (stored.sf[stage] ?? 0) + base;
  const rejections: LeadRejection[] = [];
  for (const [at, reasonCode, definition] of stored.rj ?? [])
    rejections.push({ at: at + base, reasonCode, definition });
  const contacts: Instant[] = [];
  for (const at of stored.ct ?? []) contacts.push(at + base);
  return {
    stage: stored.s ?? null,
    stageEnteredAt: stored.se === undefined ? null : stored.se + base,
    ownerFunction: stored.of ?? null,
    ownerPerson: stored.op ?? null,
    stageFirstEntered,
    stageTime: stored.st ?? {},
    firstEvents,
    lastEvents,
    eventCounts,
    rejections,
    contacts,
    lostReason: stored.lr ?? null,
    definition: stored.d ?? null,
    origin: stored.o ?? 'other',
    channel: stored.c ?? null,
  };
}
