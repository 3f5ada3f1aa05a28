import type { CrmDefaults } from '../../../pipeline/crm-port.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import {
  groupLeadStatuses,
  type LeadStatusValue,
  leadJourneyMapping,
  leadStageMappings,
} from './lead-status-mapping.ts';
import { SALESFORCE_SOURCE_MAPPING } from './salesforce-source-mapping.ts';
import { createSalesforceStarterDefinition } from './salesforce-starter-definition.ts';

/**
 * What a Salesforce tenant starts from, for the org's own Lead statuses (read at install from
 * `LeadStatus`). With no statuses, only conversion places a lead: the adapter's fallback before
 * an org has been read.
 */
export function salesforceDefaultsFor(statuses: readonly LeadStatusValue[]): CrmDefaults {
  const groups = groupLeadStatuses(statuses);
  const journeyMapping = leadJourneyMapping(groups);
  return {
    presetKey: 'demand_waterfall',
    stageMappings: leadStageMappings(groups),
    journeyMapping,
    // The tenant keeps its org's statuses: the worker loads tenants with the adapter's defaults.
    ...(statuses.length > 0 ? { seededSettings: { journeyMapping } } : {}),
    sourceMapping: SALESFORCE_SOURCE_MAPPING,
    // The owner's role stands in for a team; AnnualRevenue is the only value on a Lead.
    leadRecord: { objectType: LEAD, team: 'Owner.UserRoleId', value: 'AnnualRevenue' },
    starterDefinition: createSalesforceStarterDefinition,
  };
}

export const SALESFORCE_DEFAULTS: CrmDefaults = salesforceDefaultsFor([]);
