import { Writable } from 'node:stream';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { connectCrms } from '../../../../src/crm/connect-crms.ts';
import { createLogger } from '../../../../src/log.ts';
import { openDatabase } from '../../../../src/store/database.ts';
import { createTokenCipher } from '../../../../src/store/token-cipher.ts';
import { createWorker } from '../../../../src/worker/worker-loop.ts';

/**
 * A second Baton process for the killed-worker test: it opens the server database from
 * BATON_FAULTS_DATABASE_URL and runs the worker as `npm start` wires it, its clock
 * BATON_FAULTS_OFFSET_MS ahead and its lease BATON_FAULTS_LEASE_MS long, until it is killed.
 */
const env = process.env;
const databaseUrl = env.BATON_FAULTS_DATABASE_URL;
const key = env.TOKEN_ENCRYPTION_KEY;
if (!databaseUrl || !key) throw new Error('BATON_FAULTS_DATABASE_URL and TOKEN_ENCRYPTION_KEY are required');
const offset = Number(env.BATON_FAULTS_OFFSET_MS ?? 0);
const clock = () => new Date(Date.now() + offset);
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const database = await openDatabase({ databaseUrl, dataDir: 'unused' });
const crms = connectCrms({
  env: parseEnvironment(JSON.parse(env.BATON_FAULTS_ENV ?? '{}')),
  db: database.db,
  cipher: createTokenCipher(key),
  encryptionKey: key,
  logger,
  clock,
});
createWorker({
  database,
  handlers: crms.handlers,
  logger,
  clock,
  workerId: 'worker-process',
  leaseMs: Number(env.BATON_FAULTS_LEASE_MS ?? 60_000),
  maxWaitMs: 0,
  pollMs: 10,
}).start();
process.stdout.write('working\n');
