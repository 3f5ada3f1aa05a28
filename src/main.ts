import { createRequire } from 'node:module';
import { resolveEncryptionKey } from './config/encryption-key.ts';
import { EnvironmentInvalidError, parseEnvironment } from './config/environment.ts';
import { connectCrms } from './crm/connect-crms.ts';
import { createLogger } from './log.ts';
import { createApp } from './server/app.ts';
import { startHttpServer } from './server/http-server.ts';
import { openDatabase } from './store/database.ts';
import { buildMissingLeadFacts } from './store/lead-facts.ts';
import { createTokenCipher } from './store/token-cipher.ts';
import { scheduleInboxMaintenance } from './worker/inbox-maintenance.ts';
import { createWorker } from './worker/worker-loop.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** `npm start`: the HTTP edge and a worker in one process, on embedded PostgreSQL unless DATABASE_URL is set. */
async function main(): Promise<void> {
  const env = parseEnvironment(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL });
  const encryptionKey = await resolveEncryptionKey(env, logger);
  const cipher = createTokenCipher(encryptionKey);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.BATON_DATA_DIR,
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting'),
  });
  logger.info({ engine: database.engine }, 'store ready');

  const crms = connectCrms({ env, db: database.db, cipher, encryptionKey, logger, clock: () => new Date() });
  const app = createApp({
    logger,
    pingStore: () => database.ping(),
    engine: database.engine,
    version,
    routers: crms.routers,
  });
  const server = await startHttpServer(app, env.PORT, env.HOST);
  logger.info(
    { host: server.host, port: server.port, publicBaseUrl: env.PUBLIC_BASE_URL },
    'Baton is listening',
  );

  await crms.startUp();
  // After an upgrade the leads already in the ledger get their report facts, without holding up start-up.
  buildMissingLeadFacts(database.db, new Date())
    .then((built) => {
      if (built > 0) logger.info({ leads: built }, 'report facts built for leads that had none');
    })
    .catch((error: unknown) =>
      logger.warn({ err: error }, 'building report facts failed; reports may miss leads'),
    );
  const worker = createWorker({ database, handlers: crms.handlers, logger });
  worker.start();
  const stopMaintenance = scheduleInboxMaintenance(database, logger);
  const stopSchedules = crms.startSchedules(database.db, logger);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    await server.close();
    stopMaintenance();
    stopSchedules();
    await worker.stop();
    await database.close();
    logger.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentInvalidError) {
    console.error(error.message);
  } else {
    console.error('Baton failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
