import { benchSalesforceIntake } from './salesforce-intake.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench:salesforce-intake [-- postgres://…]`: the Outbound Message intake benchmark alone,
 * on embedded PGlite and, given a URL or BATON_BENCH_DATABASE_URL (or DATABASE_URL), on that server too.
 */
const databaseUrl =
  process.argv[2] || process.env.BATON_BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
printTable(await benchSalesforceIntake(databaseUrl ? { databaseUrl } : {}));
