import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { CrmSync } from '../../../pipeline/crm-port.ts';
import { SALESFORCE_BATCH_SIZE } from '../api/salesforce-leads-api.ts';
import { SALESFORCE_EVENT } from '../intake/salesforce-event-kind.ts';
import { LEAD, salesforceRecordKey } from '../salesforce-record-keys.ts';
import { readSalesforceEvents } from './read-salesforce-events.ts';
import { createSalesforceBreachActions } from './salesforce-breach-actions.ts';
import type { SalesforceLeadsPort } from './salesforce-leads-port.ts';
import { writeSalesforceCards } from './write-salesforce-cards.ts';

export const SALESFORCE_WRITEBACK = 'salesforce_writeback';
export const SALESFORCE_FILL_WAIT_MS = 1_250;

/** How Salesforce's sync work is named in the inbox; reconciliation and the backfill queue their write-backs the same way. */
export const SALESFORCE_SYNC_KEYS = {
  eventKind: SALESFORCE_EVENT,
  writebackKind: SALESFORCE_WRITEBACK,
  recordKey: salesforceRecordKey,
  // Stored notifications hold ids only: nothing personal to strip.
  personalEventFields: [],
} as const satisfies Partial<CrmSync>;

/** Salesforce's side of the sync: one bound query and one collections write per 200 changed Leads, and the SLA breach actions. */
export function createSalesforceSync(deps: { leads: SalesforceLeadsPort; logger: Logger }): CrmSync {
  return {
    ...SALESFORCE_SYNC_KEYS,
    recordsPerCall: SALESFORCE_BATCH_SIZE,
    // A call of 200 fills in a second at 200 changes/s: waiting a little longer keeps a busy org
    // at one read and one write per 200 Leads (measured with `npm run bench:salesforce-roundtrip`).
    fillWaitMs: SALESFORCE_FILL_WAIT_MS,
    read: (tenant, config, items) => readSalesforceEvents(deps, tenant, config, items),
    async write(tenant, objectType, cards) {
      if (objectType !== LEAD) throw new InputInvalidError(`Baton writes no Salesforce ${objectType}`);
      return writeSalesforceCards(deps.leads, tenant, cards);
    },
    breachActions: createSalesforceBreachActions(deps.leads),
  };
}
