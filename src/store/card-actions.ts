import { and, eq } from 'drizzle-orm';
import type { Tx } from './database.ts';
import { cardActions, type JsonObject } from './schema.ts';

export interface StoredCardAction {
  readonly recordId: string;
  readonly request: JsonObject;
  readonly response: JsonObject;
}

export async function findCardAction(
  tx: Tx,
  tenantId: string,
  requestId: string,
): Promise<StoredCardAction | null> {
  const [row] = await tx
    .select()
    .from(cardActions)
    .where(and(eq(cardActions.tenantId, tenantId), eq(cardActions.requestId, requestId)));
  return row ? { recordId: row.recordId, request: row.request, response: row.response } : null;
}

export async function saveCardAction(
  tx: Tx,
  tenantId: string,
  requestId: string,
  action: StoredCardAction & { readonly actor: string },
  now: Date,
): Promise<void> {
  await tx.insert(cardActions).values({ tenantId, requestId, ...action, createdAt: now });
}
