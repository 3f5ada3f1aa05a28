import { benchCardView } from './card-view.ts';
import { printTable } from './table.ts';

/** `npm run bench:cards [-- postgres://…]`: the card view model and dry-run benchmark alone. */
const databaseUrl = process.argv[2] || process.env.BATON_BENCH_DATABASE_URL || undefined;
printTable(await benchCardView(databaseUrl ? { databaseUrl } : {}));
