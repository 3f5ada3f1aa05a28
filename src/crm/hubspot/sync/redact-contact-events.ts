import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../../store/database.ts';

/** The one event field that carries a person's data; the rest are ids, types and times. */
const PERSONAL_FIELDS = ['propertyValue'];

/**
 * Strips the values a person's data could be in from every stored webhook event about these
 * contacts, whatever the item's status. Finished items keep their payload for duplicate
 * detection until retention purges them; a deleted person's values must not wait that long.
 * The events stay valid, so items still queued are worked as before.
 */
export async function redactContactEvents(
  tx: Tx,
  tenantId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  const event = sql`(payload -> 'event')`;
  const rows = await queryRows<{ id: unknown }>(
    tx,
    sql`update inbox set payload = jsonb_set(payload, '{event}', ${event} - ${sql.param(PERSONAL_FIELDS)}::text[])
      where tenant_id = ${tenantId}::uuid
        and ${event} ->> 'objectId' = any(${sql.param([...contactIds])}::text[])
        and coalesce(${event} ->> 'objectTypeId', '0-1') = '0-1'
        and jsonb_exists_any(${event}, ${sql.param(PERSONAL_FIELDS)}::text[])
      returning id`,
  );
  return rows.length;
}
