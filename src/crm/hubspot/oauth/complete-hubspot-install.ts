import {
  type CompletedInstall as Completed,
  completeInstall,
  type InstallRequest as Request,
} from '../../../oauth/complete-install.ts';
import type { Db } from '../../../store/database.ts';
import { enqueue } from '../../../store/inbox-intake.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { hubSpotBootstrapItem } from '../sync/hubspot-bootstrap-item.ts';
import type { HubSpotTokenGrant } from './hubspot-token-endpoint.ts';

export type { InstallOutcome } from '../../../oauth/complete-install.ts';

export interface CompletedInstall extends Completed {
  readonly hubId: string;
}

export interface InstallRequest extends Omit<Request, 'crm' | 'externalId' | 'grant'> {
  readonly hubId: string;
  readonly grant: HubSpotTokenGrant;
}

/**
 * A portal's install, committed the way every CRM's is (see `completeInstall`), from HubSpot's
 * defaults. Baton's properties are put in place by the worker, retried until HubSpot takes them:
 * the install commits with that bootstrap queued, whatever HubSpot answers meanwhile.
 */
export async function completeHubSpotInstall(
  db: Db,
  cipher: TokenCipher,
  request: InstallRequest,
): Promise<CompletedInstall> {
  const { hubId, ...rest } = request;
  const install = await completeInstall(
    db,
    cipher,
    { ...rest, crm: 'hubspot', externalId: hubId },
    HUBSPOT_DEFAULTS,
    async (tx, tenant, now) => {
      await enqueue(tx, [hubSpotBootstrapItem(tenant, { kind: 'install', at: now })], now);
    },
  );
  return { ...install, hubId };
}
