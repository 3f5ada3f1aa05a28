import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../../../src/crm/hubspot/backfill/backfill-progress.ts';
import type { BackfillRun } from '../../../../src/store/backfill-runs.ts';

function run(imported: number, version: number, finished = false): BackfillRun {
  const at = new Date('2026-03-02T10:00:00Z');
  return {
    tenantId: 't',
    objectType: 'contacts',
    slices: finished ? [] : [{ from: 0, to: 1 }],
    after: null,
    slicesDone: version,
    imported,
    requests: version,
    expectedTotal: 1000,
    version,
    startedAt: at,
    updatedAt: at,
    finishedAt: finished ? at : null,
  };
}

function capture(isTTY: boolean) {
  const writes: string[] = [];
  let nowMs = 0;
  return {
    writes,
    stream: { isTTY, write: (text: string) => writes.push(text) },
    clock: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('backfill progress', () => {
  it('redraws one bar in place on a terminal, at most every 100 ms, and ends its line when done', () => {
    const out = capture(true);
    const progress = createProgressReporter({ stream: out.stream, portal: '62515', clock: out.clock });
    progress.update(run(0, 1));
    out.advance(1000);
    progress.update(run(100, 2));
    out.advance(50);
    progress.update(run(200, 3));
    progress.done();

    expect(out.writes).toHaveLength(4);
    expect(out.writes.slice(0, 3).every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(out.writes[1]).toContain('10% 100/1,000 contacts · slice 3/3 · 100/s · ETA 9s');
    expect(out.writes[1]).toMatch(/\[█{2}░{22}\]/);
    // The throttled update still shows once the run is done.
    expect(out.writes[2]).toContain('20% 200/1,000 contacts');
    expect(out.writes[3]).toBe('\n');
  });

  it('prints plain lines every few seconds when stderr is not a terminal, and the final state', () => {
    const out = capture(false);
    const progress = createProgressReporter({
      stream: out.stream,
      portal: '62515',
      clock: out.clock,
      plainEveryMs: 5_000,
    });
    progress.update(run(0, 0));
    for (let step = 1; step <= 10; step += 1) {
      out.advance(1_000);
      progress.update(run(step * 100, step, step === 10));
    }
    progress.done();

    expect(out.writes).toEqual([
      'backfill portal 62515: 0% 0/1,000 contacts · slice 1/1 · 0/s\n',
      'backfill portal 62515: 50% 500/1,000 contacts · slice 6/6 · 100/s · ETA 5s\n',
      'backfill portal 62515: 100% 1,000/1,000 contacts · slice 10/10 · 100/s\n',
    ]);
  });
});
