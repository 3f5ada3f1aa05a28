import { createPresetModel } from '../../../core/funnel/presets.ts';
import { type ConfigChange, writeAudit } from '../../../store/audit-log.ts';
import { saveCredentials } from '../../../store/credentials.ts';
import { type Db, lockForTransaction, type Tx } from '../../../store/database.ts';
import { listDefinitions } from '../../../store/definitions.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../../../store/funnel-models.ts';
import { attachTenant } from '../../../store/inbox-intake.ts';
import { saveQualificationDefinition } from '../../../store/qualification-definitions.ts';
import { createTenant, findTenantByExternalId, setTenantStatus } from '../../../store/tenants.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import type { HubSpotTokenGrant } from './hubspot-token-endpoint.ts';
import { createStarterDefinition } from './starter-definition.ts';

export type InstallOutcome = 'installed' | 'reinstalled' | 'reauthorized';

export interface CompletedInstall {
  readonly tenantId: string;
  readonly hubId: string;
  readonly outcome: InstallOutcome;
  /** Webhook events that reached Baton while the install was under way, now workable. */
  readonly adoptedEvents: number;
}

export interface InstallRequest {
  readonly hubId: string;
  /** The account's name for a new tenant, e.g. its HubSpot domain. */
  readonly name: string;
  readonly grant: HubSpotTokenGrant;
  readonly actor: string;
  readonly now: Date;
}

/**
 * Everything an install changes commits together: the tenant (created, or reactivated after an
 * uninstall), its encrypted tokens, and the starter configuration it lacks. A reinstall keeps
 * the configuration the tenant already has. Webhook events intake stored unattached while the
 * install was running are adopted right after the commit, once intake attaches new ones itself.
 */
export async function completeHubSpotInstall(
  db: Db,
  cipher: TokenCipher,
  request: InstallRequest,
): Promise<CompletedInstall> {
  const { hubId, grant, now } = request;
  const change: ConfigChange = { actor: request.actor, now };
  const { tenantId, outcome } = await db.transaction(async (tx) => {
    // Two callbacks for one portal (a double click, two admins) take turns: the second finds the
    // tenant the first created and re-authorises it instead of failing on the unique key.
    await lockForTransaction(tx, `baton.install:hubspot:${hubId}`);
    const existing = await findTenantByExternalId(tx, 'hubspot', hubId);
    const tenant =
      existing ??
      (await createTenant(
        tx,
        { crm: 'hubspot', externalId: hubId, name: request.name, status: 'active' },
        now,
      ));
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
      },
      now,
    );
    await seedMissingConfiguration(tx, tenant.id, change);
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
      subjectKey: `hubspot:${hubId}`,
      before: existing ? { status: existing.status } : null,
      after: { status: 'active', scopes },
      at: now,
    });
    return { tenantId: tenant.id, outcome };
  });
  const adoptedEvents = await attachTenant(db, 'hubspot', hubId, tenantId);
  return { tenantId, hubId, outcome, adoptedEvents };
}

async function seedMissingConfiguration(tx: Tx, tenantId: string, change: ConfigChange): Promise<void> {
  if (!(await getActiveFunnelModel(tx, tenantId))) {
    await saveFunnelModel(tx, tenantId, createPresetModel('demand_waterfall'), change);
  }
  if ((await listDefinitions(tx, tenantId)).length === 0) {
    await saveQualificationDefinition(tx, tenantId, createStarterDefinition(change), change);
  }
}
