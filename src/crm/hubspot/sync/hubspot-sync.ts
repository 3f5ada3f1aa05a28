import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { CrmSync } from '../../../pipeline/crm-port.ts';
import type { Db } from '../../../store/database.ts';
import { HUBSPOT_BATCH_SIZE } from '../api/hubspot-records.ts';
import { hubSpotObjectRecordKey } from '../hubspot-record-keys.ts';
import { HUBSPOT_EVENT } from '../intake/hubspot-event-kind.ts';
import { createHubSpotBreachActions } from './hubspot-breach-actions.ts';
import { readHubSpotEvents } from './hubspot-event-handler.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';
import { HUBSPOT_WRITEBACK, writeHubSpotCards } from './hubspot-writeback-handler.ts';

const CONTACTS = 'contacts';

/** How HubSpot's sync work is named in the inbox; a backfill queues its write-backs the same way. */
export const HUBSPOT_SYNC_KEYS = {
  eventKind: HUBSPOT_EVENT,
  writebackKind: HUBSPOT_WRITEBACK,
  recordKey: hubSpotObjectRecordKey,
  // The one event field that carries a person's data; the rest are ids, types and times.
  personalEventFields: ['propertyValue'],
} as const satisfies Partial<CrmSync>;

/**
 * HubSpot's side of the sync: one read and one write per 100 contacts (plus a Lead read and an
 * association read per 100 changed Leads), and the SLA breach actions.
 */
export function createHubSpotSync(deps: { db: Db; records: HubSpotRecordsPort; logger: Logger }): CrmSync {
  return {
    ...HUBSPOT_SYNC_KEYS,
    recordsPerCall: HUBSPOT_BATCH_SIZE,
    read: (tenant, config, items) => readHubSpotEvents(deps, tenant, config, items),
    async write(tenant, objectType, cards, batch) {
      if (objectType !== CONTACTS) throw new InputInvalidError(`Baton writes no HubSpot ${objectType}`);
      return writeHubSpotCards(deps, tenant, cards, batch);
    },
    breachActions: createHubSpotBreachActions(deps),
  };
}
