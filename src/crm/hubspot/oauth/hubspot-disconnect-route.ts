import type { RequestHandler } from 'express';
import { z } from 'zod';
import { BatonError, InputInvalidError, NotFoundError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { requireAdminToken } from '../../../server/admin-token.ts';
import type { Db } from '../../../store/database.ts';
import { getTenant } from '../../../store/tenants.ts';
import { disconnectHubSpotTenant } from './disconnect-hubspot-tenant.ts';
import { NOT_CONFIGURED } from './hubspot-install-pages.ts';
import type { HubSpotTokenProvider } from './hubspot-token-provider.ts';

export interface DisconnectRouteDependencies {
  readonly db: Db;
  /** Null while the HubSpot app is not configured. */
  readonly tokens: HubSpotTokenProvider | null;
  readonly apiBaseUrl: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly adminToken?: string | undefined;
}

const bodySchema = z.object({
  tenantId: z.uuid({ error: 'tenantId must be the id of a Baton tenant (a UUID)' }),
});

/**
 * `POST /oauth/hubspot/disconnect` with `{ "tenantId": "…" }`. Until tenant admins can sign in,
 * the caller proves it is an operator with the one configured admin token; without one the route
 * is disabled. Disconnecting an uninstalled tenant again is a no-op.
 */
export function hubspotDisconnectHandler(deps: DisconnectRouteDependencies): RequestHandler[] {
  if (!deps.adminToken) {
    return [
      (_req, res) => {
        res.status(503).json({
          error: {
            code: 'disconnect_disabled',
            message: 'Disconnect is disabled: configure an admin token for Baton to enable it',
          },
        });
      },
    ];
  }
  return [
    requireAdminToken({ token: deps.adminToken, logger: deps.logger, clock: () => deps.clock().getTime() }),
    disconnect(deps),
  ];
}

function disconnect(deps: DisconnectRouteDependencies): RequestHandler {
  return async (req, res) => {
    if (!deps.tokens) {
      throw new BatonError('hubspot_not_configured', NOT_CONFIGURED.message, { retry: 'never', status: 503 });
    }
    const body = bodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      throw new InputInvalidError(
        'the disconnect request needs a JSON body { "tenantId": "<uuid>" }',
        body.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      );
    }
    const tenant = await getTenant(deps.db, body.data.tenantId);
    if (tenant?.crm !== 'hubspot') throw new NotFoundError('no HubSpot tenant has that id');
    if (tenant.status !== 'uninstalled') {
      await disconnectHubSpotTenant(
        {
          db: deps.db,
          tokens: deps.tokens,
          apiBaseUrl: deps.apiBaseUrl,
          clock: deps.clock,
          actor: 'admin',
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
        },
        tenant.id,
      );
      deps.logger.info(
        { tenant: tenant.id, hubId: tenant.externalId },
        'HubSpot tenant disconnected by an admin',
      );
    }
    res.json({ tenantId: tenant.id, status: 'uninstalled' });
  };
}
