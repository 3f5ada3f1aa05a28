import { InputInvalidError } from '../errors.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { findTenantByExternalId, getTenant, type Tenant } from '../store/tenants.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant by Baton's id, or by its CRM account as `hubspot:<portal id>`. */
export async function tenantNamed(db: Db, name: string | undefined): Promise<Tenant> {
  if (!name)
    throw new InputInvalidError(
      '--tenant <id> is needed (Baton tenant id, or hubspot:<portal id>, or salesforce:<org id>)',
    );
  const [crm, ...rest] = name.split(':');
  const account = rest.join(':');
  const found = UUID.test(name)
    ? await getTenant(db, name)
    : (crm === 'hubspot' || crm === 'salesforce') && account
      ? await findTenantByExternalId(db, crm as Crm, account)
      : null;
  if (!found)
    throw new InputInvalidError(
      `no tenant "${name}" (give Baton's tenant id, or hubspot:<portal id>, or salesforce:<org id>)`,
    );
  return found;
}
