import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../../store/database.ts';
import { CONTACT_OBJECT_TYPE_ID, hubSpotRecordKey } from '../intake/hubspot-event-schema.ts';

/** The one event field that carries a person's data; the rest are ids, types and times. */
const PERSONAL_FIELDS = ['propertyValue'];

/**
 * Strips the values a person's data could be in from every stored webhook event about these
 * contacts, whatever the item's status. Finished items stay until retention purges them; a
 * deleted person's values must not wait that long. The events stay valid, so items still
 * queued are worked as before. Items hold a record's events as `events`, or one as `event` when
 * stored before that.
 */
export async function redactContactEvents(
  tx: Tx,
  tenantId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  const fields = sql`${sql.param(PERSONAL_FIELDS)}::text[]`;
  const records = contactIds.map((id) => hubSpotRecordKey(CONTACT_OBJECT_TYPE_ID, id));
  const rows = await queryRows<{ id: unknown }>(
    tx,
    sql`update inbox set payload = case
          when payload ? 'events' then jsonb_set(payload, '{events}',
            (select jsonb_agg(e - ${fields} order by i) from jsonb_array_elements(payload -> 'events') with ordinality as x(e, i)))
          else jsonb_set(payload, '{event}', (payload -> 'event') - ${fields})
        end
      where tenant_id = ${tenantId}::uuid
        and record_key = any(${sql.param(records)}::text[])
        and (exists (select 1 from jsonb_array_elements(payload -> 'events') as e where e ?| ${fields})
          or coalesce(payload -> 'event' ?| ${fields}, false))
      returning id`,
  );
  return rows.length;
}
