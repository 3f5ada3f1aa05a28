import { z } from 'zod';
import { InputInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { loadCardViews } from '../../../pipeline/load-card-view.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxRow } from '../../../store/inbox.ts';
import { getSnapshots, mergeSnapshotProperties } from '../../../store/snapshots.ts';
import { getTenant } from '../../../store/tenants.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { batonPropertyValues, changedBatonProperties } from '../baton-properties.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';

export const HUBSPOT_WRITEBACK = 'hubspot_writeback';

const writebackSchema = z.object({
  type: z.literal(HUBSPOT_WRITEBACK),
  objectType: z.literal('contacts'),
  recordId: z.string().min(1),
});

interface Written {
  readonly tenantId: string;
  readonly updates: readonly { readonly id: string; readonly properties: Readonly<Record<string, string>> }[];
  readonly rejected: readonly { readonly id: string; readonly message: string }[];
}

/**
 * Writes Baton's view of each record back to HubSpot: only the `baton_` properties whose values
 * differ from what HubSpot holds, up to 100 records in one batch call. The call happens in
 * `prepare`, outside the transaction; it is idempotent (it sets values, never increments), so a
 * retry after a failure later in the group sends the same values again and changes nothing.
 * Records HubSpot rejects (VALIDATION_ERROR) are logged and not retried.
 */
export function createHubSpotWritebackHandler(deps: {
  db: Db;
  records: HubSpotRecordsPort;
  logger: Logger;
}): InboxHandler<Written | null> {
  return {
    async prepare(items, now) {
      const tenantId = items[0]?.tenantId;
      const tenant = tenantId ? await getTenant(deps.db, tenantId) : null;
      if (tenant?.status !== 'active') return null;
      const ids = [...new Set(items.map(recordIdOf))];
      const [views, snapshots] = await Promise.all([
        loadCardViews(deps.db, tenant, 'contacts', ids, now),
        getSnapshots(deps.db, tenant.id, 'contacts', ids),
      ]);
      const held = new Map(snapshots.map((snapshot) => [snapshot.recordId, snapshot.properties]));
      const updates = [];
      for (const [id, view] of views) {
        const changed = changedBatonProperties(held.get(id) ?? {}, batonPropertyValues(view));
        if (Object.keys(changed).length > 0) updates.push({ id, properties: changed });
      }
      if (updates.length === 0) return { tenantId: tenant.id, updates, rejected: [] };
      const { rejected } = await deps.records.updateContacts(tenant.id, updates);
      return { tenantId: tenant.id, updates, rejected };
    },

    async apply(tx, _items, written, now) {
      if (!written) return;
      const rejected = new Set(written.rejected.map((r) => r.id));
      await mergeSnapshotProperties(
        tx,
        written.tenantId,
        'contacts',
        written.updates
          .filter((update) => !rejected.has(update.id))
          .map((update) => ({ recordId: update.id, properties: update.properties })),
        now,
      );
      for (const r of written.rejected) {
        deps.logger.warn(
          { tenant: written.tenantId, record: r.id, reason: r.message },
          'HubSpot rejected write-back',
        );
      }
    },
  };
}

function recordIdOf(item: InboxRow): string {
  const parsed = writebackSchema.safeParse(item.payload);
  if (!parsed.success) throw new InputInvalidError(`inbox item ${item.id} is not a valid HubSpot write-back`);
  return parsed.data.recordId;
}
