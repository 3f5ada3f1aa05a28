import type { Router } from 'express';
import type { Environment } from '../config/environment.ts';
import type { Logger } from '../log.ts';
import type { CrmConnection, CrmContext } from '../pipeline/crm-port.ts';
import type { Db } from '../store/database.ts';
import { createDefaultHandlers } from '../worker/default-handlers.ts';
import type { HandlerRegistry } from '../worker/handler-registry.ts';
import { registerCrm } from '../worker/register-crm.ts';
import { CRM_ADAPTERS, type CrmEntry } from './adapters.ts';

export interface ConnectedCrms {
  /** Every CRM's install, admin and intake routes. */
  readonly routers: readonly Router[];
  /** The worker's handlers: the CRM-neutral ones and every CRM's sync. */
  readonly handlers: HandlerRegistry;
  /** Runs every CRM's start-up work, before the worker starts. */
  startUp(): Promise<void>;
  /** Starts every CRM's periodic work; the returned function stops it all. */
  startSchedules(db: Db, logger: Logger): () => void;
}

/** Connects every CRM of `CRM_ADAPTERS` (or those given) once, for `npm start` and the demo. */
export function connectCrms(
  context: CrmContext<Environment>,
  entries: readonly CrmEntry[] = Object.values(CRM_ADAPTERS),
): ConnectedCrms {
  const handlers = createDefaultHandlers();
  const routers: Router[] = [];
  const connections: CrmConnection[] = [];
  for (const { adapter, intake } of entries) {
    const connection = adapter.connect(context);
    connections.push(connection);
    routers.push(...connection.routers, ...intake(context));
    registerCrm(handlers, connection, context);
  }
  return {
    routers,
    handlers,
    async startUp() {
      for (const connection of connections) await connection.startUp?.();
    },
    startSchedules(db, logger) {
      const stops = connections.flatMap((c) => (c.schedules ?? []).map((schedule) => schedule(db, logger)));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
