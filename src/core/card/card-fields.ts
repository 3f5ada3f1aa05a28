import type { TouchOrigin } from '../attribution/touch.ts';
import type { HandoffEventType } from '../journey/ledger-entry.ts';
import { parseInstant } from '../parse-instant.ts';
import type { QualificationVerdict } from '../qualification/qualification-result.ts';
import type { SlaState } from '../sla/sla-policy.ts';
import type { CardVerdict, CardView } from './card-view.ts';

/**
 * The card's facts as flat fields, the same for every CRM; each adapter derives its own field
 * names from the keys. Lists, views and reports in the CRM filter on these; the record card
 * itself renders the whole view.
 */
export type CardFieldKind =
  | { readonly type: 'datetime' }
  | { readonly type: 'number' }
  | { readonly type: 'text' }
  | {
      readonly type: 'enumeration';
      readonly options: readonly { readonly value: string; readonly label: string }[];
    };

export type CardField = CardFieldKind & {
  /** Snake case; each CRM derives its own name from it. */
  readonly key: string;
  /** Lower case after its first word ("MQL at", "stage"); CRMs prefix or capitalise it. */
  readonly label: string;
  readonly description: string;
  readonly valueFrom: (view: CardView) => string | number | null;
};

const DATETIME = { type: 'datetime' } as const;
const NUMBER = { type: 'number' } as const;
const TEXT = { type: 'text' } as const;

function enumeration<K extends string>(labels: Readonly<Record<K, string>>): CardFieldKind {
  return {
    type: 'enumeration',
    options: Object.entries<string>(labels).map(([value, label]) => ({ value, label })),
  };
}

const SLA_STATE_LABELS: Readonly<Record<SlaState, string>> = {
  on_track: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  met: 'Met',
  met_late: 'Met late',
};
const VERDICT_LABELS: Readonly<Record<QualificationVerdict, string>> = {
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  disqualified: 'Disqualified',
};
const ORIGIN_LABELS: Readonly<Record<TouchOrigin, string>> = {
  marketing: 'Marketing-sourced',
  sales: 'Sales-sourced',
  partner: 'Partner-sourced',
  other: 'Other',
};

/** The latest time the hand-off event happened: the current cycle, for a lead that was recycled. */
function latest(view: CardView, event: HandoffEventType): number | null {
  return view.timeline.reduce<number | null>(
    (found, item) => (item.event === event && (found === null || item.at > found) ? item.at : found),
    null,
  );
}

function latestRejectionReason(view: CardView): string | null {
  const at = latest(view, 'rejected');
  return view.timeline.find((item) => item.event === 'rejected' && item.at === at)?.reasonCode ?? null;
}

/** The verdict the lead carries: the frozen one once it has one, else today's. */
function carriedVerdict(view: CardView): CardVerdict | null {
  return view.qualification.judgedBy ?? view.qualification.today;
}

const HANDOFF_TIMES: readonly (readonly [string, string, HandoffEventType, string])[] = [
  ['mql_at', 'MQL at', 'qualified', 'Latest marketing qualification.'],
  ['handed_off_at', 'handed off at', 'handed_off', 'Latest hand-off to sales.'],
  ['accepted_at', 'accepted at', 'accepted', 'Latest acceptance by sales.'],
  ['rejected_at', 'rejected at', 'rejected', 'Latest rejection by sales.'],
  ['first_contact_at', 'first contact at', 'first_contact', 'Latest first contact by sales.'],
  ['sql_at', 'SQL at', 'sales_qualified', 'Latest sales qualification.'],
];

function define(
  key: string,
  label: string,
  kind: CardFieldKind,
  description: string,
  valueFrom: CardField['valueFrom'],
): CardField {
  return { key, label, ...kind, description, valueFrom };
}

/** Every card field, in the order CRMs list them; the adapters' docs explain each. */
export const CARD_FIELDS: readonly CardField[] = [
  define('stage', 'stage', TEXT, 'Funnel stage key in the tenant model.', (v) => v.stage?.key ?? null),
  define(
    'owner_function',
    'owner function',
    TEXT,
    'Function that owns the current stage.',
    (v) => v.owner.function?.key ?? null,
  ),
  define(
    'stage_entered_at',
    'stage entered at',
    DATETIME,
    'When the lead entered its current stage.',
    (v) => v.stage?.enteredAt ?? null,
  ),
  ...HANDOFF_TIMES.map(([key, label, event, description]) =>
    define(key, label, DATETIME, description, (v) => latest(v, event)),
  ),
  define(
    'rejection_reason',
    'rejection reason',
    TEXT,
    'Reason code of the latest rejection.',
    latestRejectionReason,
  ),
  define(
    'sla_due_at',
    'SLA due at',
    DATETIME,
    'When the current stage SLA is due.',
    (v) => v.sla?.dueAt ?? null,
  ),
  define(
    'sla_state',
    'SLA state',
    enumeration(SLA_STATE_LABELS),
    'State of the current stage SLA clock.',
    (v) => v.sla?.state ?? null,
  ),
  define(
    'qualification_verdict',
    'qualification verdict',
    enumeration(VERDICT_LABELS),
    'Verdict the lead was judged by when qualified and handed off.',
    (v) => carriedVerdict(v)?.verdict ?? null,
  ),
  define(
    'fit_score',
    'fit score',
    NUMBER,
    'Fit score under the qualification definition.',
    (v) => carriedVerdict(v)?.fitScore ?? null,
  ),
  define(
    'engagement_score',
    'engagement score',
    NUMBER,
    'Engagement score under the qualification definition.',
    (v) => carriedVerdict(v)?.engagementScore ?? null,
  ),
  define(
    'definition_key',
    'definition key',
    TEXT,
    'Qualification definition the lead was judged by.',
    (v) => carriedVerdict(v)?.definitionKey ?? null,
  ),
  define(
    'definition_version',
    'definition version',
    NUMBER,
    'Version of that definition.',
    (v) => carriedVerdict(v)?.definitionVersion ?? null,
  ),
  define('origin', 'origin', enumeration(ORIGIN_LABELS), 'Who sourced the lead.', (v) => v.source.origin),
  define(
    'first_touch_channel',
    'first touch channel',
    TEXT,
    'Channel of the first touch.',
    (v) => v.source.firstTouch?.channel ?? null,
  ),
  define(
    'lead_creation_touch_channel',
    'lead-creation touch channel',
    TEXT,
    'Channel of the touch that created the lead.',
    (v) => v.source.leadCreationTouch?.channel ?? null,
  ),
  define(
    'latest_touch_channel',
    'latest touch channel',
    TEXT,
    'Channel of the latest touch.',
    (v) => v.source.latestTouch?.channel ?? null,
  ),
];

/**
 * Whether a CRM's held value means the wanted one: the same instant in ISO or epoch ms, `5` and
 * `5.0`, and empty and unset are equal, so a write-back sends only what really changed.
 */
export function sameFieldValue(
  type: CardField['type'] | undefined,
  held: string | null | undefined,
  wanted: string,
): boolean {
  const a = (held ?? '').trim();
  const b = wanted.trim();
  if (a === b) return true;
  if (a === '' || b === '') return false;
  if (type === 'datetime') {
    const heldAt = parseInstant(a);
    return heldAt !== null && heldAt === parseInstant(b);
  }
  if (type === 'number') return Number(a) === Number(b) && !Number.isNaN(Number(a));
  return false;
}
