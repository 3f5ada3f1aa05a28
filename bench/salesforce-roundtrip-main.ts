import { parseArgs } from 'node:util';
import type { WorkerTuning } from '../src/worker/worker-loop.ts';
import { benchSalesforceRoundtrip } from './salesforce-roundtrip.ts';
import { printTable } from './table.ts';

/**
 * `npm run bench:salesforce-roundtrip -- [postgres://…] [--rate N] [--seconds N] [--warmup-seconds N] [--burst N] [--records-per-claim N] [--poll-ms N] [--max-wait-ms N] [--trace]`:
 * the Outbound Message → collections write-back benchmark, on embedded PGlite and, given a URL or
 * BATON_BENCH_DATABASE_URL (or DATABASE_URL), on a throw-away database of that server too. Without
 * a worker knob it measures the worker as `npm start` runs it and with a 1.5 s wait.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rate: { type: 'string' },
    seconds: { type: 'string' },
    'warmup-seconds': { type: 'string' },
    burst: { type: 'string' },
    'records-per-claim': { type: 'string' },
    'poll-ms': { type: 'string' },
    'max-wait-ms': { type: 'string' },
    trace: { type: 'boolean' },
  },
});

function number(name: string, value: string | undefined, least: 0 | 'above 0' = 0): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || (least === 'above 0' && parsed === 0)) {
    process.stderr.write(
      `--${name} takes a number ${least === 0 ? 'of 0 or more' : 'above 0'}, not "${value}"\n`,
    );
    process.exit(2);
  }
  return parsed;
}

const tuning: Record<keyof WorkerTuning, number | undefined> = {
  recordsPerClaim: number('records-per-claim', values['records-per-claim']),
  pollMs: number('poll-ms', values['poll-ms']),
  maxWaitMs: number('max-wait-ms', values['max-wait-ms']),
};
const worker: WorkerTuning = Object.fromEntries(Object.entries(tuning).filter(([, v]) => v !== undefined));
const rate = number('rate', values.rate, 'above 0');
const seconds = number('seconds', values.seconds, 'above 0');
const warmupSeconds = number('warmup-seconds', values['warmup-seconds']);
const burst = number('burst', values.burst);
const rows = await benchSalesforceRoundtrip({
  databaseUrl:
    positionals[0] || process.env.BATON_BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined,
  ...(rate === undefined ? {} : { ratePerSec: rate }),
  ...(seconds === undefined ? {} : { durationMs: seconds * 1000 }),
  ...(warmupSeconds === undefined ? {} : { warmupMs: warmupSeconds * 1000 }),
  ...(burst === undefined ? {} : { burst }),
  ...(Object.keys(worker).length === 0 ? {} : { worker }),
  ...(values.trace ? { trace: (line: string) => process.stderr.write(`${line}\n`) } : {}),
});
printTable(rows);
