import type { Tx } from '../store/database.ts';
import { enqueue } from '../store/inbox-intake.ts';
import { redactRecordEvents } from '../store/inbox-retention.ts';
import { deleteRecordData } from '../store/ledger.ts';
import { mergeRecordData } from '../store/record-merge.ts';
import type { Tenant } from '../store/tenants.ts';
import { applyRecordChanges } from './apply-record-changes.ts';
import type { CrmSync, SyncBatch } from './crm-port.ts';
import type { TenantConfig } from './tenant-config.ts';
import { writebackItem } from './writeback-item.ts';

/**
 * Applies what an adapter read, in the caller's transaction: purges (and strips the purged
 * records' personal data from stored notifications, which otherwise wait for retention), merges,
 * then the changes through the pipeline, and queues each changed record's write-back in the same
 * transaction, so a write-back is never lost nor run for work that rolled back. The webhook
 * worker and a backfill import records the same way.
 */
export async function applySyncBatch(
  tx: Tx,
  scope: {
    readonly tenant: Tenant;
    readonly config: TenantConfig;
    readonly sync: Pick<CrmSync, 'writebackKind' | 'recordKey' | 'personalEventFields'>;
  },
  batch: SyncBatch,
  now: Date,
): Promise<void> {
  const { tenant, config, sync } = scope;
  for (const purge of batch.purges) await deleteRecordData(tx, tenant.id, purge.recordId);
  await redactRecordEvents(
    tx,
    tenant.id,
    batch.purges.map((purge) => sync.recordKey(purge)),
    sync.personalEventFields,
  );
  for (const merge of batch.merges) {
    for (const from of merge.from) await mergeRecordData(tx, tenant.id, from, merge.into, now);
  }
  if (batch.changes.length === 0) return;
  await applyRecordChanges(tx, config, batch.changes, now);
  await enqueue(
    tx,
    batch.changes.map(({ objectType, snapshot }) =>
      writebackItem(sync, tenant, { objectType, recordId: snapshot.recordId }, String(snapshot.observedAt)),
    ),
    now,
  );
}
