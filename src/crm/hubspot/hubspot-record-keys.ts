import type { RecordRef } from '../../pipeline/crm-port.ts';
import { LEAD_OBJECT_TYPE_ID } from './hubspot-leads.ts';
import { CONTACT_OBJECT_TYPE_ID, hubSpotRecordKey } from './intake/hubspot-event-schema.ts';

/** HubSpot's object type ids of the objects Baton keeps records of, by the name the API uses. */
const OBJECT_TYPE_IDS: Readonly<Record<string, string>> = {
  contacts: CONTACT_OBJECT_TYPE_ID,
  leads: LEAD_OBJECT_TYPE_ID,
};

/** The inbox record key of a record, the one its webhook events carry (`0-1:123`). */
export function hubSpotObjectRecordKey(record: RecordRef): string {
  const typeId = OBJECT_TYPE_IDS[record.objectType];
  if (typeId === undefined) throw new Error(`Baton keeps no HubSpot records of type "${record.objectType}"`);
  return hubSpotRecordKey(typeId, record.recordId);
}
