import { resolveEncryptionKey } from '../../../config/encryption-key.ts';
import type { Environment } from '../../../config/environment.ts';
import { createLogger } from '../../../log.ts';
import type { BackfillRun } from '../../../store/backfill-runs.ts';
import type { Db } from '../../../store/database.ts';
import { createTokenCipher } from '../../../store/token-cipher.ts';
import { type BackfillOutcome, backfillHubSpotContacts } from './backfill-contacts.ts';
import { createBackfillHttp } from './backfill-http.ts';
import { createProgressReporter, type ProgressStream } from './backfill-progress.ts';
import { findBackfillTenant } from './backfill-tenant.ts';

export interface BackfillCommandDeps {
  readonly env: Environment;
  readonly db: Db;
  /** Progress and logs; results go to `out`. */
  readonly err: ProgressStream & NodeJS.WritableStream;
  readonly out: { write(text: string): unknown };
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
}

/**
 * `baton backfill hubspot --portal <id> [--restart]`. Checks the portal before anything is
 * written, then imports and reports. A failure mid-run leaves the position stored, and the
 * message says so.
 */
export async function runHubSpotBackfillCommand(
  deps: BackfillCommandDeps,
  args: { readonly portal: string | undefined; readonly restart: boolean },
): Promise<BackfillOutcome> {
  const { env, db } = deps;
  const tenant = await findBackfillTenant(db, args.portal);
  const portal = tenant.externalId;
  const logger = createLogger({ level: env.LOG_LEVEL, destination: deps.err });
  const cipher = createTokenCipher(await resolveEncryptionKey(env, logger));
  const http = createBackfillHttp({ env, db, cipher, logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  if (!http) {
    throw new Error('HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET must be set to call HubSpot');
  }
  const progress = createProgressReporter({ stream: deps.err, portal });
  let outcome: BackfillOutcome;
  try {
    outcome = await backfillHubSpotContacts(
      { db, http, onProgress: progress.update, ...(deps.signal ? { signal: deps.signal } : {}) },
      tenant,
      { restart: args.restart },
    );
  } catch (error) {
    progress.done();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`backfill of HubSpot portal ${portal} stopped: ${reason}\n${CONTINUE_HINT}`, {
      cause: error,
    });
  }
  progress.done();
  deps.out.write(`${summarise(portal, outcome)}\n`);
  return outcome;
}

const CONTINUE_HINT = 'Its position is saved: run the same command again to continue.';

function summarise(portal: string, outcome: BackfillOutcome): string {
  const { run } = outcome;
  switch (outcome.kind) {
    case 'already_finished':
      return (
        `The backfill of HubSpot portal ${portal} already finished on ${run.finishedAt?.toISOString()} ` +
        `(${run.imported} contacts imported). Run with --restart to import again.`
      );
    case 'interrupted':
      return `Backfill of HubSpot portal ${portal} interrupted at ${done(run)}. ${CONTINUE_HINT}`;
    case 'finished':
      return (
        `Backfill of HubSpot portal ${portal} finished${outcome.resumed ? ' (resumed)' : ''}: ` +
        `${done(run)} in ${plural(run.requests, 'search', 'searches')} over ${plural(run.slicesDone, 'date slice', 'date slices')}.`
      );
  }
}

function done(run: BackfillRun): string {
  return `${run.imported}${run.expectedTotal === null ? '' : ` of ${run.expectedTotal}`} contacts`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
