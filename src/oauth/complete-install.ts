import type { CrmDefaults } from '../pipeline/crm-port.ts';
import { defaultFunnelModel } from '../pipeline/tenant-config.ts';
import { type ConfigChange, writeAudit } from '../store/audit-log.ts';
import { saveCredentials } from '../store/credentials.ts';
import type { Crm } from '../store/crm-name.ts';
import { type Db, lockForTransaction, type Tx } from '../store/database.ts';
import { listDefinitions } from '../store/definitions.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../store/funnel-models.ts';
import { attachTenant } from '../store/inbox-intake.ts';
import { saveQualificationDefinition } from '../store/qualification-definitions.ts';
import {
  createTenant,
  findTenantByExternalId,
  setTenantStatus,
  type Tenant,
  updateTenantSettings,
} from '../store/tenants.ts';
import type { TokenCipher } from '../store/token-cipher.ts';
import type { TokenGrant } from './token-provider.ts';

export type InstallOutcome = 'installed' | 'reinstalled' | 'reauthorized';

export interface CompletedInstall {
  readonly tenantId: string;
  readonly outcome: InstallOutcome;
  /** Webhook events that reached Baton while the install was under way, now workable. */
  readonly adoptedEvents: number;
}

export interface InstallRequest {
  readonly crm: Crm;
  /** The CRM's id of the account (a HubSpot portal id, a Salesforce org id). */
  readonly externalId: string;
  /** The account's name for a new tenant, e.g. its HubSpot domain. */
  readonly name: string;
  readonly grant: TokenGrant;
  /**
   * The CRM user who installed, when the CRM says: a new tenant's first admin, so someone can
   * open the settings page and grant the other roles.
   */
  readonly installer?: string | null;
  readonly actor: string;
  readonly now: Date;
}

/**
 * Everything an install changes commits together: the tenant (created, or reactivated after an
 * uninstall), its encrypted tokens, the starter configuration it lacks, and whatever durable work
 * the CRM queues with it (`onInstallTransaction`, e.g. HubSpot's property bootstrap). A reinstall keeps
 * the configuration the tenant already has. Webhook events intake stored unattached while the
 * install was running are adopted right after the commit, once intake attaches new ones itself.
 */
export async function completeInstall(
  db: Db,
  cipher: TokenCipher,
  request: InstallRequest,
  defaults: CrmDefaults,
  onInstallTransaction?: (tx: Tx, tenant: Tenant, now: Date) => Promise<void>,
): Promise<CompletedInstall> {
  const { crm, externalId, grant, now } = request;
  const change: ConfigChange = { actor: request.actor, now };
  const { tenantId, outcome } = await db.transaction(async (tx) => {
    // Two callbacks for one account (a double click, two admins) take turns: the second finds the
    // tenant the first created and re-authorises it instead of failing on the unique key.
    await lockForTransaction(tx, `baton.install:${crm}:${externalId}`);
    const existing = await findTenantByExternalId(tx, crm, externalId);
    const tenant =
      existing ?? (await createTenant(tx, { crm, externalId, name: request.name, status: 'active' }, now));
    if (existing && existing.status !== 'active') await setTenantStatus(tx, existing.id, 'active', now);
    const scopes = grant.scopes ?? [];
    await saveCredentials(
      tx,
      cipher,
      tenant.id,
      {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        expiresAt: new Date(now.getTime() + grant.expiresInSeconds * 1000),
        scopes,
        instanceUrl: grant.instanceUrl ?? null,
      },
      now,
    );
    await seedMissingConfiguration(tx, tenant, request.installer ?? null, defaults, change);
    await onInstallTransaction?.(tx, tenant, now);
    const outcome: InstallOutcome = !existing
      ? 'installed'
      : existing.status === 'active'
        ? 'reauthorized'
        : 'reinstalled';
    await writeAudit(tx, {
      tenantId: tenant.id,
      actor: request.actor,
      action: `tenant.${outcome}`,
      subjectType: 'tenant',
      subjectKey: `${crm}:${externalId}`,
      before: existing ? { status: existing.status } : null,
      after: { status: 'active', scopes },
      at: now,
    });
    return { tenantId: tenant.id, outcome };
  });
  const adoptedEvents = await attachTenant(db, crm, externalId, tenantId);
  return { tenantId, outcome, adoptedEvents };
}

/**
 * A new tenant starts from its CRM's defaults: a funnel preset, a draft starter definition, and
 * its installer as admin while nobody holds any role.
 */
async function seedMissingConfiguration(
  tx: Tx,
  tenant: Tenant,
  installer: string | null,
  defaults: CrmDefaults,
  change: ConfigChange,
): Promise<void> {
  const tenantId = tenant.id;
  if (installer && (tenant.settings as { roles?: unknown }).roles === undefined) {
    await updateTenantSettings(
      tx,
      tenantId,
      (s) => ({ ...s, roles: { admin: { users: [installer] } } }),
      change,
    );
  }
  const seeded = Object.entries(defaults.seededSettings ?? {}).filter(
    ([key]) => (tenant.settings as Record<string, unknown>)[key] === undefined,
  );
  if (seeded.length > 0) {
    await updateTenantSettings(tx, tenantId, (s) => ({ ...Object.fromEntries(seeded), ...s }), change);
  }
  if (!(await getActiveFunnelModel(tx, tenantId))) {
    await saveFunnelModel(tx, tenantId, defaultFunnelModel(defaults), change);
  }
  if ((await listDefinitions(tx, tenantId)).length === 0) {
    await saveQualificationDefinition(tx, tenantId, defaults.starterDefinition(change), change);
  }
}
