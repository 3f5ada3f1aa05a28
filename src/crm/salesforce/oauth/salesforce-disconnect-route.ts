import type { RequestHandler } from 'express';
import { z } from 'zod';
import { BatonError, InputInvalidError, NotFoundError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { requireAdminToken } from '../../../server/admin-token.ts';
import type { Db } from '../../../store/database.ts';
import { getTenant } from '../../../store/tenants.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import { disconnectSalesforceTenant } from './disconnect-salesforce-tenant.ts';
import { NOT_CONFIGURED } from './salesforce-install-pages.ts';
import type { SalesforceAppCredentials } from './salesforce-oauth-config.ts';

export interface DisconnectRouteDependencies {
  readonly db: Db;
  readonly cipher: TokenCipher;
  /** Null while the external client app is not configured. */
  readonly app: SalesforceAppCredentials | null;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly adminToken?: string | undefined;
}

const bodySchema = z.object({
  tenantId: z.uuid({ error: 'tenantId must be the id of a Baton tenant (a UUID)' }),
});

/**
 * `POST /oauth/salesforce/disconnect` with `{ "tenantId": "…" }`, for an operator holding the
 * admin token; without one the route is disabled. Disconnecting an uninstalled tenant again is a
 * no-op. The answer says whether Salesforce confirmed the revocation.
 */
export function salesforceDisconnectHandler(deps: DisconnectRouteDependencies): RequestHandler[] {
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
    if (!deps.app) {
      throw new BatonError('salesforce_not_configured', NOT_CONFIGURED.message, {
        retry: 'never',
        status: 503,
      });
    }
    const body = bodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      throw new InputInvalidError(
        'the disconnect request needs a JSON body { "tenantId": "<uuid>" }',
        body.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      );
    }
    const tenant = await getTenant(deps.db, body.data.tenantId);
    if (tenant?.crm !== 'salesforce') throw new NotFoundError('no Salesforce tenant has that id');
    if (tenant.status === 'uninstalled') {
      res.json({ tenantId: tenant.id, status: 'uninstalled' });
      return;
    }
    const outcome = await disconnectSalesforceTenant(
      { db: deps.db, cipher: deps.cipher, app: deps.app, clock: deps.clock, actor: 'admin' },
      tenant.id,
    );
    const log = { tenant: tenant.id, orgId: tenant.externalId, revoked: outcome.revoked };
    if (outcome.revoked) {
      deps.logger.info(log, 'Salesforce tenant disconnected by an admin');
      res.json({ tenantId: tenant.id, status: 'uninstalled', revoked: true });
      return;
    }
    deps.logger.warn({ ...log, reason: outcome.reason }, 'Salesforce tenant disconnected without revocation');
    res.json({
      tenantId: tenant.id,
      status: 'uninstalled',
      revoked: false,
      message: `${outcome.reason}, so Baton's token may still be valid there. Baton has stopped calling the org; an admin of the org can remove Baton's access in Setup (Connected Apps OAuth Usage).`,
    });
  };
}
