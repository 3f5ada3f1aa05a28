import { z } from 'zod';
import {
  CONTACT_OBJECT_TYPE_ID,
  hubSpotRecordKey,
} from '../../../../webhooks/hubspot/hubspot-event-schema.ts';
import type { InboxItem } from '../../../store/inbox.ts';

export const HUBSPOT_WRITEBACK = 'hubspot_writeback';
export const CONTACTS = 'contacts';

/**
 * Queues a write-back of one contact. `reason` makes the dedupe key: the same reason queued twice
 * (a replayed batch, two sweeps in one window) is one write-back. `propertyRepairs` marks a
 * write-back waiting for Baton's properties (see `awaiting-properties.ts`).
 */
export function hubSpotWritebackItem(
  tenant: { readonly id: string; readonly externalId: string },
  recordId: string,
  reason: string,
  propertyRepairs?: number,
): InboxItem {
  return {
    crm: 'hubspot',
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    // Record ids are a portal's own: another portal may hold the same id for the same reason.
    dedupeKey: `writeback:${tenant.externalId}:${CONTACTS}:${recordId}:${reason}`,
    recordKey: hubSpotRecordKey(CONTACT_OBJECT_TYPE_ID, recordId),
    payload: {
      type: HUBSPOT_WRITEBACK,
      objectType: CONTACTS,
      recordId,
      ...(propertyRepairs === undefined ? {} : { propertyRepairs }),
    },
  };
}

export const writebackPayloadSchema = z.object({
  type: z.literal(HUBSPOT_WRITEBACK),
  objectType: z.literal(CONTACTS),
  recordId: z.string().min(1),
  propertyRepairs: z.number().int().nonnegative().optional(),
});
