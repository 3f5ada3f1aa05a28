/** One line of the benchmark table printed by `npm run bench`. */
export interface BenchRow {
  readonly suite: string;
  readonly case: string;
  /** Operations per second (higher is better). */
  readonly opsPerSec: number;
  /** Free-form extra measurement, e.g. `p95 0.8 ms` or `12.4x json-rules-engine`. */
  readonly note?: string;
}

export function printTable(rows: readonly BenchRow[]): void {
  const header = ['suite', 'case', 'ops/s', 'note'];
  const lines = rows.map((r) => [
    r.suite,
    r.case,
    Math.round(r.opsPerSec).toLocaleString('en-US'),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
export function measure(fn: () => void, ms = 1000): number {
  for (let i = 0; i < 200; i++) fn();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    elapsed = performance.now() - start;
  }
  return (ops * 1000) / elapsed;
}
