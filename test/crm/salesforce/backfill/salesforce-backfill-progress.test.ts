import { describe, expect, it } from 'vitest';
import { backfillSlices, encodePosition } from '../../../../src/crm/salesforce/backfill/backfill-position.ts';
import { createSalesforceProgressReporter } from '../../../../src/crm/salesforce/backfill/salesforce-backfill-progress.ts';
import type { BackfillRun } from '../../../../src/store/backfill-runs.ts';

const AT = new Date('2026-03-02T10:00:00Z');
const JOB = '7505e000004AbCdAAK';
const [LEADS, MEMBERS] = backfillSlices(AT);

function run(overrides: Partial<BackfillRun>): BackfillRun {
  return {
    tenantId: 't',
    objectType: 'Lead',
    slices: [LEADS, MEMBERS].flatMap((slice) => (slice ? [slice] : [])),
    after: null,
    slicesDone: 0,
    imported: 0,
    requests: 1,
    expectedTotal: null,
    version: 1,
    startedAt: AT,
    updatedAt: AT,
    finishedAt: null,
    ...overrides,
  };
}

const reading = (imported: number, version: number) =>
  run({
    after: encodePosition({ job: JOB, locator: 'MTAwMA', read: imported }),
    imported,
    requests: version + 4,
    expectedTotal: 2_500,
    version,
  });

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

describe('Salesforce backfill progress', () => {
  it('redraws one bar in place on a terminal, at most every 100 ms, and ends its line when done', () => {
    const out = capture(true);
    const progress = createSalesforceProgressReporter({
      stream: out.stream,
      org: '00D5e000001aBcDEAU',
      clock: out.clock,
    });
    progress.update(run({}));
    out.advance(2_000);
    progress.update(reading(1_000, 2));
    out.advance(50);
    progress.update(reading(2_000, 3));
    progress.done();

    expect(out.writes).toHaveLength(4);
    expect(out.writes.slice(0, 3).every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(out.writes[0]).toContain('0% 0 Leads · creating the Lead job · 1 request · 0/s');
    expect(out.writes[1]).toContain('40% 1,000/2,500 Leads · reading Leads · 6 requests · 500/s · ETA 3s');
    expect(
      out.writes[1]?.startsWith(`\r\x1b[2Korg 00D5e000001aBcDEAU [${'█'.repeat(10)}${'░'.repeat(14)}]`),
    ).toBe(true);
    // The throttled update still shows once the run is done.
    expect(out.writes[2]).toContain('80% 2,000/2,500 Leads');
    expect(out.writes[3]).toBe('\n');
  });

  it('prints plain lines every few seconds off a terminal, naming the job in progress', () => {
    const out = capture(false);
    const progress = createSalesforceProgressReporter({
      stream: out.stream,
      org: '00D5e000001aBcDEAU',
      clock: out.clock,
      plainEveryMs: 5_000,
    });
    const steps = [
      run({ after: encodePosition({ job: JOB, locator: null, read: 0 }), version: 2 }),
      reading(1_000, 3),
      run({
        slices: MEMBERS ? [MEMBERS] : [],
        slicesDone: 1,
        after: encodePosition({ job: JOB, locator: 'MjAwMA', read: 2_000 }),
        imported: 2_500,
        expectedTotal: 2_500,
        requests: 12,
        version: 4,
      }),
      run({
        slices: [],
        slicesDone: 2,
        imported: 2_500,
        expectedTotal: 2_500,
        requests: 14,
        version: 5,
        finishedAt: AT,
      }),
    ];
    progress.update(run({}));
    for (const step of steps) {
      out.advance(5_000);
      progress.update(step);
    }
    progress.done();

    expect(out.writes).toEqual([
      'backfill org 00D5e000001aBcDEAU: 0% 0 Leads · creating the Lead job · 1 request · 0/s\n',
      'backfill org 00D5e000001aBcDEAU: 0% 0 Leads · waiting for the Lead job · 1 request · 0/s\n',
      'backfill org 00D5e000001aBcDEAU: 40% 1,000/2,500 Leads · reading Leads · 7 requests · 100/s · ETA 15s\n',
      'backfill org 00D5e000001aBcDEAU: 100% 2,500/2,500 Leads · 2,000 campaign members read · 12 requests · 167/s\n',
      'backfill org 00D5e000001aBcDEAU: 100% 2,500/2,500 Leads · done · 14 requests · 125/s\n',
    ]);
  });
});
