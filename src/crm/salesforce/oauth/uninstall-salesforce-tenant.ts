import { writeAudit } from '../../../store/audit-log.ts';
import { deleteCredentials } from '../../../store/credentials.ts';
import type { Db } from '../../../store/database.ts';
import { getTenant, setTenantStatus } from '../../../store/tenants.ts';

export type SalesforceUninstallReason = 'refresh_token_revoked' | 'disconnected_by_admin';

/**
 * Stops every further Salesforce call for the org: without credentials no token can be issued,
 * and the status tells intake to refuse the org's Outbound Messages. Configuration and history
 * stay, so a reinstall picks up where the tenant left off.
 */
export async function uninstallSalesforceTenant(
  db: Db,
  tenantId: string,
  change: { readonly actor: string; readonly now: Date; readonly reason: SalesforceUninstallReason },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (tenant?.crm !== 'salesforce') return false;
    await setTenantStatus(tx, tenantId, 'uninstalled', change.now);
    const hadCredentials = await deleteCredentials(tx, tenantId);
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: 'tenant.uninstalled',
      subjectType: 'tenant',
      subjectKey: `salesforce:${tenant.externalId}`,
      before: { status: tenant.status, hadCredentials },
      after: { status: 'uninstalled', reason: change.reason },
      at: change.now,
    });
    return true;
  });
}
