import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WATERFALL_HEADER } from '../../src/simulate/demo/format-demo-report.ts';
import {
  runSalesforceDemo,
  type SalesforceDemoResult,
} from '../../src/simulate/demo/salesforce/run-salesforce-demo.ts';

describe('npm run demo -- --crm salesforce', () => {
  let result: SalesforceDemoResult;

  it('connects through OAuth, agrees the definition, replays a month of leads and drains everything', async () => {
    const lines: string[] = [];
    result = await runSalesforceDemo({ leads: 60, seed: 7, replayMs: 3_000, progress: (l) => lines.push(l) });
    expect(lines.some((l) => l.startsWith('connected through OAuth with PKCE'))).toBe(true);
    expect(result.lifecycle.map((s) => s.status)).toEqual(['proposed', 'proposed', 'approved', 'active']);
    expect(result.inbox.dead).toBe(0);
    expect(result.inbox.waiting).toBe(0);
    expect(result.traffic.notifications).toBeGreaterThanOrEqual(result.scenario.leads);
  }, 90_000);

  it('records each card disposition once, and no more accepted leads than reps accepted', () => {
    const { scenario, quality } = result;
    // Every accept and reject the reps clicked is kept once under its own id, recorded or refused.
    expect(result.dispositions).toBe(scenario.accepted + scenario.rejected);
    // A rep's accept of a lead the active definition never qualified is refused (and audited).
    expect(result.refusedDispositions).toBeGreaterThan(0);
    expect(result.refusedDispositions).toBeLessThan(result.dispositions);
    expect(quality.accepted).toBeLessThanOrEqual(scenario.accepted);
    expect(quality.handedOff).toBeGreaterThan(0);
    const reached = result.waterfall.stages.map((s) => s.reached);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(result.waterfall.stages.find((s) => s.stage === 'sql')?.reached).toBeGreaterThan(0);
  });

  it('shows the card of a lead a rep accepted, held by that rep, with its source', () => {
    const card = result.card;
    expect(card?.timeline.map((t) => t.event)).toContain('accepted');
    expect(card?.owner.person?.name).toMatch(/\w+ \w+/);
    expect(card?.source.touchCount).toBeGreaterThan(0);
  });

  it('reads and writes Leads in bound queries and collections calls, never once per change', () => {
    const calls = result.traffic.callsByEndpoint;
    const reads = calls['GET /query'] ?? 0;
    const writes = calls['PATCH /composite/sobjects'] ?? 0;
    expect(reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);
    expect(reads + writes).toBeLessThan(result.traffic.orgChanges / 2);
    expect(result.breaches).toBeGreaterThan(0);
    // At most an owner's and a manager's task per breach, at least the manager's.
    expect(result.tasks).toBeGreaterThanOrEqual(result.breaches);
    expect(result.tasks).toBeLessThanOrEqual(2 * result.breaches);
  });

  it('runs from the command line and prints the waterfall and the Lead card', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['src/simulate/demo/main.ts', '--crm', 'salesforce', '--leads', '30', '--seed', '3'],
        { timeout: 120_000 },
        (error, out) => resolve({ code: error ? (error.code as number | null) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toContain(WATERFALL_HEADER);
    expect(stdout).toContain('Baton card on the Lead page of 00Q');
    expect(stdout).toMatch(/card dispositions\s+\d+ recorded once each/);
  }, 150_000);
});
