import type { Db } from '../../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../../store/tenants.ts';
import { browse } from '../install-through-oauth.ts';

/**
 * The install an org admin makes: Baton's install route redirects to Salesforce's authorize page
 * (the stand-in approves at once), which redirects to Baton's callback with the code Baton
 * exchanges, with its PKCE verifier, for the org's tokens.
 */
export async function installSalesforceThroughOAuth(
  db: Db,
  batonUrl: string,
  orgId: string,
): Promise<Tenant> {
  const page = await browse(`${batonUrl}/oauth/salesforce/install`);
  if (!page.ok) {
    throw new Error(
      `the install ended on an error page (${page.status}): ${(await page.text()).slice(0, 300)}`,
    );
  }
  const tenant = await findTenantByExternalId(db, 'salesforce', orgId);
  if (tenant?.status !== 'active')
    throw new Error('the install page loaded but no active tenant was created');
  return tenant;
}
