import type { CrmDefaults } from '../../pipeline/crm-port.ts';
import { createStarterDefinition } from './oauth/starter-definition.ts';

/** What a new HubSpot tenant starts from: the demand waterfall and a draft MQL definition. */
export const HUBSPOT_DEFAULTS: CrmDefaults = {
  presetKey: 'demand_waterfall',
  starterDefinition: createStarterDefinition,
};
