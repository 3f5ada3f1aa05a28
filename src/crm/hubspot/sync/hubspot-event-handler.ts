import { hubSpotEventSchema } from '../../../../webhooks/hubspot/hubspot-event-schema.ts';
import { applyRecordChanges, type RecordChange } from '../../../pipeline/apply-record-changes.ts';
import { loadTenantConfig, type TenantConfig } from '../../../pipeline/tenant-config.ts';
import type { Db } from '../../../store/database.ts';
import { enqueue, type InboxRow } from '../../../store/inbox.ts';
import { deleteRecordData, mergeRecordLedgers } from '../../../store/ledger.ts';
import { getTenant, type Tenant } from '../../../store/tenants.ts';
import { mergeRecordTouches } from '../../../store/touches.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { touchesFromHubSpotContact } from '../hubspot-touches.ts';
import { type ClassifiedEvents, classifyHubSpotEvents } from './classify-hubspot-events.ts';
import type { HubSpotRecord, HubSpotRecordsPort } from './hubspot-records-port.ts';
import { HUBSPOT_WRITEBACK } from './hubspot-writeback-handler.ts';
import { hubSpotPropertiesToRead } from './properties-to-read.ts';

export const HUBSPOT_EVENT = 'hubspot_event';
const CONTACTS = 'contacts';

type Prepared =
  | { readonly skip: true }
  | {
      readonly skip: false;
      readonly tenant: Tenant;
      readonly config: TenantConfig;
      readonly classified: ClassifiedEvents;
      readonly records: ReadonlyMap<string, HubSpotRecord>;
    };

/**
 * Turns a tenant's webhook events into ledger facts. `prepare` reads the touched contacts from
 * HubSpot in batches (outside any transaction); `apply` purges, merges and runs the pipeline, and
 * queues a write-back for every refreshed contact in the same transaction, so the write-back can
 * never be lost or run for work that rolled back.
 */
export function createHubSpotEventHandler(deps: {
  db: Db;
  records: HubSpotRecordsPort;
}): InboxHandler<Prepared> {
  return {
    async prepare(items) {
      const tenant = await tenantOf(deps.db, items);
      if (tenant?.status !== 'active') return { skip: true };
      const config = await loadTenantConfig(deps.db, tenant);
      const classified = classifyHubSpotEvents(items.map(parseEvent));
      const records =
        classified.refresh.length === 0
          ? new Map<string, HubSpotRecord>()
          : await deps.records.readContacts(tenant.id, classified.refresh, hubSpotPropertiesToRead(config));
      return { skip: false, tenant, config, classified, records };
    },

    async apply(tx, _items, prepared, now) {
      if (prepared.skip) return;
      const { tenant, config, classified, records } = prepared;
      for (const id of classified.purge) await deleteRecordData(tx, tenant.id, id);
      for (const merge of classified.merges) {
        for (const from of merge.from) {
          await mergeRecordLedgers(tx, tenant.id, from, merge.into);
          await mergeRecordTouches(tx, tenant.id, from, merge.into);
          await deleteRecordData(tx, tenant.id, from);
        }
      }
      const changes: RecordChange[] = [...records].map(([id, record]) => ({
        objectType: CONTACTS,
        snapshot: {
          crm: 'hubspot',
          recordId: id,
          properties: record.properties,
          observedAt: record.updatedAt,
        },
        touches: touchesFromHubSpotContact(record.properties, config.channels, config.sourceMapping),
      }));
      if (changes.length === 0) return;
      await applyRecordChanges(tx, config, changes, now);
      await enqueue(
        tx,
        changes.map((change) => ({
          crm: 'hubspot',
          externalAccountId: tenant.externalId,
          tenantId: tenant.id,
          dedupeKey: `writeback:${CONTACTS}:${change.snapshot.recordId}:${change.snapshot.observedAt}`,
          payload: { type: HUBSPOT_WRITEBACK, objectType: CONTACTS, recordId: change.snapshot.recordId },
        })),
        now,
      );
    },
  };
}

function parseEvent(item: InboxRow) {
  return hubSpotEventSchema.parse((item.payload as { event?: unknown }).event);
}

async function tenantOf(db: Db, items: readonly InboxRow[]): Promise<Tenant | null> {
  const tenantId = items[0]?.tenantId;
  return tenantId ? getTenant(db, tenantId) : null;
}
