import { describe, expect, it } from 'vitest';
import type { LeadStatusValue } from '../../../../src/crm/salesforce/defaults/lead-status-mapping.ts';
import {
  createSalesforceBreachActions,
  taskMark,
} from '../../../../src/crm/salesforce/sync/salesforce-breach-actions.ts';
import type {
  LeadUpdate,
  NewLeadTask,
  SalesforceLeadsPort,
} from '../../../../src/crm/salesforce/sync/salesforce-leads-port.ts';
import type { BreachStepToRun } from '../../../../src/pipeline/crm-port.ts';
import type { Tenant } from '../../../../src/store/tenants.ts';

const TENANT = { id: 't1' } as Tenant;
const LEAD = '00Q000000000001AAA';
const status = (
  apiName: string,
  sortOrder: number,
  flags: Partial<LeadStatusValue> = {},
): LeadStatusValue => ({
  apiName,
  label: apiName,
  sortOrder,
  isDefault: false,
  isConverted: false,
  ...flags,
});

/** An org that answers the breach steps' calls and remembers them. */
function org(
  statuses: readonly LeadStatusValue[],
  existingTasks: readonly { id: string; description: string }[] = [],
) {
  const updates: LeadUpdate[] = [];
  const created: NewLeadTask[] = [];
  const port = {
    async updateLeads(_t: string, u: readonly LeadUpdate[]) {
      updates.push(...u);
      return { rejected: [] };
    },
    async createTasks(_t: string, tasks: readonly NewLeadTask[]) {
      created.push(...tasks);
      return {
        created: new Map(tasks.map((t, i) => [t.mark, `00T00000000000${i}AAA`])),
        rejected: new Map(),
      };
    },
    async tasksOfLeads() {
      return existingTasks;
    },
    async leadStatuses() {
      return statuses;
    },
  } as unknown as SalesforceLeadsPort;
  return { port, updates, created };
}

const step = (key: string, s: BreachStepToRun['step'], retried = false): BreachStepToRun => ({
  key,
  record: { objectType: 'Lead', recordId: LEAD },
  step: s,
  notice: { subject: 'SLA breached', body: 'Answer this lead' },
  retried,
});

describe('Salesforce breach actions', () => {
  it('returns a lead to the org’s first status before its default one, never an invented one', async () => {
    const nurturing = org([
      status('Nurture', 1),
      status('Open', 2, { isDefault: true }),
      status('Won', 3, { isConverted: true }),
    ]);
    const [outcome] = await createSalesforceBreachActions(nurturing.port).run(
      TENANT,
      [step('k1', { kind: 'return_to_marketing' })],
      new Date(),
    );
    expect(outcome).toEqual({ key: 'k1', done: true, detail: 'status back to Nurture' });
    expect(nurturing.updates).toEqual([{ id: LEAD, fields: { Status: 'Nurture' } }]);

    const plain = org([status('Open', 1, { isDefault: true }), status('Won', 2, { isConverted: true })]);
    const [refused] = await createSalesforceBreachActions(plain.port).run(
      TENANT,
      [step('k2', { kind: 'return_to_marketing' })],
      new Date(),
    );
    expect(refused?.done).toBe(false);
    expect(plain.updates).toEqual([]);
  });

  it('on a retry finds the task an earlier try created by its mark, and creates only the missing one', async () => {
    const earlier = {
      id: '00T000000000009AAA',
      description: `Answer this lead\n\n${taskMark('owner-step')}`,
    };
    const retrying = org([], [earlier]);
    const outcomes = await createSalesforceBreachActions(retrying.port).run(
      TENANT,
      [
        step('owner-step', { kind: 'notify', target: 'owner', assignee: '005000000000001AAA' }, true),
        step('manager-step', { kind: 'notify', target: 'manager', assignee: '005000000000002AAA' }, true),
      ],
      new Date('2026-12-03T10:00:00Z'),
    );
    expect(outcomes.map((o) => [o.key, o.done])).toEqual([
      ['owner-step', true],
      ['manager-step', true],
    ]);
    expect(outcomes[0]?.detail).toContain('earlier try');
    expect(retrying.created).toEqual([
      {
        mark: taskMark('manager-step'),
        leadId: LEAD,
        ownerId: '005000000000002AAA',
        subject: 'SLA breached',
        description: `Answer this lead\n\n${taskMark('manager-step')}`,
        dueDate: '2026-12-03',
      },
    ]);
  });

  it('reassigns by setting the Lead’s owner to the queue’s next rep', async () => {
    const moving = org([]);
    const [outcome] = await createSalesforceBreachActions(moving.port).run(
      TENANT,
      [step('k3', { kind: 'reassign', queue: 'inbound', ownerId: '005000000000003AAA' })],
      new Date(),
    );
    expect(outcome?.done).toBe(true);
    expect(moving.updates).toEqual([{ id: LEAD, fields: { OwnerId: '005000000000003AAA' } }]);
  });
});
