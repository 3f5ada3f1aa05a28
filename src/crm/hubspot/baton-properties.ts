import type { TouchOrigin } from '../../core/attribution/touch.ts';
import type { CardVerdict, CardView } from '../../core/card/card-view.ts';
import type { HandoffEventType } from '../../core/journey/ledger-entry.ts';
import { parseInstant } from '../../core/parse-instant.ts';
import type { QualificationVerdict } from '../../core/qualification/qualification-result.ts';
import type { SlaState } from '../../core/sla/sla-policy.ts';

export const BATON_PROPERTY_GROUP = { name: 'baton', label: 'Baton' } as const;

/** HubSpot's pairs of data type and form field that Baton's properties use. */
export type BatonPropertyKind =
  | { readonly type: 'datetime'; readonly fieldType: 'date' }
  | { readonly type: 'number'; readonly fieldType: 'number' }
  | { readonly type: 'string'; readonly fieldType: 'text' }
  | {
      readonly type: 'enumeration';
      readonly fieldType: 'select';
      readonly options: readonly { readonly value: string; readonly label: string }[];
    };

export type BatonProperty = BatonPropertyKind & {
  readonly name: string;
  readonly label: string;
  /** Shown as help text in HubSpot. */
  readonly description: string;
  readonly valueFrom: (view: CardView) => string | number | null;
};

const DATETIME = { type: 'datetime', fieldType: 'date' } as const;
const NUMBER = { type: 'number', fieldType: 'number' } as const;
const TEXT = { type: 'string', fieldType: 'text' } as const;

function enumeration<K extends string>(labels: Readonly<Record<K, string>>): BatonPropertyKind {
  return {
    type: 'enumeration',
    fieldType: 'select',
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
  ['baton_mql_at', 'Baton MQL at', 'qualified', 'Latest marketing qualification.'],
  ['baton_handed_off_at', 'Baton handed off at', 'handed_off', 'Latest hand-off to sales.'],
  ['baton_accepted_at', 'Baton accepted at', 'accepted', 'Latest acceptance by sales.'],
  ['baton_rejected_at', 'Baton rejected at', 'rejected', 'Latest rejection by sales.'],
  ['baton_first_contact_at', 'Baton first contact at', 'first_contact', 'Latest first contact by sales.'],
  ['baton_sql_at', 'Baton SQL at', 'sales_qualified', 'Latest sales qualification.'],
];

function define(
  name: string,
  label: string,
  kind: BatonPropertyKind,
  description: string,
  valueFrom: BatonProperty['valueFrom'],
): BatonProperty {
  return { name, label, ...kind, description, valueFrom };
}

/** Baton's properties on contacts and on the Lead object; `docs/hubspot-properties.md` explains each. */
export const BATON_PROPERTIES: readonly BatonProperty[] = [
  define(
    'baton_stage',
    'Baton stage',
    TEXT,
    'Funnel stage key in the tenant model.',
    (v) => v.stage?.key ?? null,
  ),
  define(
    'baton_owner_function',
    'Baton owner function',
    TEXT,
    'Function that owns the current stage.',
    (v) => v.owner.function?.key ?? null,
  ),
  define(
    'baton_stage_entered_at',
    'Baton stage entered at',
    DATETIME,
    'When the lead entered its current stage.',
    (v) => v.stage?.enteredAt ?? null,
  ),
  ...HANDOFF_TIMES.map(([name, label, event, description]) =>
    define(name, label, DATETIME, description, (v) => latest(v, event)),
  ),
  define(
    'baton_rejection_reason',
    'Baton rejection reason',
    TEXT,
    'Reason code of the latest rejection.',
    latestRejectionReason,
  ),
  define(
    'baton_sla_due_at',
    'Baton SLA due at',
    DATETIME,
    'When the current stage SLA is due.',
    (v) => v.sla?.dueAt ?? null,
  ),
  define(
    'baton_sla_state',
    'Baton SLA state',
    enumeration(SLA_STATE_LABELS),
    'State of the current stage SLA clock.',
    (v) => v.sla?.state ?? null,
  ),
  define(
    'baton_qualification_verdict',
    'Baton qualification verdict',
    enumeration(VERDICT_LABELS),
    'Verdict the lead was judged by when qualified and handed off.',
    (v) => carriedVerdict(v)?.verdict ?? null,
  ),
  define(
    'baton_fit_score',
    'Baton fit score',
    NUMBER,
    'Fit score under the qualification definition.',
    (v) => carriedVerdict(v)?.fitScore ?? null,
  ),
  define(
    'baton_engagement_score',
    'Baton engagement score',
    NUMBER,
    'Engagement score under the qualification definition.',
    (v) => carriedVerdict(v)?.engagementScore ?? null,
  ),
  define(
    'baton_definition_key',
    'Baton definition key',
    TEXT,
    'Qualification definition the lead was judged by.',
    (v) => carriedVerdict(v)?.definitionKey ?? null,
  ),
  define(
    'baton_definition_version',
    'Baton definition version',
    NUMBER,
    'Version of that definition.',
    (v) => carriedVerdict(v)?.definitionVersion ?? null,
  ),
  define(
    'baton_origin',
    'Baton origin',
    enumeration(ORIGIN_LABELS),
    'Who sourced the lead.',
    (v) => v.source.origin,
  ),
  define(
    'baton_first_touch_channel',
    'Baton first touch channel',
    TEXT,
    'Channel of the first touch.',
    (v) => v.source.firstTouch?.channel ?? null,
  ),
  define(
    'baton_lead_creation_touch_channel',
    'Baton lead-creation touch channel',
    TEXT,
    'Channel of the touch that created the lead.',
    (v) => v.source.leadCreationTouch?.channel ?? null,
  ),
  define(
    'baton_latest_touch_channel',
    'Baton latest touch channel',
    TEXT,
    'Channel of the latest touch.',
    (v) => v.source.latestTouch?.channel ?? null,
  ),
];

export const BATON_PROPERTY_NAMES: readonly string[] = BATON_PROPERTIES.map((p) => p.name);

const BY_NAME = new Map(BATON_PROPERTIES.map((p) => [p.name, p]));

/**
 * Every Baton property as HubSpot takes it: datetimes as ISO 8601 UTC (HubSpot accepts ISO or
 * epoch ms and answers reads in ISO), numbers as decimal strings, and an empty string for a value
 * Baton does not have, which clears the property in HubSpot.
 */
export function batonPropertyValues(view: CardView): Record<string, string> {
  return Object.fromEntries(
    BATON_PROPERTIES.map((property) => {
      const value = property.valueFrom(view);
      if (value === null) return [property.name, ''];
      if (property.type === 'datetime' && typeof value === 'number') {
        return [property.name, new Date(value).toISOString()];
      }
      return [property.name, String(value)];
    }),
  );
}

/**
 * The properties whose desired value differs from HubSpot's, compared by meaning: the same
 * instant in ISO or epoch ms, `5` and `5.0`, and empty and unset are equal.
 */
export function changedBatonProperties(
  current: Readonly<Record<string, string | null | undefined>>,
  desired: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(desired).filter(
      ([name, value]) => !sameValue(BY_NAME.get(name)?.type, current[name], value),
    ),
  );
}

function sameValue(
  type: BatonPropertyKind['type'] | undefined,
  held: string | null | undefined,
  wanted: string,
) {
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
