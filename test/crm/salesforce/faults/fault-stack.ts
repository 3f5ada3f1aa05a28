import { Writable } from 'node:stream';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { connectCrms } from '../../../../src/crm/connect-crms.ts';
import { createLogger } from '../../../../src/log.ts';
import { installSalesforceThroughOAuth } from '../../../../src/simulate/demo/salesforce/install-salesforce.ts';
import {
  DEMO_SALESFORCE_APP,
  type SalesforceStack,
  startSalesforceStack,
} from '../../../../src/simulate/demo/salesforce/start-salesforce-stack.ts';
import type { SalesforceStandInOptions } from '../../../../src/simulate/salesforce-stand-in/stand-in-options.ts';
import type { Db } from '../../../../src/store/database.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import type { HandlerRegistry } from '../../../../src/worker/handler-registry.ts';
import {
  type BatchOutcome,
  createWorker,
  type Worker,
  type WorkerOptions,
} from '../../../../src/worker/worker-loop.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';

export const silent = createLogger({
  level: process.env.E2E_LOG ? 'debug' : 'silent',
  destination: new Writable({
    write: (chunk, _encoding, callback) =>
      callback(void (process.env.E2E_LOG && process.stderr.write(chunk))),
  }),
});

/** Real time plus an offset the test moves on, so a 15-minute backoff passes at once. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

export type DrivenWorkerOptions = Partial<
  Pick<
    WorkerOptions,
    'leaseMs' | 'recordsPerClaim' | 'retryPolicy' | 'workerId' | 'handlers' | 'pollMs' | 'maxWaitMs'
  >
>;

export interface FaultStack {
  readonly stack: SalesforceStack;
  readonly db: Db;
  readonly tenant: Tenant;
  /** A sales rep of the org (a 005… user). */
  readonly rep: string;
  readonly clock: TestClock;
  /** The Baton environment the stack runs with, for another worker or process on the same store. */
  readonly env: Readonly<Record<string, string>>;
  readonly encryptionKey: string;
  /** The server database's URL; absent on embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** The worker the test drives (`runOnce`), on `clock`; the stack's own worker is stopped. */
  readonly worker: Worker;
  /** Every handler Baton's worker has, Salesforce's sync among them. */
  readonly handlers: HandlerRegistry;
  /** Another worker on the same store and clock (with these handlers, by default). */
  newWorker(options?: DrivenWorkerOptions): Worker;
  /** Until the org has delivered every Outbound Message and nothing is due now; the sum of what was worked. */
  drain(worker?: Worker): Promise<BatchOutcome>;
  close(): Promise<void>;
}

/**
 * The real stack (the Salesforce stand-in with Baton's package, Baton's routes and store as
 * `npm start` wires them), installed through OAuth, with a worker the test drives on its own
 * clock: `startBaton` lets a caller tune the worker's claim sizes and polling only, not its
 * clock, lease or retry policy, so the fault tests run the worker a second Baton process would
 * (`connectCrms` on the same store and key), as the SLA tests' schedulers do.
 */
export async function startFaultStack(
  options: {
    readonly standIn?: Partial<Omit<SalesforceStandInOptions, 'clientId' | 'clientSecret'>>;
    readonly worker?: DrivenWorkerOptions;
  } = {},
): Promise<FaultStack> {
  const store: TestStore | undefined = process.env.BATON_TEST_DATABASE_URL
    ? await openTestStore()
    : undefined;
  const encryptionKey = generateEncryptionKey();
  let stack: SalesforceStack | undefined;
  try {
    stack = await startSalesforceStack({
      // In memory, PGlite opens in half the time it takes on disk.
      dataDir: 'memory://',
      ...(store?.url ? { databaseUrl: store.url } : {}),
      logger: silent,
      encryptionKey,
      worker: { maxWaitMs: 0, pollMs: 10 },
      standIn: { outbound: { flushMs: 5, retry: { baseDelayMs: 20, maxDelayMs: 200 } }, ...options.standIn },
    });
    const running = stack;
    await running.worker.stop();
    const { db } = running.database;
    const tenant = await installSalesforceThroughOAuth(db, running.batonUrl, running.standIn.orgId);
    const [user] = running.standIn.addUsers([
      { firstName: 'Riley', lastName: 'Rep', email: 'riley@example.test' },
    ]);
    const env = {
      PUBLIC_BASE_URL: running.batonUrl,
      SALESFORCE_CLIENT_ID: DEMO_SALESFORCE_APP.clientId,
      SALESFORCE_CLIENT_SECRET: DEMO_SALESFORCE_APP.clientSecret,
      SALESFORCE_LOGIN_URL: running.standIn.loginUrl,
    };
    const clock = testClock();
    const crms = connectCrms({
      env: parseEnvironment(env),
      db,
      cipher: createTokenCipher(encryptionKey),
      encryptionKey,
      logger: silent,
      clock: clock.now,
    });
    const newWorker = (tuning: DrivenWorkerOptions = {}) =>
      createWorker({
        database: running.database,
        handlers: crms.handlers,
        logger: silent,
        clock: clock.now,
        // The middle of every backoff window, so the test knows when a retry is due.
        random: () => 0.5,
        ...options.worker,
        ...tuning,
      });
    const worker = newWorker({ workerId: 'driven-worker' });
    return {
      stack: running,
      db,
      tenant,
      rep: String(user?.Id),
      clock,
      env,
      encryptionKey,
      databaseUrl: store?.url,
      worker,
      handlers: crms.handlers,
      newWorker,
      async drain(by = worker) {
        const total = { claimed: 0, done: 0, retried: 0, dead: 0 };
        for (let round = 0; round < 50; round += 1) {
          await running.standIn.whenOutboundMessagesDelivered(20_000);
          const outcome = await by.runOnce();
          for (const key of Object.keys(total) as (keyof BatchOutcome)[]) total[key] += outcome[key];
          if (outcome.claimed === 0) return total;
        }
        throw new Error(`the inbox kept giving work: ${JSON.stringify(total)}`);
      },
      async close() {
        await running.close();
        await store?.close();
      },
    };
  } catch (error) {
    await stack?.close();
    await store?.close();
    throw error;
  }
}
