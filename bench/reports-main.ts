import { benchReports } from './reports.ts';
import { printTable } from './table.ts';

/** `npm run bench:reports [-- postgres://…]`: the reports over 1 000 000 transitions alone. */
const databaseUrl = process.argv[2] || process.env.BATON_BENCH_DATABASE_URL || undefined;
printTable(await benchReports(databaseUrl ? { databaseUrl } : {}));
