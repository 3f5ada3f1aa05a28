import { InputInvalidError, NotFoundError } from '../../../errors.ts';
import type { Db } from '../../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../../store/tenants.ts';

/** The tenant a backfill may run for: an installed, active HubSpot portal. Reads only. */
export async function findBackfillTenant(db: Db, portal: string | undefined): Promise<Tenant> {
  if (portal === undefined || portal === '') {
    throw new InputInvalidError('backfill hubspot needs --portal <HubSpot portal id>');
  }
  if (!/^\d{1,20}$/.test(portal)) {
    throw new InputInvalidError(
      `--portal must be a HubSpot portal id (digits only), not "${portal.slice(0, 40)}"`,
    );
  }
  const tenant = await findTenantByExternalId(db, 'hubspot', portal);
  if (!tenant) throw new NotFoundError(`HubSpot portal ${portal} has not installed Baton`);
  if (tenant.status === 'uninstalled') {
    throw new InputInvalidError(
      `HubSpot portal ${portal} uninstalled Baton; it must be reinstalled before a backfill`,
    );
  }
  if (tenant.status !== 'active') {
    throw new InputInvalidError(
      `HubSpot portal ${portal} has not finished installing Baton; run the backfill once the install completes`,
    );
  }
  return tenant;
}
