import {
  type CompletedInstall as Completed,
  completeInstall,
  type InstallRequest as Request,
} from '../../../oauth/complete-install.ts';
import type { CrmDefaults } from '../../../pipeline/crm-port.ts';
import type { Db, Tx } from '../../../store/database.ts';
import type { Tenant } from '../../../store/tenants.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';

export interface CompletedSalesforceInstall extends Completed {
  readonly orgId: string;
  readonly name: string;
}

export interface SalesforceInstallRequest extends Omit<Request, 'crm' | 'externalId'> {
  /** The org id in its 18-character form, the tenant's key. */
  readonly orgId: string;
}

export type OnInstallTransaction = (tx: Tx, tenant: Tenant, now: Date) => Promise<void>;

/** An org's install, committed the way every CRM's is (see `completeInstall`). */
export async function completeSalesforceInstall(
  db: Db,
  cipher: TokenCipher,
  request: SalesforceInstallRequest,
  defaults: CrmDefaults,
  onInstallTransaction?: OnInstallTransaction,
): Promise<CompletedSalesforceInstall> {
  const { orgId, ...rest } = request;
  const install = await completeInstall(
    db,
    cipher,
    { ...rest, crm: 'salesforce', externalId: orgId },
    defaults,
    onInstallTransaction,
  );
  return { ...install, orgId, name: request.name };
}
