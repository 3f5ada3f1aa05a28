import { parseArgs } from 'node:util';
import { benchHubSpotRoundtrip } from './hubspot-roundtrip.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench:roundtrip -- [--rate N] [--properties N] [--seconds N] [--batch-size N] [--idle-ms N] [--coalesce-ms N] [--trace]`:
 * the round-trip benchmark alone, with the worker's knobs exposed for profiling. Uses
 * BATON_BENCH_DATABASE_URL (or DATABASE_URL) like `npm run bench`.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string' },
    properties: { type: 'string' },
    seconds: { type: 'string' },
    'batch-size': { type: 'string' },
    'idle-ms': { type: 'string' },
    'coalesce-ms': { type: 'string' },
    trace: { type: 'boolean' },
  },
});
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const batchSize = number(values['batch-size']);
const idleMs = number(values['idle-ms']);
const coalesceMs = number(values['coalesce-ms']);
const seconds = number(values.seconds);
const rows = await benchHubSpotRoundtrip({
  databaseUrl: process.env.BATON_BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined,
  ...(values.rate === undefined ? {} : { ratePerSec: Number(values.rate) }),
  ...(values.properties === undefined ? {} : { propertiesPerChange: Number(values.properties) }),
  ...(seconds === undefined ? {} : { durationMs: seconds * 1000 }),
  ...(batchSize === undefined && idleMs === undefined && coalesceMs === undefined
    ? {}
    : {
        worker: {
          ...(batchSize ? { batchSize } : {}),
          ...(idleMs ? { idleMs } : {}),
          ...(coalesceMs !== undefined ? { coalesceMs } : {}),
        },
      }),
  ...(values.trace ? { trace: (line: string) => process.stderr.write(`${line}\n`) } : {}),
});
printTable(rows);
