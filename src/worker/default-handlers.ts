import { HandlerRegistry } from './handler-registry.ts';
import { recordSnapshotHandler } from './handlers/record-snapshot.ts';

/** Every kind of inbox work Baton knows; CRM adapters add theirs here. */
export function createDefaultHandlers(): HandlerRegistry {
  return new HandlerRegistry().on('record_snapshot', recordSnapshotHandler);
}
