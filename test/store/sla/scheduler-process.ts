import { openDatabase } from '../../../src/store/database.ts';
import { runScheduler } from './scheduler-runner.ts';

/**
 * A second Baton process for the exactly-once test: it opens the server database from
 * BATON_SCHEDULER_DATABASE_URL, runs `runScheduler` with its clock BATON_SCHEDULER_OFFSET_MS
 * ahead from BATON_SCHEDULER_START_AT on, and prints what it did as one JSON line.
 */
const env = process.env;
const databaseUrl = env.BATON_SCHEDULER_DATABASE_URL;
const key = env.TOKEN_ENCRYPTION_KEY;
if (!databaseUrl || !key)
  throw new Error('BATON_SCHEDULER_DATABASE_URL and TOKEN_ENCRYPTION_KEY are required');
const offset = Number(env.BATON_SCHEDULER_OFFSET_MS ?? 0);
const database = await openDatabase({ databaseUrl, dataDir: 'unused' });
try {
  const run = await runScheduler({
    database,
    env: JSON.parse(env.BATON_SCHEDULER_ENV ?? '{}'),
    encryptionKey: key,
    clock: () => new Date(Date.now() + offset),
    startAt: Number(env.BATON_SCHEDULER_START_AT ?? 0),
  });
  process.stdout.write(`${JSON.stringify(run)}\n`);
} finally {
  await database.close();
}
