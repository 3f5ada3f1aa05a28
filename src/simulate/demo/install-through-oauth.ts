import { setTimeout as delay } from 'node:timers/promises';
import { BATON_PROPERTY_NAMES } from '../../crm/hubspot/baton-properties.ts';
import type { Db } from '../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../store/tenants.ts';
import type { HubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';

/**
 * The install a portal admin makes: Baton's install route redirects to the authorize page, which
 * approves at once and redirects to Baton's callback; fetch follows both redirects as a browser
 * would. Resolves once the tenant exists and Baton has created its properties in the portal, since
 * write-backs to properties that do not exist yet would be refused.
 */
export async function installThroughOAuth(
  db: Db,
  batonUrl: string,
  standIn: HubSpotStandIn,
  timeoutMs = 15_000,
): Promise<Tenant> {
  const page = await fetch(`${batonUrl}/oauth/hubspot/install`);
  if (!page.ok) {
    throw new Error(
      `the install ended on an error page (${page.status}): ${(await page.text()).slice(0, 300)}`,
    );
  }
  const tenant = await findTenantByExternalId(db, 'hubspot', String(standIn.portalId));
  if (tenant?.status !== 'active')
    throw new Error('the install page loaded but no active tenant was created');

  const deadline = Date.now() + timeoutMs;
  const missing = () => {
    const present = new Set(standIn.properties('contacts').map((p) => p.name));
    return BATON_PROPERTY_NAMES.filter((name) => !present.has(name));
  };
  while (missing().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`Baton did not create its HubSpot properties in time; missing ${missing().join(', ')}`);
    }
    await delay(20);
  }
  return tenant;
}
