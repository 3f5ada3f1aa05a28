import { and, eq, inArray } from 'drizzle-orm';
import type { Crm } from './crm-name.ts';
import type { Db } from './database.ts';
import { webhookSignatureFloors } from './schema.ts';

/** Of these accounts of one CRM, the ones whose deliveries must carry at least `scheme`. */
export async function findSignatureFloors(
  db: Db,
  crm: Crm,
  scheme: string,
  accountIds: readonly string[],
): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .select({ accountId: webhookSignatureFloors.accountId })
    .from(webhookSignatureFloors)
    .where(
      and(
        eq(webhookSignatureFloors.crm, crm),
        eq(webhookSignatureFloors.scheme, scheme),
        inArray(webhookSignatureFloors.accountId, [...accountIds]),
      ),
    );
  return new Set(rows.map((row) => row.accountId));
}

/** Records that these accounts' deliveries arrive under `scheme`; the first time is kept. */
export async function raiseSignatureFloors(
  db: Db,
  crm: Crm,
  scheme: string,
  accountIds: readonly string[],
  now: Date,
): Promise<void> {
  if (accountIds.length === 0) return;
  await db
    .insert(webhookSignatureFloors)
    .values(accountIds.map((accountId) => ({ crm, accountId, scheme, since: now })))
    .onConflictDoNothing();
}
