#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { REPORT_FILTER_FIELDS } from '../api/reports/report-query.ts';
import { type Environment, parseEnvironment } from '../config/environment.ts';
import { FUNNEL_PRESETS } from '../core/funnel/presets.ts';
import { REPORT_NAMES } from '../core/reports/report-catalog.ts';
import { InputInvalidError } from '../errors.ts';
import { openDatabase } from '../store/database.ts';
import { listDead, retryDead } from '../store/inbox-claim.ts';
import { generateEncryptionKey } from '../store/token-cipher.ts';
import { assessRounds } from './assess-rounds.ts';
import { assessScore } from './assess-score.ts';
import { reportCommand } from './report-command.ts';

const USAGE = `Usage: npm run baton -- <command>

Commands:
  keygen                     print a new TOKEN_ENCRYPTION_KEY (32 random bytes, base64)
  migrate                    bring the database schema up to date and exit
  presets                    list the funnel model presets
  inbox [--limit N]          list dead-lettered inbox items with their last error
  inbox retry <id> [<id>…]   put dead-lettered items back in the queue
  backfill <crm> --account <id> [--restart]
                             import the account's existing records (resumes where it stopped;
                             --restart starts a finished or stopped run over); for HubSpot,
                             backfill hubspot --portal <id>; for Salesforce (Bulk API 2.0),
                             backfill salesforce --org <id>
  report <name> --tenant <id> [--from D] [--to D] [--source S] [--origin O] [--owner ID]
         [--team ID] [--territory T] [--definition KEY@V] [--json | --csv [--table T]]
                             a report for one tenant (id, or hubspot:<portal id>); reports:
                             ${REPORT_NAMES.join(', ')}
  assess score --file <answers.json> [--json]
                             score alignment assessment answers collected elsewhere
                             (instruments: maturity, c3:worldview … c3:buy-in)
  assess open --tenant <id> --instrument <key> --invite sales=5,marketing@manager=2 [--name N]
                             open an assessment round; prints one respondent link per person
  assess rounds --tenant <id> [--json]
                             the rounds, answered counts, and when the next round is due
  assess results --tenant <id> --round <id> [--json]
                             a round's results (groups of 3 or more), trend and behaviour signals
  assess close --tenant <id> --round <id>
                             stop taking answers

The database is the one npm start uses: DATABASE_URL, or embedded PostgreSQL in BATON_DATA_DIR.`;

/** The operator's command line. Output is plain text for people; errors exit non-zero. */
async function main(argv: readonly string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '50' },
      account: { type: 'string' },
      portal: { type: 'string' },
      org: { type: 'string' },
      restart: { type: 'boolean', default: false },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      table: { type: 'string' },
      tenant: { type: 'string' },
      instrument: { type: 'string' },
      invite: { type: 'string' },
      name: { type: 'string' },
      round: { type: 'string' },
      ...Object.fromEntries(REPORT_FILTER_FIELDS.map((field) => [field, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'keygen':
      console.log(generateEncryptionKey());
      return;
    case 'presets':
      for (const preset of FUNNEL_PRESETS) console.log(`${preset.key.padEnd(34)} ${preset.description}`);
      return;
    case 'migrate':
      await withDatabase(async () => console.log('schema is up to date'));
      return;
    case 'inbox':
      await withDatabase(async (database) => {
        if (rest[0] === 'retry') {
          const ids = rest.slice(1).map(parseId);
          if (ids.length === 0) throw new UsageError('inbox retry needs at least one item id');
          const retried = await retryDead(database.db, ids, new Date());
          console.log(`${retried} of ${ids.length} item(s) queued again`);
          return;
        }
        const limit = parseId(values.limit);
        const dead = await listDead(database.db, { limit });
        if (dead.length === 0) console.log('no dead letters');
        for (const item of dead) {
          console.log(
            `#${item.id} ${item.crm}:${item.externalAccountId} attempts=${item.attempts} ` +
              `received=${item.receivedAt.toISOString()}\n    ${item.lastError ?? '(no error recorded)'}`,
          );
        }
      });
      return;
    case 'backfill': {
      const adapter = await backfillAdapter(rest[0]);
      await withDatabase(async (database, env) => {
        // Ctrl-C stops after the page in hand is stored, so the next run continues right after it.
        const stop = new AbortController();
        process.once('SIGINT', () => stop.abort());
        const outcome = await adapter.backfill?.(
          { env, db: database.db, err: process.stderr, out: process.stdout, signal: stop.signal },
          { account: values.account ?? values.portal ?? values.org, restart: values.restart },
        );
        if (outcome?.interrupted) process.exitCode = 130;
      });
      return;
    }
    case 'report':
      await withDatabase((database) =>
        reportCommand(
          database.db,
          rest[0],
          {
            tenant: values.tenant,
            csv: values.csv,
            json: values.json,
            table: values.table,
            filter: values as Record<string, unknown>,
          },
          (text) => console.log(text),
        ),
      );
      return;
    case 'assess': {
      const sub = rest[0];
      if (sub === 'score') return assessScore(values.file, values.json, (text) => console.log(text));
      if (sub !== 'open' && sub !== 'rounds' && sub !== 'results' && sub !== 'close')
        throw new UsageError('assess takes score, open, rounds, results or close');
      await withDatabase((database, env) =>
        assessRounds(
          database.db,
          sub,
          {
            tenant: values.tenant,
            instrument: values.instrument,
            invite: values.invite,
            name: values.name,
            round: values.round,
            json: values.json,
            publicBaseUrl: env.PUBLIC_BASE_URL,
          },
          (text) => console.log(text),
        ),
      );
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

/**
 * The adapter `backfill <crm>` names, when it can import an account's existing records. Loaded
 * only here: the other commands start without every CRM's routes and clients.
 */
async function backfillAdapter(crm: string | undefined) {
  const { CRM_ADAPTERS } = await import('../crm/adapters.ts');
  const able = Object.entries(CRM_ADAPTERS).filter(([, entry]) => entry?.adapter.backfill);
  const found = able.find(([name]) => name === crm)?.[1];
  if (!found) {
    throw new UsageError(
      `backfill supports ${able.map(([name]) => name).join(', ')}: backfill <crm> --account <id>`,
    );
  }
  return found.adapter;
}

function parseId(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`"${text}" is not a positive whole number`);
  return n;
}

async function withDatabase(
  work: (database: Awaited<ReturnType<typeof openDatabase>>, env: Environment) => Promise<void>,
) {
  const env = parseEnvironment(process.env);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.BATON_DATA_DIR });
  try {
    await work(database, env);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(error instanceof UsageError || error instanceof InputInvalidError ? 2 : 1);
});
