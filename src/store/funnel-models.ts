import { and, desc, eq, max } from 'drizzle-orm';
import type { FunnelModel } from '../core/funnel/funnel-model.ts';
import { type ConfigChange, writeAudit } from './audit-log.ts';
import type { Db, Tx } from './database.ts';
import { funnelModels } from './schema.ts';

export interface StoredFunnelModel {
  readonly model: FunnelModel;
  readonly version: number;
  readonly isActive: boolean;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/**
 * Saves the model as the next version of its key and makes it the active one; earlier versions
 * stay for history. The audit row commits or rolls back together with the change.
 */
export async function saveFunnelModel(
  db: Db | Tx,
  tenantId: string,
  model: FunnelModel,
  change: ConfigChange,
): Promise<StoredFunnelModel> {
  return db.transaction(async (tx) => {
    const sameKey = and(eq(funnelModels.tenantId, tenantId), eq(funnelModels.key, model.key));
    const [previous] = await tx
      .select()
      .from(funnelModels)
      .where(and(sameKey, eq(funnelModels.isActive, true)))
      .for('update');
    const [latest] = await tx
      .select({ version: max(funnelModels.version) })
      .from(funnelModels)
      .where(sameKey);
    if (previous) await tx.update(funnelModels).set({ isActive: false }).where(sameKey);
    const [saved] = await tx
      .insert(funnelModels)
      .values({
        tenantId,
        key: model.key,
        version: (latest?.version ?? 0) + 1,
        body: model,
        isActive: true,
        createdBy: change.actor,
        createdAt: change.now,
      })
      .returning();
    if (!saved) throw new Error(`Funnel model ${model.key} was not saved`);
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: 'funnel_model.saved',
      subjectType: 'funnel_model',
      subjectKey: `${model.key}@${saved.version}`,
      before: previous?.body ?? null,
      after: model,
      at: change.now,
    });
    return toStored(saved);
  });
}

/** The active model for `key`, or, without a key, the tenant's most recently saved active model. */
export async function getActiveFunnelModel(
  db: Db | Tx,
  tenantId: string,
  key?: string,
): Promise<StoredFunnelModel | null> {
  const [row] = await db
    .select()
    .from(funnelModels)
    .where(
      and(
        eq(funnelModels.tenantId, tenantId),
        eq(funnelModels.isActive, true),
        key === undefined ? undefined : eq(funnelModels.key, key),
      ),
    )
    .orderBy(desc(funnelModels.createdAt))
    .limit(1);
  return row ? toStored(row) : null;
}

function toStored(row: typeof funnelModels.$inferSelect): StoredFunnelModel {
  return {
    model: row.body,
    version: row.version,
    isActive: row.isActive,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
