import { describe, expect, it } from 'vitest';
import type { CardSla } from '../../../src/core/card/card-view.ts';
import {
  type BreachRouting,
  breachNotice,
  planBreachActions,
  slaTurnEntries,
} from '../../../src/core/sla/breach-actions.ts';

const routing: BreachRouting = {
  queues: { inside: ['ann', 'bob', 'cy'], solo: ['queue-1'] },
  managers: { ann: 'mia', bob: 'max' },
  defaultManager: 'vp',
};

const sla = (state: CardSla['state']): CardSla => ({
  stage: 'mql',
  state,
  clock: 'calendar',
  startedAt: 1_000,
  atRiskAt: 2_000,
  dueAt: 3_000,
  targetLabel: '48 h',
  remainingLabel: '0 min left',
  reason: 'Not answered; the 48 h calendar target ran out 2 h ago',
});

describe('breach action plan', () => {
  it("notifies the owner and the owner's manager, falling back to the default manager", () => {
    const notify = [
      { kind: 'notify', target: 'owner' },
      { kind: 'notify', target: 'manager' },
    ] as const;
    expect(planBreachActions(notify, 'ann', routing, {}).steps).toEqual([
      { kind: 'notify', target: 'owner', assignee: 'ann' },
      { kind: 'notify', target: 'manager', assignee: 'mia' },
    ]);
    expect(planBreachActions(notify, 'cy', routing, {}).steps[1]).toEqual({
      kind: 'notify',
      target: 'manager',
      assignee: 'vp',
    });
  });

  it('skips what the routing cannot carry out and says why', () => {
    const none: BreachRouting = { queues: {}, managers: {}, defaultManager: null };
    const plan = planBreachActions(
      [
        { kind: 'notify', target: 'owner' },
        { kind: 'notify', target: 'manager' },
        { kind: 'reassign', queue: 'inside' },
      ],
      null,
      none,
      {},
    );
    expect(plan.steps.map((s) => (s.kind === 'skipped' ? s.reason : s.kind))).toEqual([
      'the lead has no owner to notify',
      'no manager is set for unowned leads',
      'queue "inside" has no members',
    ]);
    expect(plan.positions).toEqual({});
  });

  it('hands leads round the queue in turn, passing over the rep who let the clock run out', () => {
    const reassign = [{ kind: 'reassign', queue: 'inside' }] as const;
    let positions: Record<string, number> = {};
    const picks: string[] = [];
    for (const owner of ['zed', 'bob', 'zed', 'zed']) {
      const plan = planBreachActions(reassign, owner, routing, positions);
      positions = { ...plan.positions };
      const [step] = plan.steps;
      if (step?.kind === 'reassign') picks.push(step.ownerId);
    }
    // ann (0), bob is the holder so cy (2), then wrapping round: ann (3 % 3), bob (4 % 3).
    expect(picks).toEqual(['ann', 'cy', 'ann', 'bob']);
    expect(positions).toEqual({ inside: 5 });
  });

  it('gives a one-member queue the lead even when it holds it already, and notifies the new holder', () => {
    const plan = planBreachActions(
      [
        { kind: 'reassign', queue: 'solo' },
        { kind: 'notify', target: 'owner' },
        { kind: 'return_to_marketing' },
      ],
      'queue-1',
      routing,
      { solo: 7 },
    );
    expect(plan.steps).toEqual([
      { kind: 'reassign', queue: 'solo', ownerId: 'queue-1' },
      { kind: 'notify', target: 'owner', assignee: 'queue-1' },
      { kind: 'return_to_marketing' },
    ]);
    expect(plan.positions).toEqual({ solo: 8 });
  });
});

describe('SLA turns in the ledger', () => {
  const owner = { ownerFunction: 'sales', ownerPerson: 'ann' };

  it('records a breached clock as at risk and breached, at the instants they happened', () => {
    expect(slaTurnEntries('7', sla('breached'), owner)).toEqual([
      {
        kind: 'sla_state_changed',
        recordId: '7',
        occurredAt: 2_000,
        dedupeKey: 'sla:mql:1000:at_risk',
        stage: 'mql',
        slaState: 'at_risk',
        ...owner,
      },
      {
        kind: 'sla_state_changed',
        recordId: '7',
        occurredAt: 3_000,
        dedupeKey: 'sla:mql:1000:breached',
        stage: 'mql',
        slaState: 'breached',
        ...owner,
      },
    ]);
  });

  it('records only the turns a running clock took', () => {
    expect(slaTurnEntries('7', sla('at_risk'), owner).map((e) => e.slaState)).toEqual(['at_risk']);
    for (const state of ['on_track', 'met', 'met_late'] as const)
      expect(slaTurnEntries('7', sla(state), owner)).toEqual([]);
  });

  it('keys a later visit of the same stage apart from the first', () => {
    const again = { ...sla('breached'), startedAt: 9_000 };
    expect(slaTurnEntries('7', again, owner)[1]?.dedupeKey).toBe('sla:mql:9000:breached');
  });
});

describe('breach notice', () => {
  it('names the lead, stage and target, and asks the owner and the manager for different things', () => {
    const owner = breachNotice({
      recordLabel: 'lead 7',
      stageLabel: 'MQL',
      sla: sla('breached'),
      target: 'owner',
    });
    expect(owner.subject).toBe('SLA breached: lead 7 in MQL (48 h)');
    expect(owner.body).toMatch(/^Not answered; the 48 h calendar target ran out 2 h ago\. Accept or reject/);
    const manager = breachNotice({
      recordLabel: 'lead 7',
      stageLabel: 'MQL',
      sla: sla('breached'),
      target: 'manager',
    });
    expect(manager.body).toMatch(/follow up or reassign it/);
  });
});
