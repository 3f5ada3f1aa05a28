import type { RecordRef } from '../../pipeline/crm-port.ts';

/** The object Baton keeps records of in Salesforce. */
export const LEAD = 'Lead';

/** The inbox record key of a record, the one intake stores its notifications under (`Lead:00Q…`). */
export function salesforceRecordKey(record: RecordRef): string {
  if (record.objectType !== LEAD)
    throw new Error(`Baton keeps no Salesforce records of type "${record.objectType}"`);
  return `${LEAD}:${record.recordId}`;
}
