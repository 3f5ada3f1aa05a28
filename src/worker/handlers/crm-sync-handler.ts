import { applySyncBatch } from '../../pipeline/apply-sync-batch.ts';
import type { CrmSync, SyncBatch } from '../../pipeline/crm-port.ts';
import type { TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import type { InboxHandler } from '../handler-registry.ts';
import { activeTenantScope, type TenantScope } from '../tenant-scope.ts';

type Read = (TenantScope & { readonly batch: SyncBatch }) | null;

/**
 * Turns a tenant's CRM notifications into ledger facts. `prepare` has the adapter read the
 * records they name (outside any transaction); `apply` purges, merges, runs the pipeline and
 * queues the write-backs, in the transaction that finishes the items.
 */
export function createSyncHandler(db: Db, sync: CrmSync, defaults: TenantDefaults): InboxHandler<Read> {
  return {
    ...(sync.recordsPerCall === undefined ? {} : { recordsPerCall: sync.recordsPerCall }),
    ...(sync.fillWaitMs === undefined ? {} : { maxWaitMs: sync.fillWaitMs }),
    async prepare(items, now) {
      const scope = await activeTenantScope(db, items, defaults);
      if (!scope) return null;
      return { ...scope, batch: await sync.read(scope.tenant, scope.config, items, now) };
    },
    async apply(tx, _items, read, now) {
      if (read) await applySyncBatch(tx, { ...read, sync }, read.batch, now);
    },
  };
}
