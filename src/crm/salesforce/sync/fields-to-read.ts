import { mappedProperties } from '../../../core/funnel/stage-lookup.ts';
import { propertiesOfDefinition } from '../../../core/qualification/definition-properties.ts';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import { DISPOSITION_FEEDBACK_FIELD, DISPOSITION_FIELD, WRITTEN_LEAD_FIELDS } from '../baton-lead-fields.ts';

/** What every Lead read carries: identity, owner, status and conversion, times, and Baton's own fields. */
const BASE_FIELDS = [
  'Id',
  'Status',
  'OwnerId',
  'Owner.Type',
  'Owner.Name',
  'LeadSource',
  'IsConverted',
  'ConvertedDate',
  'ConvertedAccountId',
  'ConvertedContactId',
  'ConvertedOpportunityId',
  'CreatedDate',
  'SystemModstamp',
  'LastModifiedById',
  DISPOSITION_FIELD.apiName,
  DISPOSITION_FEEDBACK_FIELD.apiName,
  ...WRITTEN_LEAD_FIELDS,
];

/**
 * Exactly the Lead fields a tenant's configuration reads (stage mapping, owner and status
 * mapping, criteria, scope, report fields) that the org has: a query naming a field the org
 * lacks fails as a whole, so the rest are left out (a criterion on them then reads as empty).
 */
export function salesforceFieldsToRead(config: TenantConfig, orgFields: ReadonlySet<string>): string[] {
  const { mapping, scopeProperties } = config;
  const configured = [
    ...mappedProperties(config.model),
    mapping.ownerProperty,
    mapping.createdAtProperty,
    ...mapping.statusEvents.map((s) => s.property),
    ...config.definitions.flatMap(propertiesOfDefinition),
    ...(scopeProperties.territory ? [scopeProperties.territory] : []),
    ...(scopeProperties.productLine ? [scopeProperties.productLine] : []),
    ...[config.reports.properties.team, config.reports.properties.value].filter((p) => p !== undefined),
  ].filter((field) => orgHas(orgFields, field));
  return [...new Set([...BASE_FIELDS.filter((field) => orgHas(orgFields, field)), ...configured])].sort();
}

/** A field, or a relationship's field (`Owner.Name`) when the org has the relationship. */
function orgHas(orgFields: ReadonlySet<string>, field: string): boolean {
  if (field === 'Id') return true;
  const dot = field.indexOf('.');
  return dot < 0 ? orgFields.has(field) : orgFields.has(field.slice(0, dot + 1));
}
