import { parseInstant } from '../../core/parse-instant.ts';
import type { PropertyBag } from '../../core/record.ts';
import {
  CONVERSION_PROPERTY,
  CONVERTED_WITH_OPPORTUNITY,
  CONVERTED_WITHOUT_OPPORTUNITY,
} from './defaults/lead-status-mapping.ts';
import { ownerKindOf } from './salesforce-ids.ts';

/** A Lead as a SOQL query answers it: fields, relationship objects, child subqueries. */
export type SoqlRecord = Readonly<Record<string, unknown>>;

/** Where the owner's kind (user or queue) is kept, from the owner id's key prefix. */
export const OWNER_KIND_PROPERTY = 'baton.owner_kind';

/** The campaign memberships a Lead query brings along (a subquery, so reading them costs no call). */
export interface CampaignMembership {
  readonly id: string;
  readonly createdAt: number;
  readonly campaignId: string | null;
  readonly campaignName: string | null;
  readonly campaignType: string | null;
}

export interface LeadRecord {
  readonly id: string;
  readonly properties: PropertyBag;
  /** `SystemModstamp`: when anything on the Lead last changed, system changes included. */
  readonly modifiedAt: number;
  readonly lastModifiedBy: string | null;
  readonly campaignMembers: readonly CampaignMembership[];
}

/**
 * A SOQL answer as Baton's snapshot: relationship fields flattened to dotted names
 * (`Owner.Type`), booleans and numbers as the strings Salesforce shows, nulls kept, and two
 * facts the Lead implies: whether its owner is a user or a queue, and what conversion produced.
 */
export function leadRecordOf(raw: SoqlRecord): LeadRecord {
  const id = raw.Id;
  if (typeof id !== 'string') throw new Error('a Lead record without an Id');
  const flat: Record<string, string | null> = {};
  flatten(raw, '', flat);
  const converted = flat.IsConverted === 'true';
  flat[CONVERSION_PROPERTY] = converted
    ? flat.ConvertedOpportunityId
      ? CONVERTED_WITH_OPPORTUNITY
      : CONVERTED_WITHOUT_OPPORTUNITY
    : null;
  flat[OWNER_KIND_PROPERTY] = ownerKindOf(flat.OwnerId);
  const modifiedAt = parseInstant(flat.SystemModstamp ?? '') ?? parseInstant(flat.CreatedDate ?? '') ?? 0;
  return {
    id,
    properties: flat,
    modifiedAt,
    lastModifiedBy: flat.LastModifiedById ?? null,
    campaignMembers: membershipsOf(raw.CampaignMembers),
  };
}

function flatten(
  value: Readonly<Record<string, unknown>>,
  prefix: string,
  into: Record<string, string | null>,
) {
  for (const [key, field] of Object.entries(value)) {
    if (key === 'attributes' || key === 'CampaignMembers') continue;
    const name = prefix + key;
    if (field === null || field === undefined) into[name] = null;
    else if (typeof field === 'object') flatten(field as Record<string, unknown>, `${name}.`, into);
    else into[name] = String(field);
  }
}

function membershipsOf(value: unknown): CampaignMembership[] {
  if (typeof value !== 'object' || value === null || !('records' in value) || !Array.isArray(value.records))
    return [];
  return value.records.flatMap((member: Record<string, unknown>) => {
    const id = member.Id;
    const createdAt = parseInstant(String(member.CreatedDate ?? ''));
    if (typeof id !== 'string' || createdAt === null) return [];
    const campaign = (member.Campaign ?? null) as Record<string, unknown> | null;
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    return [
      {
        id,
        createdAt,
        campaignId: text(member.CampaignId),
        campaignName: text(campaign?.Name),
        campaignType: text(campaign?.Type),
      },
    ];
  });
}
