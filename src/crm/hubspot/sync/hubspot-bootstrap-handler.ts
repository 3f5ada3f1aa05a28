import { BatonError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { recordCrmSchemaVersion } from '../../../store/crm-schema-versions.ts';
import type { Db } from '../../../store/database.ts';
import type { InboxRow } from '../../../store/inbox-intake.ts';
import { getTenant } from '../../../store/tenants.ts';
import type { InboxHandler } from '../../../worker/handler-registry.ts';
import { bootstrapProperties, type ObjectTypeBootstrap } from '../api/bootstrap-properties.ts';
import type { HubSpotHttp } from '../api/hubspot-http.ts';
import { releaseAwaitingWritebacks } from './awaiting-properties.ts';
import {
  bootstrapPayloadSchema,
  HUBSPOT_PROPERTY_SET_VERSION,
  HUBSPOT_SCHEMA_OBJECT_TYPES,
} from './hubspot-bootstrap-item.ts';

interface Bootstrapped {
  readonly tenantId: string;
  readonly report: readonly ObjectTypeBootstrap[];
}

/**
 * Puts Baton's property group and properties in place in the tenant's portal, as durable work:
 * the worker retries a passing failure (5xx, timeout, 429) with backoff and dead-letters one that
 * cannot pass (a missing scope) or keeps failing, with the reason. The calls happen in `prepare`
 * and are idempotent, so a run cut short is simply run again. `apply` records the property set
 * now in place and releases the write-backs that waited for it. Several items of one tenant
 * (an install and a repair queued together) are one bootstrap; whatever version an item was
 * queued for, the set this code defines is the one put in place.
 */
export function createHubSpotBootstrapHandler(deps: {
  db: Db;
  http: HubSpotHttp;
  logger: Logger;
}): InboxHandler<Bootstrapped | null> {
  return {
    async prepare(items) {
      for (const item of items) checkPayload(item);
      const tenantId = items[0]?.tenantId;
      const tenant = tenantId ? await getTenant(deps.db, tenantId) : null;
      if (tenant?.status !== 'active') return null;
      try {
        const report = await bootstrapProperties(deps.http, tenant.id, {
          objectTypes: HUBSPOT_SCHEMA_OBJECT_TYPES,
        });
        return { tenantId: tenant.id, report };
      } catch (error) {
        throw explained(error);
      }
    },

    async apply(tx, _items, bootstrapped, now) {
      if (!bootstrapped) return;
      await recordCrmSchemaVersion(tx, bootstrapped.tenantId, HUBSPOT_PROPERTY_SET_VERSION, now);
      const released = await releaseAwaitingWritebacks(tx, bootstrapped.tenantId, now);
      deps.logger.info(
        { tenant: bootstrapped.tenantId, report: bootstrapped.report, releasedWritebacks: released },
        'HubSpot properties bootstrapped',
      );
    },
  };
}

function checkPayload(item: InboxRow): void {
  if (!bootstrapPayloadSchema.safeParse(item.payload).success) {
    throw new BatonError('input_invalid', `inbox item ${item.id} is not a valid HubSpot bootstrap`, {
      retry: 'never',
      status: 400,
    });
  }
}

/**
 * Says what failed in the reason the dead letter keeps, keeping the error's retry meaning. Errors
 * the worker reads more from (a rate limit's wait) pass unchanged: they are retried anyway.
 */
function explained(error: unknown): unknown {
  if (!(error instanceof BatonError) || error.retry !== 'never') return error;
  return new BatonError(
    error.code,
    `Baton's HubSpot properties could not be created, so write-backs cannot land until this is fixed: ${error.message}`,
    { retry: error.retry, status: error.status, cause: error },
  );
}
