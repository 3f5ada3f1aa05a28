import { ACCEPT_OR_REJECT_SLA, FIRST_CONTACT_SLA } from '../../sla/default-sla.ts';
import type { BusinessCalendar } from '../../sla/sla-policy.ts';
import type {
  FunnelPresetKey,
  FunnelStage,
  OwnerFunction,
  OwnerShare,
  PropertyMatch,
} from '../funnel-model.ts';

/** A preset before a tenant's calendar is attached. */
export interface FunnelPreset {
  readonly key: FunnelPresetKey;
  readonly name: string;
  readonly description: string;
  readonly functions: readonly OwnerFunction[];
  readonly stages: readonly FunnelStage[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: [],
};

export const MARKETING: OwnerFunction = { key: 'marketing', label: 'Marketing' };
export const SALES: OwnerFunction = { key: 'sales', label: 'Sales' };
export const SHARED: OwnerFunction = { key: 'shared', label: 'Shared' };
export const DELIVERY: OwnerFunction = { key: 'delivery', label: 'Delivery' };

export function soleOwner(owner: OwnerFunction): readonly OwnerShare[] {
  return [{ function: owner.key, weight: 1 }];
}

export function lifecycle(...values: string[]): PropertyMatch {
  return { property: 'lifecyclestage', values };
}

export function leadStatus(...values: string[]): PropertyMatch {
  return { property: 'hs_lead_status', values };
}

/** HubSpot lead statuses that mean a rep has picked the lead up. */
export const HUBSPOT_SALES_WORKING = leadStatus('OPEN', 'IN_PROGRESS', 'ATTEMPTED_TO_CONTACT', 'CONNECTED');
export const HUBSPOT_OPEN_DEAL = leadStatus('OPEN_DEAL');

/**
 * HubSpot's Lead object, folded onto its contact under the `lead.` prefix by the HubSpot adapter.
 * Creating a Lead is the hand-off (it waits in sales' workspace at the pipeline's first stage);
 * a rep working it accepts it; the qualified stage is sales qualification. The values are the
 * default lead pipeline's stage ids.
 */
export const HUBSPOT_LEAD_STAGE_PROPERTY = 'lead.hs_pipeline_stage';
export const HUBSPOT_LEAD_CREATED: PropertyMatch = {
  property: HUBSPOT_LEAD_STAGE_PROPERTY,
  values: ['new-stage-id'],
};
export const HUBSPOT_LEAD_WORKING: PropertyMatch = {
  property: HUBSPOT_LEAD_STAGE_PROPERTY,
  values: ['attempting-stage-id', 'connected-stage-id'],
};
export const HUBSPOT_LEAD_QUALIFIED: PropertyMatch = {
  property: HUBSPOT_LEAD_STAGE_PROPERTY,
  values: ['qualified-stage-id'],
};

/**
 * Salesforce's default lead process has no inquiry status: marketing automation usually syncs a
 * lead only once it is marketing-qualified, so "Open - Not Contacted" is the queue awaiting sales.
 */
export const SALESFORCE_AWAITING_SALES: PropertyMatch = {
  property: 'Status',
  values: ['Open - Not Contacted'],
};
export const SALESFORCE_WORKING: PropertyMatch = { property: 'Status', values: ['Working - Contacted'] };
export const SALESFORCE_CONVERTED: readonly PropertyMatch[] = [
  { property: 'Status', values: ['Closed - Converted'] },
  { property: 'IsConverted', values: ['true'] },
];

/**
 * The stage where a qualified lead waits for sales to accept or reject it: reaching it is the
 * qualification and the hand-off, and the accept-or-reject clock runs while the lead sits there.
 */
export function awaitingSalesStage(
  key: string,
  label: string,
  owners: readonly OwnerShare[] = soleOwner(MARKETING),
  salesforce: readonly PropertyMatch[] = [SALESFORCE_AWAITING_SALES],
): FunnelStage {
  return {
    key,
    label,
    owners,
    sla: ACCEPT_OR_REJECT_SLA,
    crmMapping: { hubspot: [lifecycle('marketingqualifiedlead'), HUBSPOT_LEAD_CREATED], salesforce },
    milestones: ['qualified', 'handed_off'],
  };
}

/**
 * The one sales stage of a two-function funnel: sales accepting the lead takes it over, and
 * everything from first contact to the open deal happens here.
 */
export function salesTakesOverStage(key: string, label: string): FunnelStage {
  return {
    key,
    label,
    owners: soleOwner(SALES),
    sla: FIRST_CONTACT_SLA,
    crmMapping: {
      hubspot: [
        HUBSPOT_SALES_WORKING,
        HUBSPOT_LEAD_WORKING,
        HUBSPOT_LEAD_QUALIFIED,
        lifecycle('salesqualifiedlead', 'opportunity'),
        HUBSPOT_OPEN_DEAL,
      ],
      salesforce: [SALESFORCE_WORKING, ...SALESFORCE_CONVERTED],
    },
    isHandoff: true,
    milestones: ['accepted'],
  };
}

/** The closed-won stage, owned by sales: HubSpot customers and evangelists. */
export function wonStage(key: string, label: string): FunnelStage {
  return {
    key,
    label,
    owners: soleOwner(SALES),
    crmMapping: { hubspot: [lifecycle('customer', 'evangelist')] },
    milestones: ['won'],
  };
}
