import {
  type BatonError,
  ConflictError,
  ForbiddenError,
  InputInvalidError,
  NotFoundError,
} from '../errors.ts';
import { writeAudit } from '../store/audit-log.ts';
import { findCardAction, saveCardAction } from '../store/card-actions.ts';
import type { Tx } from '../store/database.ts';
import { enqueue } from '../store/inbox-intake.ts';
import { redactRecordEvents } from '../store/inbox-retention.ts';
import { deleteRecordData } from '../store/ledger.ts';
import { mergeRecordData } from '../store/record-merge.ts';
import type { Tenant } from '../store/tenants.ts';
import { applyRecordChanges } from './apply-record-changes.ts';
import type { CrmSync, SyncBatch, SyncCardAction } from './crm-port.ts';
import { recordCardAction } from './record-card-action.ts';
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
  if (batch.changes.length > 0) {
    await applyRecordChanges(tx, config, batch.changes, now);
    await enqueue(
      tx,
      batch.changes.map(({ objectType, snapshot }) =>
        writebackItem(sync, tenant, { objectType, recordId: snapshot.recordId }, String(snapshot.observedAt)),
      ),
      now,
    );
  }
  for (const action of batch.cardActions ?? []) await applyCardAction(tx, scope, action, now);
}

const REFUSALS: readonly (abstract new (...args: never[]) => BatonError)[] = [
  ForbiddenError,
  ConflictError,
  InputInvalidError,
  NotFoundError,
];

/**
 * A CRM-side accept or reject is recorded like the card's; one Baton refuses (not the holder, the
 * lead no longer awaits acceptance, an unknown reason) is kept as refused under its request id and
 * audited, so reading the same Lead again neither records nor refuses it twice.
 */
async function applyCardAction(
  tx: Tx,
  scope: {
    readonly tenant: Tenant;
    readonly config: TenantConfig;
    readonly sync: Pick<CrmSync, 'writebackKind' | 'recordKey'>;
  },
  action: SyncCardAction,
  now: Date,
): Promise<void> {
  const { tenant } = scope;
  const { record, actor, request } = action;
  try {
    await recordCardAction(tx, { ...scope, ...record }, actor, request, now);
  } catch (error) {
    if (!REFUSALS.some((refusal) => error instanceof refusal)) throw error;
    // The id already answered another request (a forged or reused disposition): that answer stands.
    if (await findCardAction(tx, tenant.id, request.requestId)) return;
    const refused = { code: (error as BatonError).code, message: (error as BatonError).message };
    await saveCardAction(
      tx,
      tenant.id,
      request.requestId,
      { recordId: record.recordId, request: request.request, response: { refused }, actor: actor.id },
      now,
    );
    await writeAudit(tx, {
      tenantId: tenant.id,
      actor: actor.id,
      action: 'card_action.refused',
      subjectType: record.objectType,
      subjectKey: record.recordId,
      before: null,
      after: { request: request.request, refused },
      at: now,
    });
  }
}
