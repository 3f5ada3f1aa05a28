import { resolveEncryptionKey } from '../../../config/encryption-key.ts';
import type { Environment } from '../../../config/environment.ts';
import { createLogger } from '../../../log.ts';
import type { BackfillRun } from '../../../store/backfill-runs.ts';
import type { Db } from '../../../store/database.ts';
import { createTokenCipher } from '../../../store/token-cipher.ts';
import type { ProgressStream } from '../../hubspot/backfill/backfill-progress.ts';
import { createSalesforceConnections } from '../api/salesforce-connection.ts';
import { salesforceAppCredentials, salesforceOAuthConfig } from '../oauth/salesforce-oauth-config.ts';
import { describeShortfall } from './allocation-reserve.ts';
import { backfillSalesforceLeads, type SalesforceBackfillOutcome } from './backfill-salesforce-leads.ts';
import { createSalesforceProgressReporter } from './salesforce-backfill-progress.ts';
import { findSalesforceBackfillTenant } from './salesforce-backfill-tenant.ts';

export interface SalesforceBackfillCommandDeps {
  readonly env: Environment;
  readonly db: Db;
  /** Progress and logs; results go to `out`. */
  readonly err: ProgressStream & NodeJS.WritableStream;
  readonly out: { write(text: string): unknown };
  readonly signal?: AbortSignal;
  /** The token endpoint's fetch (jsforce sends the API calls itself). */
  readonly fetch?: typeof fetch;
}

/**
 * `baton backfill salesforce --org <id> [--restart]`. Checks the org before anything is written,
 * then imports and reports. A failure mid-run leaves the position stored, and the message says so.
 */
export async function runSalesforceBackfillCommand(
  deps: SalesforceBackfillCommandDeps,
  args: { readonly org: string | undefined; readonly restart: boolean },
): Promise<SalesforceBackfillOutcome> {
  const { env, db } = deps;
  const tenant = await findSalesforceBackfillTenant(db, args.org);
  const org = tenant.externalId;
  // Before the key: without the app's credentials nothing can refresh a token, and nothing is written.
  if (!salesforceAppCredentials(salesforceOAuthConfig(env))) {
    throw new Error(NO_APP_CREDENTIALS);
  }
  const logger = createLogger({ level: env.LOG_LEVEL, destination: deps.err });
  const cipher = createTokenCipher(await resolveEncryptionKey(env, logger));
  const connections = createSalesforceConnections({
    env,
    db,
    cipher,
    logger,
    clock: () => new Date(),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  if (!connections) throw new Error(NO_APP_CREDENTIALS);
  const progress = createSalesforceProgressReporter({ stream: deps.err, org });
  let outcome: SalesforceBackfillOutcome;
  try {
    outcome = await backfillSalesforceLeads(
      {
        db,
        connectionFor: connections.connectionFor,
        logger,
        onProgress: progress.update,
        ...(deps.signal ? { signal: deps.signal } : {}),
      },
      tenant,
      { restart: args.restart },
    );
  } catch (error) {
    progress.done();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`backfill of Salesforce org ${org} stopped: ${reason}\n${CONTINUE_HINT}`, {
      cause: error,
    });
  }
  progress.done();
  deps.out.write(`${summarise(org, outcome)}\n`);
  return outcome;
}

const NO_APP_CREDENTIALS = 'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET must be set to call Salesforce';
const CONTINUE_HINT = 'Its position is saved: run the same command again to continue.';

function summarise(org: string, outcome: SalesforceBackfillOutcome): string {
  const { run } = outcome;
  switch (outcome.kind) {
    case 'already_finished':
      return (
        `The backfill of Salesforce org ${org} already finished on ${run.finishedAt?.toISOString()} ` +
        `(${run.imported} Leads imported). Run with --restart to import again.`
      );
    case 'interrupted':
      return outcome.allocation
        ? `Backfill of Salesforce org ${org} paused at ${done(run)}: ${describeShortfall(outcome.allocation)}. ` +
            'Its position is saved: run the same command again once the allocation has recovered (it counts the last 24 hours).'
        : `Backfill of Salesforce org ${org} interrupted at ${done(run)}. ${CONTINUE_HINT}`;
    case 'finished':
      return (
        `Backfill of Salesforce org ${org} finished${outcome.resumed ? ' (resumed)' : ''}: ` +
        `${done(run)} with their campaign memberships, in ${run.requests} API ${run.requests === 1 ? 'request' : 'requests'}.`
      );
  }
}

function done(run: BackfillRun): string {
  return `${run.imported}${run.expectedTotal === null ? '' : ` of ${run.expectedTotal}`} Leads`;
}
