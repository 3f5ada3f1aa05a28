import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { auditLog } from './schema.ts';

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;

/** Who changed a configuration and how; written inside the same transaction as the change. */
export interface ConfigChange {
  readonly actor: string;
  readonly now: Date;
}

export async function writeAudit(db: Db | Tx, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export async function listAudit(
  db: Db | Tx,
  tenantId: string,
  filter: { readonly subjectType?: string; readonly subjectKey?: string; readonly limit?: number } = {},
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        filter.subjectType === undefined ? undefined : eq(auditLog.subjectType, filter.subjectType),
        filter.subjectKey === undefined ? undefined : eq(auditLog.subjectKey, filter.subjectKey),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 100);
}
