import { z } from 'zod';
import { writebackItem } from '../../../pipeline/writeback-item.ts';
import type { InboxItem } from '../../../store/inbox-intake.ts';
import { hubSpotObjectRecordKey } from '../hubspot-record-keys.ts';

export const HUBSPOT_WRITEBACK = 'hubspot_writeback';
export const CONTACTS = 'contacts';

/**
 * Queues a write-back of one contact (see `writebackItem`). `propertyRepairs` marks a write-back
 * waiting for Baton's properties (see `awaiting-properties.ts`).
 */
export function hubSpotWritebackItem(
  tenant: { readonly id: string; readonly externalId: string },
  recordId: string,
  reason: string,
  propertyRepairs?: number,
): InboxItem {
  return writebackItem(
    { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey },
    { ...tenant, crm: 'hubspot' },
    { objectType: CONTACTS, recordId },
    reason,
    propertyRepairs === undefined ? {} : { propertyRepairs },
  );
}

export const writebackPayloadSchema = z.object({
  type: z.literal(HUBSPOT_WRITEBACK),
  objectType: z.literal(CONTACTS),
  recordId: z.string().min(1),
  propertyRepairs: z.number().int().nonnegative().optional(),
});
