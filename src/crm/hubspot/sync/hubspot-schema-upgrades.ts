import { findTenantsBehindSchema } from '../../../store/crm-schema-versions.ts';
import type { Db } from '../../../store/database.ts';
import { enqueue } from '../../../store/inbox-intake.ts';
import {
  HUBSPOT_BOOTSTRAP,
  HUBSPOT_PROPERTY_SET_VERSION,
  hubSpotBootstrapItem,
} from './hubspot-bootstrap-item.ts';

/**
 * Run at start-up: every active HubSpot portal whose properties were put in place for another
 * property set (an upgrade changed it), or never were (installed before bootstraps were durable),
 * gets a bootstrap queued. Its dedupe key names the portal and version, so restarting again
 * before it ran, or after, queues nothing more. Returns how many were queued.
 */
export async function queueHubSpotSchemaUpgrades(db: Db, now: Date): Promise<number> {
  const behind = await findTenantsBehindSchema(
    db,
    'hubspot',
    HUBSPOT_PROPERTY_SET_VERSION,
    HUBSPOT_BOOTSTRAP,
  );
  const items = behind.map((tenant) => hubSpotBootstrapItem(tenant, { kind: 'upgrade' }));
  return (await enqueue(db, items, now)).inserted;
}
