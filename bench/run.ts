import { benchAttribution } from './attribution.ts';
import { benchCardView } from './card-view.ts';
import { benchHubSpotRoundtrip } from './hubspot-roundtrip.ts';
import { benchJourney } from './journey.ts';
import { benchLedger } from './ledger.ts';
import { benchReports } from './reports.ts';
import { benchRules } from './rules.ts';
import { benchSla } from './sla.ts';
import { benchSlaSweep } from './sla-sweep.ts';
import { type BenchRow, printTable } from './table.ts';
import { benchWebhookIntake } from './webhook-intake.ts';

/**
 * `npm run bench`: every benchmark in one table. The ledger runs on embedded PGlite and, when
 * BATON_BENCH_DATABASE_URL (or DATABASE_URL) points at a server, on that server too.
 */
const databaseUrl = process.env.BATON_BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const suites: [string, () => Promise<BenchRow[]>][] = [
  ['rule evaluation vs json-rules-engine', benchRules],
  ['stage derivation', benchJourney],
  ['SLA clocks', benchSla],
  ['attribution (50 touches per lead)', benchAttribution],
  ['ledger inserts', () => benchLedger(databaseUrl ? { databaseUrl } : {})],
  ['SLA sweep over 100 000 clocks', () => benchSlaSweep(databaseUrl ? { databaseUrl } : {})],
  [
    'card view model and dry run at 100 000 contacts',
    () => benchCardView(databaseUrl ? { databaseUrl } : {}),
  ],
  ['reports over 1 000 000 transitions', () => benchReports(databaseUrl ? { databaseUrl } : {})],
  ['webhook intake', () => benchWebhookIntake(databaseUrl ? { databaseUrl } : {})],
  ['webhook → write-back round trip', () => benchHubSpotRoundtrip(databaseUrl ? { databaseUrl } : {})],
];

const rows: BenchRow[] = [];
for (const [name, run] of suites) {
  process.stderr.write(`running ${name}…\n`);
  const started = performance.now();
  rows.push(...(await run()));
  process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(`\nBaton benchmarks (Node ${process.version}, ${new Date().toISOString()})\n`);
printTable(rows);
if (!databaseUrl) {
  console.log(
    '\nSet BATON_BENCH_DATABASE_URL=postgres://… to measure ledger inserts on a PostgreSQL server too.',
  );
}
