import type { Router } from 'express';
import { respondentRouter } from '../api/assessments/respondent-routes.ts';
import type { Environment } from '../config/environment.ts';
import { type CrmBackfill, createConsoleBackfills } from '../console/console-backfill.ts';
import { consoleRouter } from '../console/console-routes.ts';
import { deriveConsoleSessionKey } from '../console/console-sessions.ts';
import { consoleStaticRouter } from '../console/console-static.ts';
import { ConfigurationInvalidError } from '../core/validation.ts';
import type { Logger } from '../log.ts';
import type { CrmConnection, CrmConsoleDoor, CrmContext } from '../pipeline/crm-port.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { createDefaultHandlers } from '../worker/default-handlers.ts';
import type { HandlerRegistry } from '../worker/handler-registry.ts';
import { registerCrm } from '../worker/register-crm.ts';
import { scheduleSlaSweep } from '../worker/sla-sweep.ts';
import { CRM_ADAPTERS, type CrmEntry } from './adapters.ts';

export interface ConnectedCrms {
  /** Every CRM's install, admin and intake routes, then the console's API and pages. */
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
  const handlers = createDefaultHandlers((crm) => {
    const entry = entries.find((e) => e.adapter.crm === crm);
    if (!entry)
      throw new ConfigurationInvalidError(`CRM ${crm}`, [{ path: crm, message: 'is not connected' }]);
    return entry.adapter.defaults;
  });
  // The respondent page belongs to no CRM: a link works whichever CRM its tenant uses.
  const routers: Router[] = [respondentRouter({ db: context.db })];
  const schedules: ((db: Db, logger: Logger) => () => void)[] = [];
  const connections: CrmConnection[] = [];
  const doors: Partial<Record<Crm, CrmConsoleDoor>> = {};
  const backfills: Partial<Record<Crm, CrmBackfill>> = {};
  for (const { adapter, intake } of entries) {
    const connection = adapter.connect(context);
    connections.push(connection);
    if (connection.console) doors[adapter.crm] = connection.console;
    const { backfill } = adapter;
    // The key this process already resolved (environment or data directory) reads the stored tokens.
    const env = { ...context.env, TOKEN_ENCRYPTION_KEY: context.encryptionKey };
    if (backfill) backfills[adapter.crm] = (run, args) => backfill({ ...run, env }, args);
    schedules.push(...(connection.schedules ?? []));
    const { sync } = connection;
    if (sync) schedules.push((db, logger) => scheduleSlaSweep(db, logger, adapter.crm, sync));
    routers.push(...connection.routers, ...intake(context));
    registerCrm(handlers, connection, { ...context, defaults: adapter.defaults });
  }
  routers.push(
    consoleRouter({
      db: context.db,
      backfills: createConsoleBackfills({
        db: context.db,
        logger: context.logger,
        clock: context.clock,
        backfills,
      }),
      sessionKey: deriveConsoleSessionKey(Buffer.from(context.encryptionKey, 'base64')),
      publicBaseUrl: context.env.PUBLIC_BASE_URL,
      clock: context.clock,
      doors,
    }),
    consoleStaticRouter(),
  );
  return {
    routers,
    handlers,
    async startUp() {
      for (const connection of connections) await connection.startUp?.();
    },
    startSchedules(db, logger) {
      const stops = schedules.map((schedule) => schedule(db, logger));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
