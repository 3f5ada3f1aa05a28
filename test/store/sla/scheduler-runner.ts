import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { parseEnvironment } from '../../../src/config/environment.ts';
import { connectCrms } from '../../../src/crm/connect-crms.ts';
import { HUBSPOT_SYNC_KEYS } from '../../../src/crm/hubspot/sync/hubspot-sync.ts';
import { createLogger } from '../../../src/log.ts';
import { inboxCounts } from '../../../src/simulate/demo/wait-until-settled.ts';
import type { Database } from '../../../src/store/database.ts';
import { createTokenCipher } from '../../../src/store/token-cipher.ts';
import { sweepSlaClocks } from '../../../src/worker/sla-sweep.ts';
import { createWorker } from '../../../src/worker/worker-loop.ts';

export interface SchedulerRun {
  readonly sweeps: number;
  readonly queued: number;
  readonly claimed: number;
}

/**
 * What one Baton process does about SLAs, as `npm start` wires it: the HubSpot connection, the
 * worker with every handler, and the sweep, here run back to back (instead of on timers) until
 * the inbox has been empty for a few rounds. `clock` is the process's time.
 */
export async function runScheduler(options: {
  readonly database: Database;
  readonly env: Readonly<Record<string, string>>;
  readonly encryptionKey: string;
  readonly clock: () => Date;
  readonly timeoutMs?: number;
  /** Both schedulers of a race start at this instant (epoch ms), so neither finishes before the other begins. */
  readonly startAt?: number;
}): Promise<SchedulerRun> {
  const { database, clock } = options;
  const logger = createLogger({
    level: process.env.E2E_LOG ? 'debug' : 'silent',
    destination: new Writable({
      write: (c, _e, cb) => cb(void (process.env.E2E_LOG && process.stderr.write(c))),
    }),
  });
  const crms = connectCrms({
    env: parseEnvironment(options.env),
    db: database.db,
    cipher: createTokenCipher(options.encryptionKey),
    encryptionKey: options.encryptionKey,
    logger,
    clock,
  });
  // Small claims spread the work over both schedulers of a race.
  const worker = createWorker({
    database,
    handlers: crms.handlers,
    logger,
    clock,
    maxWaitMs: 0,
    pollMs: 5,
    recordsPerClaim: 3,
  });
  if (options.startAt) await delay(Math.max(0, options.startAt - Date.now()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const run = { sweeps: 0, queued: 0, claimed: 0 };
  for (let idle = 0; idle < 5; ) {
    if (Date.now() > deadline) throw new Error(`the scheduler did not settle: ${JSON.stringify(run)}`);
    const swept = await sweepSlaClocks(database.db, 'hubspot', HUBSPOT_SYNC_KEYS, clock());
    run.sweeps += 1;
    run.queued += swept.queued;
    const { claimed } = await worker.runOnce();
    run.claimed += claimed;
    const counts = await inboxCounts(database.db);
    idle = swept.queued === 0 && claimed === 0 && !counts.pending && !counts.processing ? idle + 1 : 0;
    if (claimed === 0) await delay(10);
  }
  return run;
}
