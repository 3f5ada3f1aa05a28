import type { Db, Tx } from '../../../store/database.ts';
import { deferQueued, nextDueOfKind, releaseDeferred } from '../../../store/inbox-deferral.ts';
import { enqueue } from '../../../store/inbox-intake.ts';
import { HUBSPOT_BOOTSTRAP, hubSpotBootstrapItem } from './hubspot-bootstrap-item.ts';
import { HUBSPOT_WRITEBACK, hubSpotWritebackItem } from './hubspot-writeback-item.ts';

/**
 * Write-backs that must wait for Baton's properties: while a bootstrap is queued or running, or
 * after HubSpot answered PROPERTY_DOESNT_EXIST. Each such record gets a fresh write-back item
 * (its own attempts, so waiting never dead-letters it), held back until the bootstrap is due and
 * released as soon as one succeeds. The held item carries how many bootstraps it has already
 * outlived: a property that is still missing after `MAX_PROPERTY_REPAIRS` of them is not Baton's
 * to fix (a portal refusing it), and the record is then rejected like any other.
 */
export const AWAITING_FIELD = 'propertyRepairs';
export const MAX_PROPERTY_REPAIRS = 3;
/** How long a write-back waits past the bootstrap's due time if no success releases it first. */
const WAIT_MARGIN_MS = 30_000;

export interface AwaitingRecord {
  readonly recordId: string;
  /** Bootstraps this record's write-back has outlived, including one about to be queued. */
  readonly repairs: number;
}

export interface AwaitingProperties {
  readonly records: readonly AwaitingRecord[];
  /** Queue a repair bootstrap (HubSpot reported a missing property), or wait for the queued one. */
  readonly repair: boolean;
  readonly until: Date;
}

/** When a queued or running bootstrap of the tenant is due, null when none is. */
export function pendingBootstrapDue(db: Db | Tx, tenantId: string): Promise<Date | null> {
  return nextDueOfKind(db, tenantId, HUBSPOT_BOOTSTRAP);
}

export function waitUntil(now: Date, bootstrapDue: Date | null): Date {
  return new Date(Math.max(now.getTime(), bootstrapDue?.getTime() ?? 0) + WAIT_MARGIN_MS);
}

export async function awaitProperties(
  tx: Tx,
  tenant: { readonly id: string; readonly externalId: string },
  awaiting: AwaitingProperties,
  now: Date,
): Promise<void> {
  if (awaiting.records.length === 0) return;
  const items = awaiting.records.map(({ recordId, repairs }) =>
    hubSpotWritebackItem(tenant, recordId, `awaiting-properties:${now.toISOString()}`, repairs),
  );
  const repair = awaiting.repair ? [hubSpotBootstrapItem(tenant, { kind: 'repair', at: now })] : [];
  await enqueue(tx, [...repair, ...items], now);
  // The bootstrap this waited for may have committed since `prepare` looked, releasing nothing
  // yet: then the records are due at once instead of after the margin.
  if (!awaiting.repair && !(await pendingBootstrapDue(tx, tenant.id))) return;
  await deferQueued(
    tx,
    { tenantId: tenant.id, crm: 'hubspot', kind: HUBSPOT_WRITEBACK },
    items.map((i) => i.dedupeKey),
    awaiting.until,
  );
}

/** A bootstrap succeeded: every write-back waiting for it is due now. */
export function releaseAwaitingWritebacks(tx: Tx, tenantId: string, now: Date): Promise<number> {
  return releaseDeferred(tx, tenantId, HUBSPOT_WRITEBACK, AWAITING_FIELD, now);
}
