import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InboxItem } from '../../../store/inbox-intake.ts';
import type { HubSpotObjectType } from '../api/hubspot-records.ts';
import { BATON_PROPERTIES, BATON_PROPERTY_GROUP } from '../baton-properties.ts';

export const HUBSPOT_BOOTSTRAP = 'hubspot_bootstrap';

/** The object types that carry Baton's properties. */
export const HUBSPOT_SCHEMA_OBJECT_TYPES: readonly HubSpotObjectType[] = ['contacts', 'leads'];

/**
 * A stable hash of Baton's property set (group, definitions, object types): it changes exactly
 * when an upgrade changes what the portal must hold, so portals recorded at another version are
 * bootstrapped again. Functions (how values are computed) are not part of it.
 */
export const HUBSPOT_PROPERTY_SET_VERSION = createHash('sha256')
  .update(
    JSON.stringify({
      group: BATON_PROPERTY_GROUP,
      objectTypes: HUBSPOT_SCHEMA_OBJECT_TYPES,
      properties: BATON_PROPERTIES,
    }),
  )
  .digest('hex')
  .slice(0, 16);

/**
 * Why a bootstrap is queued; it makes the dedupe key. Each install queues its own (a reinstall
 * may bring the scope a failed one lacked), an upgrade one per portal and version however often
 * Baton restarts, and a repair one per write-back that found a property missing.
 */
export type BootstrapCause =
  | { readonly kind: 'install'; readonly at: Date }
  | { readonly kind: 'upgrade' }
  | { readonly kind: 'repair'; readonly at: Date };

export const bootstrapPayloadSchema = z.object({
  type: z.literal(HUBSPOT_BOOTSTRAP),
  propertySetVersion: z.string().min(1),
  cause: z.enum(['install', 'upgrade', 'repair']),
});

export function hubSpotBootstrapItem(
  tenant: { readonly id: string; readonly externalId: string },
  cause: BootstrapCause,
): InboxItem {
  const version = HUBSPOT_PROPERTY_SET_VERSION;
  const when = cause.kind === 'upgrade' ? '' : `:${cause.at.toISOString()}`;
  return {
    crm: 'hubspot',
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    dedupeKey: `bootstrap:${tenant.externalId}:${version}:${cause.kind}${when}`,
    payload: { type: HUBSPOT_BOOTSTRAP, propertySetVersion: version, cause: cause.kind },
  };
}
