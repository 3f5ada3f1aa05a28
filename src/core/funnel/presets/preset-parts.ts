import { ACCEPT_OR_REJECT_SLA, FIRST_CONTACT_SLA } from '../../sla/default-sla.ts';
import type { BusinessCalendar } from '../../sla/sla-policy.ts';
import type { FunnelPresetKey, FunnelStage, OwnerFunction, OwnerShare } from '../funnel-model.ts';

/**
 * A preset is a CRM-neutral skeleton: stages, owners, SLAs and milestones. Its stages map to no
 * CRM field until the adapter's default mapping (or the tenant's own) is attached.
 */
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

/**
 * The stage where a qualified lead waits for sales to accept or reject it: reaching it is the
 * qualification and the hand-off, and the accept-or-reject clock runs while the lead sits there.
 */
export function awaitingSalesStage(
  key: string,
  label: string,
  owners: readonly OwnerShare[] = soleOwner(MARKETING),
): FunnelStage {
  return {
    key,
    label,
    owners,
    sla: ACCEPT_OR_REJECT_SLA,
    mapping: [],
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
    mapping: [],
    isHandoff: true,
    milestones: ['accepted'],
  };
}

/** The closed-won stage, owned by sales. */
export function wonStage(key: string, label: string): FunnelStage {
  return {
    key,
    label,
    owners: soleOwner(SALES),
    mapping: [],
    milestones: ['won'],
  };
}
