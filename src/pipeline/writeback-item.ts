import type { InboxItem } from '../store/inbox-intake.ts';
import type { Tenant } from '../store/tenants.ts';
import type { CrmSync, RecordRef } from './crm-port.ts';

/**
 * Queues a write-back of one record. `reason` makes the dedupe key: the same reason queued twice
 * (a replayed batch, two sweeps in one window) is one write-back. `extra` carries what the
 * adapter's write side reads back from the item (e.g. HubSpot's property repairs).
 */
export function writebackItem(
  sync: Pick<CrmSync, 'writebackKind' | 'recordKey'>,
  tenant: Pick<Tenant, 'id' | 'crm' | 'externalId'>,
  record: RecordRef,
  reason: string,
  extra: Readonly<Record<string, unknown>> = {},
): InboxItem {
  const { objectType, recordId } = record;
  return {
    crm: tenant.crm,
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    // Record ids are an account's own: another account may hold the same id for the same reason.
    dedupeKey: `writeback:${tenant.externalId}:${objectType}:${recordId}:${reason}`,
    recordKey: sync.recordKey(record),
    payload: { ...extra, type: sync.writebackKind, objectType, recordId },
  };
}
