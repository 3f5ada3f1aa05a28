import type { FunnelPresetKey, PropertyMatch, StageMapping } from '../../../core/funnel/funnel-model.ts';
import type { JourneyMapping, StatusEventMapping } from '../../../core/journey/status-events.ts';

/** One value of the org's Lead Status picklist, as the `LeadStatus` object describes it. */
export interface LeadStatusValue {
  /** The value the `Status` field holds. */
  readonly apiName: string;
  readonly label: string;
  readonly isDefault: boolean;
  readonly isConverted: boolean;
  readonly sortOrder: number;
}

/** Snapshot properties the adapter adds beside the Lead's own fields. */
export const CONVERSION_PROPERTY = 'baton.conversion';
export const CONVERTED_WITH_OPPORTUNITY = 'with_opportunity';
export const CONVERTED_WITHOUT_OPPORTUNITY = 'without_opportunity';

/**
 * Where each Lead Status sits in the org's process, read from the picklist's own order rather
 * than from its labels (orgs rename and add statuses): values ordered before the default status
 * are marketing's (nurture), the default is a lead waiting for sales, values between the default
 * and the first converted status are sales working it, and non-converted values after a
 * converted one close the lead without converting it.
 */
export interface LeadStatusGroups {
  readonly nurture: readonly string[];
  readonly waiting: readonly string[];
  readonly working: readonly string[];
  readonly closed: readonly string[];
}

export function groupLeadStatuses(statuses: readonly LeadStatusValue[]): LeadStatusGroups {
  const ordered = [...statuses].sort((a, b) => a.sortOrder - b.sortOrder);
  const defaultAt = ordered.findIndex((s) => s.isDefault);
  const convertedAt = ordered.findIndex((s) => s.isConverted);
  const groups = {
    nurture: [] as string[],
    waiting: [] as string[],
    working: [] as string[],
    closed: [] as string[],
  };
  ordered.forEach((status, index) => {
    if (status.isConverted) return;
    if (index === defaultAt) groups.waiting.push(status.apiName);
    else if (defaultAt >= 0 && index < defaultAt) groups.nurture.push(status.apiName);
    else if (convertedAt >= 0 && index > convertedAt) groups.closed.push(status.apiName);
    else groups.working.push(status.apiName);
  });
  return groups;
}

const status = (values: readonly string[]): PropertyMatch[] =>
  values.length === 0 ? [] : [{ property: 'Status', values }];
const CONVERTED: PropertyMatch = { property: 'IsConverted', values: ['true'] };
const WITH_OPPORTUNITY: PropertyMatch = {
  property: CONVERSION_PROPERTY,
  values: [CONVERTED_WITH_OPPORTUNITY],
};

/**
 * Every preset's stages on a Lead: its status groups, and conversion as sales qualification
 * (with an opportunity, the opportunity stage). A Lead stops at conversion: what happens to the
 * opportunity afterwards is not on the Lead, so won stages have no default mapping.
 */
export function leadStageMappings(groups: LeadStatusGroups): Readonly<Record<FunnelPresetKey, StageMapping>> {
  const nurture = status(groups.nurture);
  const waiting = status(groups.waiting);
  const working = status(groups.working);
  const salesTakesOver = [...working, CONVERTED, WITH_OPPORTUNITY];
  return {
    demand_waterfall: {
      inquiry: nurture,
      mql: waiting,
      sal: working,
      sql: [CONVERTED],
      opportunity: [WITH_OPPORTUNITY],
      customer: [],
    },
    marketing_then_sales: {
      awareness: [],
      consideration: nurture,
      preference: waiting,
      purchase_intention: salesTakesOver,
      purchase: [],
    },
    tofu_mofu_bofu: { tofu: nurture, mofu: waiting, bofu: salesTakesOver, customer: [] },
    three_owner_journey: {
      discovery: nurture,
      engagement: waiting,
      evaluation: [...working, CONVERTED],
      decision: [WITH_OPPORTUNITY],
      customer_experience: [],
      reassurance: [],
    },
    marketing_qualifies_sales_closes: {
      prospecting: nurture,
      qualifying: waiting,
      closing: salesTakesOver,
      order: [],
    },
  };
}

/**
 * Who holds a Lead (its owner, a user or a queue) and what its statuses mean: a working status is
 * the rep's first contact, and closing a lead sales never accepted is a rejection.
 */
export function leadJourneyMapping(groups: LeadStatusGroups): JourneyMapping {
  const events: StatusEventMapping[] = [
    ...groups.working.map((value) => ({ property: 'Status', value, event: 'first_contact' as const })),
    ...groups.closed.map((value) => ({
      property: 'Status',
      value,
      event: 'disqualified' as const,
      whileAwaitingAcceptance: 'rejected' as const,
      reasonCode: 'bad_fit',
    })),
  ];
  return { ownerProperty: 'OwnerId', createdAtProperty: 'CreatedDate', statusEvents: events };
}
