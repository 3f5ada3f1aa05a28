import { type Connection, SfDate } from 'jsforce';
import { createSOQL } from 'jsforce/lib/soql-builder.js';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import { salesforceFailure } from '../api/salesforce-failure.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import { salesforceFieldsToRead } from '../sync/fields-to-read.ts';

/** What the backfill needs to know of the org's Lead fields. */
export interface LeadDescription {
  /** Field names and relationship names (`Owner.`), as the sync's `leadFields` gives them. */
  readonly fields: ReadonlySet<string>;
  /** Compound address and geolocation fields: Bulk API 2.0 refuses them (their parts are fields too). */
  readonly compound: ReadonlySet<string>;
  readonly datetimes: ReadonlySet<string>;
}

/** The fields of one membership, what `leadRecordOf` reads from a `CampaignMembers` subquery, plus its Lead. */
export const CAMPAIGN_MEMBER_FIELDS = [
  'Id',
  'LeadId',
  'CreatedDate',
  'CampaignId',
  'Campaign.Name',
  'Campaign.Type',
];

/** A field or a relationship path, nothing that could end a SELECT list early. */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

export async function describeLead(conn: Connection): Promise<LeadDescription> {
  let described: Awaited<ReturnType<ReturnType<Connection['sobject']>['describe']>>;
  try {
    described = await conn.sobject(LEAD).describe();
  } catch (error) {
    throw salesforceFailure(error, 'describing Lead');
  }
  const fields = new Set<string>();
  const compound = new Set<string>();
  const datetimes = new Set<string>();
  for (const field of described.fields) {
    fields.add(field.name);
    if (field.relationshipName) fields.add(`${field.relationshipName}.`);
    if (field.type === 'address' || field.type === 'location') compound.add(field.name);
    if (field.type === 'datetime') datetimes.add(field.name);
  }
  return { fields, compound, datetimes };
}

/**
 * Every Lead created before `cutoff` with the fields the sync reads, minus what a Bulk API 2.0
 * query cannot select. Leads created later reach Baton through the Outbound Messages. The query
 * is built by jsforce's builder, like the sync's; the only value in it is Baton's own date.
 */
export function leadBulkQuery(config: TenantConfig, lead: LeadDescription, cutoff: Date): string {
  const fields = salesforceFieldsToRead(config, lead.fields).filter(
    (field) => FIELD_PATH.test(field) && !lead.compound.has(field),
  );
  return createSOQL({
    table: LEAD,
    fields,
    conditions: { CreatedDate: { $lt: SfDate.toDateTimeLiteral(cutoff) } },
  });
}

/**
 * The campaign memberships of those Leads. Bulk API 2.0 takes no parent-to-child subquery, so
 * they come from a job of their own over `CampaignMember`, child-to-parent.
 */
export function campaignMemberBulkQuery(cutoff: Date): string {
  return createSOQL({
    table: 'CampaignMember',
    fields: CAMPAIGN_MEMBER_FIELDS,
    conditions: { LeadId: { $ne: null }, 'Lead.CreatedDate': { $lt: SfDate.toDateTimeLiteral(cutoff) } },
  });
}
