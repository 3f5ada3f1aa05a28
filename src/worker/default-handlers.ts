import type { TenantDefaults } from '../pipeline/tenant-config.ts';
import type { Crm } from '../store/crm-name.ts';
import { HandlerRegistry } from './handler-registry.ts';
import { createRecordSnapshotHandler } from './handlers/record-snapshot.ts';

/**
 * The CRM-neutral kinds of inbox work; CRM adapters add theirs. `defaultsOf` answers each
 * connected CRM's defaults, for tenants whose settings leave something out.
 */
export function createDefaultHandlers(defaultsOf: (crm: Crm) => TenantDefaults): HandlerRegistry {
  return new HandlerRegistry().on('record_snapshot', createRecordSnapshotHandler(defaultsOf));
}
