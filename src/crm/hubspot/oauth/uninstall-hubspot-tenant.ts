import { writeAudit } from '../../../store/audit-log.ts';
import { deleteCredentials } from '../../../store/credentials.ts';
import type { Db } from '../../../store/database.ts';
import { getTenant, setTenantStatus } from '../../../store/tenants.ts';

export type UninstallReason = 'refresh_token_revoked' | 'disconnected_by_admin';

/**
 * Stops every further HubSpot call for the tenant: without credentials no token can be issued,
 * and the status tells intake to drop the portal's events. Configuration and history stay, so a
 * reinstall picks up where the tenant left off.
 */
export async function uninstallHubSpotTenant(
  db: Db,
  tenantId: string,
  change: { readonly actor: string; readonly now: Date; readonly reason: UninstallReason },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) return false;
    await setTenantStatus(tx, tenantId, 'uninstalled', change.now);
    const hadCredentials = await deleteCredentials(tx, tenantId);
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: 'tenant.uninstalled',
      subjectType: 'tenant',
      subjectKey: `hubspot:${tenant.externalId}`,
      before: { status: tenant.status, hadCredentials },
      after: { status: 'uninstalled', reason: change.reason },
      at: change.now,
    });
    return true;
  });
}
