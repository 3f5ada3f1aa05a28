import { z } from 'zod';
import { TOUCH_ORIGINS } from '../../core/attribution/touch.ts';
import { InputInvalidError } from '../../errors.ts';
import { applyRecordChanges, type RecordChange } from '../../pipeline/apply-record-changes.ts';
import { loadTenantConfig, type TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Crm } from '../../store/crm-name.ts';
import type { Tx } from '../../store/database.ts';
import type { InboxRow } from '../../store/inbox-intake.ts';
import type { InboxHandler } from '../handler-registry.ts';
import { tenantOfItems } from '../tenant-scope.ts';

const touchSchema = z.object({
  id: z.string().min(1),
  occurredAt: z.int(),
  channel: z.string().min(1),
  origin: z.enum(TOUCH_ORIGINS),
  sourceDetail: z.string().exactOptional(),
  campaign: z.string().exactOptional(),
  content: z.string().exactOptional(),
});

/**
 * A record's state as a CRM delivered it (a Salesforce Outbound Message carries the fields; a
 * CRM adapter that batch-read records enqueues the same shape). `observedAt` is the CRM's time.
 */
export const recordSnapshotPayloadSchema = z.object({
  type: z.literal('record_snapshot'),
  objectType: z.string().min(1),
  recordId: z.string().min(1),
  observedAt: z.int().positive(),
  properties: z.record(z.string(), z.string().nullable()),
  touches: z.array(touchSchema).exactOptional(),
});

export type RecordSnapshotPayload = z.infer<typeof recordSnapshotPayloadSchema>;

async function applyRecordSnapshots(
  tx: Tx,
  items: readonly InboxRow[],
  defaultsOf: (crm: Crm) => TenantDefaults,
  now: Date,
) {
  const tenantId = items[0]?.tenantId;
  if (!tenantId) return;
  const tenant = await tenantOfItems(tx, items);
  if (!tenant) throw new InputInvalidError(`tenant ${tenantId} no longer exists`);
  if (tenant.status === 'uninstalled') return;
  const config = await loadTenantConfig(tx, tenant, defaultsOf(tenant.crm));
  const changes: RecordChange[] = items.map((item) => {
    const parsed = recordSnapshotPayloadSchema.safeParse(item.payload);
    if (!parsed.success) {
      throw new InputInvalidError(
        `inbox item ${item.id} is not a valid record snapshot`,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const { objectType, recordId, observedAt, properties, touches } = parsed.data;
    return {
      objectType,
      snapshot: { recordId, observedAt, properties },
      ...(touches ? { touches } : {}),
    };
  });
  await applyRecordChanges(tx, config, changes, now);
}

export function createRecordSnapshotHandler(defaultsOf: (crm: Crm) => TenantDefaults): InboxHandler {
  return { apply: (tx, items, _prepared, now) => applyRecordSnapshots(tx, items, defaultsOf, now) };
}
