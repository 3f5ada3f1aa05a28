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
 * approves at once and redirects to Baton's callback. The redirects are followed here as a
 * browser would, keeping the install cookie Baton sets for the callback (fetch keeps no
 * cookies, and the callback refuses a state without the cookie of the browser that started it).
 * Resolves once the tenant exists and Baton has created its properties in the portal, since
 * write-backs to properties that do not exist yet would be refused.
 */
export async function installThroughOAuth(
  db: Db,
  batonUrl: string,
  portal: InstallPortal,
  timeoutMs = 15_000,
): Promise<Tenant> {
  const page = await browse(`${batonUrl}/oauth/hubspot/install`);
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

const MAX_REDIRECTS = 5;

/** Follows redirects like a browser, sending each cookie back to the host and path it was set for. */
export async function browse(url: string): Promise<Response> {
  const jar: { hostname: string; path: string; pair: string }[] = [];
  let next = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = next;
    const cookie = jar
      .filter((c) => c.hostname === target.hostname && target.pathname.startsWith(c.path))
      .map((c) => c.pair)
      .join('; ');
    const response = await fetch(target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      jar.push({ hostname: target.hostname, path, pair });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    next = new URL(location, target);
  }
  throw new Error(`the install redirected more than ${MAX_REDIRECTS} times`);
}
