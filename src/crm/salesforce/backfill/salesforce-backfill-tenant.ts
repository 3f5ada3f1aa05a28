import { InputInvalidError, NotFoundError } from '../../../errors.ts';
import type { Db } from '../../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../../store/tenants.ts';
import { toId18 } from '../salesforce-ids.ts';

/**
 * The tenant a backfill may run for: an installed, active Salesforce org, named by its org id in
 * either form (Setup shows the 15-character one; Baton keys orgs by the 18-character one). Reads only.
 */
export async function findSalesforceBackfillTenant(db: Db, org: string | undefined): Promise<Tenant> {
  if (org === undefined || org === '') {
    throw new InputInvalidError('backfill salesforce needs --org <Salesforce org id>');
  }
  const orgId = toId18(org);
  if (orgId === null || !orgId.startsWith('00D')) {
    throw new InputInvalidError(
      `--org must be a Salesforce org id (15 or 18 characters starting 00D), not "${org.slice(0, 40)}"`,
    );
  }
  const tenant = await findTenantByExternalId(db, 'salesforce', orgId);
  if (!tenant) throw new NotFoundError(`Salesforce org ${orgId} has not installed Baton`);
  if (tenant.status === 'uninstalled') {
    throw new InputInvalidError(
      `Salesforce org ${orgId} uninstalled Baton; it must be reinstalled before a backfill`,
    );
  }
  if (tenant.status !== 'active') {
    throw new InputInvalidError(
      `Salesforce org ${orgId} has not finished installing Baton; run the backfill once the install completes`,
    );
  }
  return tenant;
}
