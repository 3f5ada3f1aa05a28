import type { Logger } from '../../../log.ts';
import { applySyncBatch } from '../../../pipeline/apply-sync-batch.ts';
import type { SyncBatch } from '../../../pipeline/crm-port.ts';
import type { TenantDefaults } from '../../../pipeline/tenant-config.ts';
import type { Db } from '../../../store/database.ts';
import { enqueue, type InboxItem } from '../../../store/inbox-intake.ts';
import { getSnapshots, type StoredSnapshot } from '../../../store/snapshots.ts';
import { advanceSyncCursor, readSyncCursor, type SyncCursor } from '../../../store/sync-cursors.ts';
import { listActiveTenants, type Tenant } from '../../../store/tenants.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { activeTenantScope, type TenantScope } from '../../../worker/tenant-scope.ts';
import { FIRST_LEAD_ID } from '../api/salesforce-leads-api.ts';
import { WRITTEN_LEAD_FIELDS } from '../baton-lead-fields.ts';
import type { LeadRecord } from '../lead-record.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import { salesforceFieldsToRead } from './fields-to-read.ts';
import { cardActionsOf, leadChanges } from './read-salesforce-events.ts';
import type { SalesforceLeadsPort } from './salesforce-leads-port.ts';
import { SALESFORCE_SYNC_KEYS } from './salesforce-sync.ts';

export const SALESFORCE_RECONCILE = 'salesforce_reconcile';
const CURSOR = 'salesforce_leads';
export const RECONCILE_PAGE = 200;
/** Often enough that a switched-off Flow costs a quarter of an hour of lag, not a day. */
export const RECONCILE_EVERY_MS = 15 * 60_000;

/**
 * Fields that change on every save (Baton's own write-back included), and the deletion fields
 * only this pass reads: a Lead differing from Baton's snapshot only in these has nothing new.
 */
const NOISE = new Set([
  'SystemModstamp',
  'LastModifiedDate',
  'LastModifiedById',
  'IsDeleted',
  'MasterRecordId',
  ...WRITTEN_LEAD_FIELDS,
]);

export function reconcileItem(tenant: Pick<Tenant, 'id' | 'externalId'>, reason: string): InboxItem {
  return {
    crm: 'salesforce',
    externalAccountId: tenant.externalId,
    tenantId: tenant.id,
    dedupeKey: `reconcile:${tenant.externalId}:${reason}`,
    // One pass per tenant at a time: items of one record key are claimed together.
    recordKey: `reconcile:${tenant.id}`,
    payload: { type: SALESFORCE_RECONCILE },
  };
}

type Prepared =
  | (TenantScope & { readonly batch: SyncBatch; readonly next: SyncCursor | null; readonly full: boolean })
  | null;

/**
 * The reconciliation pass: the Leads changed since the cursor (by `SystemModstamp`, then Id),
 * a page of 200 per item, deleted ones included. It catches what Outbound Messages missed (a
 * Flow switched off, an org Baton could not hear from for longer than Salesforce's 24 h of
 * retries). Leads Baton already holds in that state, or whose only change is Baton's own
 * write-back, are skipped. The cursor moves in the transaction that applies the page; a full
 * page queues the next one at once.
 */
export function createReconcileHandler(deps: {
  readonly db: Db;
  readonly leads: SalesforceLeadsPort;
  readonly logger: Logger;
  readonly defaults: TenantDefaults;
}): InboxHandler<Prepared> {
  const { db, leads } = deps;
  return {
    async prepare(items) {
      const scope = await activeTenantScope(db, items, deps.defaults);
      if (!scope) return null;
      const { tenant, config } = scope;
      const cursor = (await readSyncCursor(db, tenant.id, CURSOR)) ?? {
        at: tenant.installedAt.getTime(),
        lastId: FIRST_LEAD_ID,
      };
      const fields = salesforceFieldsToRead(config, await leads.leadFields(tenant.id));
      const page = await leads.leadsModifiedSince(
        tenant.id,
        { at: cursor.at, id: cursor.lastId },
        fields,
        RECONCILE_PAGE,
      );
      const last = page.at(-1);
      const stored = new Map(
        (
          await getSnapshots(
            db,
            tenant.id,
            LEAD,
            page.map((l) => l.id),
          )
        ).map((s) => [s.recordId, s]),
      );
      const deleted = page.filter((lead) => lead.properties.IsDeleted === 'true' && stored.has(lead.id));
      const fresh = page.filter(
        (lead) => lead.properties.IsDeleted !== 'true' && isNews(lead, stored.get(lead.id)),
      );
      const batch: SyncBatch = {
        purges: deleted
          .filter((lead) => !lead.properties.MasterRecordId)
          .map((lead) => ({ objectType: LEAD, recordId: lead.id })),
        merges: deleted.flatMap((lead) => {
          const into = lead.properties.MasterRecordId;
          return into ? [{ objectType: LEAD, into, from: [lead.id] }] : [];
        }),
        changes: leadChanges(config, fresh),
        cardActions: cardActionsOf(deps.logger, tenant, fresh),
      };
      if (fresh.length + deleted.length > 0)
        deps.logger.info(
          { tenant: tenant.id, read: page.length, changed: fresh.length, deleted: deleted.length },
          'Salesforce reconciliation found changes the Outbound Messages did not bring',
        );
      return {
        ...scope,
        batch,
        next: last ? { at: last.modifiedAt, lastId: last.id } : null,
        full: page.length === RECONCILE_PAGE,
      };
    },
    async apply(tx, _items, prepared, now) {
      if (!prepared?.next) return;
      const { tenant, next } = prepared;
      await applySyncBatch(tx, { ...prepared, sync: SALESFORCE_SYNC_KEYS }, prepared.batch, now);
      await advanceSyncCursor(tx, tenant.id, CURSOR, next, now);
      if (prepared.full) await enqueue(tx, [reconcileItem(tenant, `page:${next.at}:${next.lastId}`)], now);
    },
  };
}

function isNews(lead: LeadRecord, stored: StoredSnapshot | undefined): boolean {
  if (!stored) return true;
  if (stored.observedAt >= lead.modifiedAt) return false;
  const keys = new Set([...Object.keys(lead.properties), ...Object.keys(stored.properties)]);
  return [...keys].some(
    (key) => !NOISE.has(key) && (lead.properties[key] ?? null) !== (stored.properties[key] ?? null),
  );
}

/** Queues a pass for every active Salesforce tenant each window; a window's item is queued once across processes. */
export async function queueReconciliation(db: Db, now: Date, everyMs = RECONCILE_EVERY_MS): Promise<number> {
  const window = new Date(Math.floor(now.getTime() / everyMs) * everyMs).toISOString();
  const tenants = await listActiveTenants(db, 'salesforce');
  const { inserted } = await enqueue(
    db,
    tenants.map((tenant) => reconcileItem(tenant, `window:${window}`)),
    now,
  );
  return inserted;
}

export function scheduleReconciliation(
  db: Db,
  logger: Logger,
  options: { readonly everyMs?: number; readonly clock?: () => Date } = {},
): () => void {
  const clock = options.clock ?? (() => new Date());
  const everyMs = options.everyMs ?? RECONCILE_EVERY_MS;
  const run = () =>
    queueReconciliation(db, clock(), everyMs).catch((error: unknown) =>
      logger.warn({ err: error }, 'Salesforce reconciliation could not be queued'),
    );
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
