import { mappedProperties } from '../../../core/funnel/stage-lookup.ts';
import { propertiesOfDefinition } from '../../../core/qualification/definition-properties.ts';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import { BATON_PROPERTY_NAMES } from '../baton-properties.ts';
import { HUBSPOT_SOURCE_PROPERTIES } from '../hubspot-touches.ts';

/**
 * Exactly the contact properties a tenant's configuration reads: stage mapping, owner and status
 * mapping, qualification criteria, scope, sources, and Baton's own properties (to diff write-back).
 */
export function hubSpotPropertiesToRead(config: TenantConfig): string[] {
  const { mapping, scopeProperties } = config;
  return [
    ...new Set([
      ...mappedProperties(config.model),
      mapping.ownerProperty,
      mapping.createdAtProperty,
      ...mapping.statusEvents.map((s) => s.property),
      ...config.definitions.flatMap(propertiesOfDefinition),
      ...(scopeProperties.territory ? [scopeProperties.territory] : []),
      ...(scopeProperties.productLine ? [scopeProperties.productLine] : []),
      ...[config.reports.properties.team, config.reports.properties.value].filter((p) => p !== undefined),
      ...HUBSPOT_SOURCE_PROPERTIES,
      ...BATON_PROPERTY_NAMES,
      'lastmodifieddate',
    ]),
  ].sort();
}
