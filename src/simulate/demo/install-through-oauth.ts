import { setTimeout as delay } from 'node:timers/promises';
import { BATON_PROPERTY_NAMES } from '../../crm/hubspot/baton-properties.ts';
import type { Db } from '../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../store/tenants.ts';

/** The portal being installed into: the in-process stand-in, or one running on another thread. */
export interface InstallPortal {
  readonly portalId: number;
  properties(objectType: 'contacts'): readonly PropertyName[] | Promise<readonly PropertyName[]>;
}

interface PropertyName {
  readonly name: string;
}

/**
 * The install a portal admin makes: Baton's install route redirects to the authorize page, which
 * approves at once and redirects to Baton's callback; fetch follows both redirects as a browser
 * would. Resolves once the tenant exists and Baton has created its properties in the portal, since
 * write-backs to properties that do not exist yet would be refused.
 */
export async function installThroughOAuth(
  db: Db,
  batonUrl: string,
  portal: InstallPortal,
  timeoutMs = 15_000,
): Promise<Tenant> {
  const page = await fetch(`${batonUrl}/oauth/hubspot/install`);
  if (!page.ok) {
    throw new Error(
      `the install ended on an error page (${page.status}): ${(await page.text()).slice(0, 300)}`,
    );
  }
  const tenant = await findTenantByExternalId(db, 'hubspot', String(portal.portalId));
  if (tenant?.status !== 'active')
    throw new Error('the install page loaded but no active tenant was created');

  const deadline = Date.now() + timeoutMs;
  const missing = async () => {
    const present = new Set((await portal.properties('contacts')).map((p) => p.name));
    return BATON_PROPERTY_NAMES.filter((name) => !present.has(name));
  };
  for (let absent = await missing(); absent.length > 0; absent = await missing()) {
    if (Date.now() > deadline) {
      throw new Error(`Baton did not create its HubSpot properties in time; missing ${absent.join(', ')}`);
    }
    await delay(20);
  }
  return tenant;
}
