import { benchConsoleApi } from './console-api.ts';
import { printTable } from './table.ts';

/** `npm run bench:console [-- postgres://…]`: every console page's API call at 100 000 contacts. */
const databaseUrl = process.argv[2] || process.env.BATON_BENCH_DATABASE_URL || undefined;
printTable(await benchConsoleApi(databaseUrl ? { databaseUrl } : {}));
