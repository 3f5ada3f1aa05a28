import type { CrmDefaults } from '../../../pipeline/crm-port.ts';
import { createStarterDefinition } from '../oauth/starter-definition.ts';
import { HUBSPOT_JOURNEY_MAPPING } from './hubspot-journey-mapping.ts';
import { HUBSPOT_SOURCE_MAPPING } from './hubspot-source-mapping.ts';
import { HUBSPOT_STAGE_MAPPINGS } from './hubspot-stage-mappings.ts';

/** What a new HubSpot tenant starts from: the demand waterfall on HubSpot's fields and a draft MQL definition. */
export const HUBSPOT_DEFAULTS: CrmDefaults = {
  presetKey: 'demand_waterfall',
  stageMappings: HUBSPOT_STAGE_MAPPINGS,
  journeyMapping: HUBSPOT_JOURNEY_MAPPING,
  sourceMapping: HUBSPOT_SOURCE_MAPPING,
  // The contact's owner team, and HubSpot's roll-up of its closed-won deal amounts.
  leadRecord: { objectType: 'contacts', team: 'hubspot_team_id', value: 'total_revenue' },
  starterDefinition: createStarterDefinition,
};
