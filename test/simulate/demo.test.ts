import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WATERFALL_HEADER } from '../../src/simulate/demo/format-demo-report.ts';
import { type DemoResult, runDemo } from '../../src/simulate/demo/run-demo.ts';

describe('npm run demo', () => {
  let result: DemoResult;

  it('installs, agrees the definition, replays a scenario and drains everything', async () => {
    const lines: string[] = [];
    result = await runDemo({ contacts: 40, seed: 7, replayMs: 3_000, progress: (l) => lines.push(l) });
    expect(lines.some((l) => l.startsWith('installed through OAuth'))).toBe(true);
    expect(result.lifecycle.map((s) => [s.action, s.status])).toEqual([
      ['proposed', 'proposed'],
      ['approved by marketing', 'proposed'],
      ['approved by sales', 'approved'],
      ['activated', 'active'],
    ]);
    expect(result.inbox.dead).toBe(0);
    expect(result.inbox.waiting).toBe(0);
    // Echoes of Baton's own writes are acknowledged without being stored; everything else is worked.
    expect(result.inbox.done).toBeGreaterThan(result.scenario.contacts);
    expect(existsSync(result.dataDir)).toBe(false);
  }, 60_000);

  it('counts every contact left in the portal in the waterfall, and no more hand-offs than happened', () => {
    const [inquiry] = result.waterfall.stages;
    expect(inquiry?.reached).toBe(result.contactsInPortal);
    const { milestones } = result.scenario;
    const { quality } = result;
    expect(quality.accepted).toBeGreaterThan(0);
    expect(quality.accepted).toBeLessThanOrEqual(milestones.accepted);
    expect(quality.accepted).toBeLessThanOrEqual(quality.qualified);
    expect(quality.wastageRate).toBeCloseTo((quality.qualified - quality.accepted) / quality.qualified, 4);
    const reached = result.waterfall.stages.map((s) => s.reached);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
  });

  it('shows the card of a lead sales accepted, held by a sales owner, with a verdict', () => {
    const card = result.card;
    expect(card?.timeline.map((t) => t.event)).toContain('accepted');
    expect(card?.owner.function?.key).toBe('sales');
    expect(card?.owner.person?.name).toMatch(/\w+ \w+/);
    // The verdict it was judged by when it was handed off, not a re-judgement of today's record.
    expect(card?.qualification.basis).toBe('definition');
    expect(card?.qualification.judgedBy).toMatchObject({ definitionKey: 'mql', frozenAt: 'handed_off' });
    expect(card?.source.touchCount).toBeGreaterThan(0);
  });

  it("turns a month's unanswered hand-offs into breaches, each with a task for the owner and one for the manager", () => {
    // A 30-day replay leaves some MQLs past their 48 h accept-or-reject target.
    expect(result.sla.breaches).toBeGreaterThan(0);
    expect(result.sla.tasks).toBeGreaterThan(0);
    // Unowned leads have no owner to notify: at most two tasks per breach, at least the manager's.
    expect(result.sla.tasks).toBeLessThanOrEqual(2 * result.sla.breaches);
    expect(result.sla.tasks).toBeGreaterThanOrEqual(result.sla.breaches);
  });

  it('reads and writes contacts in batches, never once per change', () => {
    const { traffic } = result;
    expect(traffic.batonWrites).toBeGreaterThan(0);
    expect(traffic.contactApiCalls).toBeGreaterThan(0);
    expect(traffic.contactApiCalls).toBeLessThan(traffic.portalChanges / 2);
  });

  it('runs from the command line and prints the waterfall', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['src/simulate/demo/main.ts', '--contacts', '30', '--seed', '3'],
        { timeout: 120_000 },
        (error, out) => resolve({ code: error ? (error.code as number | null) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toContain(WATERFALL_HEADER);
    expect(stdout).toContain('Sidebar card of contact');
    expect(stdout).toContain('Tab card: hand-off timeline');
    expect(stdout).toMatch(/SLA breaches\s+\d+ recorded; \d+ HubSpot tasks/);
  }, 150_000);
});
