import type { Logger } from '../log.ts';
import type { CrmConnection } from '../pipeline/crm-port.ts';
import type { TenantDefaults } from '../pipeline/tenant-config.ts';
import type { Db } from '../store/database.ts';
import type { HandlerRegistry } from './handler-registry.ts';
import { createBreachActionHandler } from './handlers/breach-action-handler.ts';
import { createSyncHandler } from './handlers/crm-sync-handler.ts';
import { createWritebackHandler } from './handlers/crm-writeback-handler.ts';

/** Adds a connected CRM's work to the worker: its sync, its write-back, its breach actions, and its own kinds. */
export function registerCrm(
  handlers: HandlerRegistry,
  connection: CrmConnection,
  deps: { readonly db: Db; readonly logger: Logger; readonly defaults: TenantDefaults },
): HandlerRegistry {
  const { sync } = connection;
  if (sync) {
    handlers
      .on(sync.eventKind, createSyncHandler(deps.db, sync, deps.defaults))
      .on(sync.writebackKind, createWritebackHandler(deps.db, sync, deps.defaults, deps.logger));
    if (sync.breachActions)
      handlers.on(
        sync.breachActions.kind,
        createBreachActionHandler(deps.db, sync, deps.defaults, deps.logger),
      );
  }
  connection.register?.(handlers);
  return handlers;
}
