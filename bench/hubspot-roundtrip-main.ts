import { parseArgs } from 'node:util';
import type { WorkerTuning } from '../src/worker/worker-loop.ts';
import { benchHubSpotRoundtrip } from './hubspot-roundtrip.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench:roundtrip -- [--rate N] [--properties N] [--seconds N] [--warmup-seconds N] [--records-per-claim N] [--poll-ms N] [--max-wait-ms N] [--trace]`:
 * the round-trip benchmark alone, with the worker's knobs exposed for profiling. Uses
 * BATON_BENCH_DATABASE_URL (or DATABASE_URL) like `npm run bench`.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string' },
    properties: { type: 'string' },
    seconds: { type: 'string' },
    'warmup-seconds': { type: 'string' },
    'records-per-claim': { type: 'string' },
    'poll-ms': { type: 'string' },
    'max-wait-ms': { type: 'string' },
    trace: { type: 'boolean' },
  },
});
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const tuning: Record<keyof WorkerTuning, number | undefined> = {
  recordsPerClaim: number(values['records-per-claim']),
  pollMs: number(values['poll-ms']),
  maxWaitMs: number(values['max-wait-ms']),
};
const worker: WorkerTuning = Object.fromEntries(Object.entries(tuning).filter(([, v]) => v !== undefined));
const seconds = number(values.seconds);
const warmupSeconds = number(values['warmup-seconds']);
const rows = await benchHubSpotRoundtrip({
  databaseUrl: process.env.BATON_BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined,
  ...(values.rate === undefined ? {} : { ratePerSec: Number(values.rate) }),
  ...(values.properties === undefined ? {} : { propertiesPerChange: Number(values.properties) }),
  ...(seconds === undefined ? {} : { durationMs: seconds * 1000 }),
  ...(warmupSeconds === undefined ? {} : { warmupMs: warmupSeconds * 1000 }),
  ...(Object.keys(worker).length === 0 ? {} : { worker }),
  ...(values.trace ? { trace: (line: string) => process.stderr.write(`${line}\n`) } : {}),
});
printTable(rows);
