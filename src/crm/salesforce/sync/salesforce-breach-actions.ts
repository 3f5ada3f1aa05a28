import type { BreachStepOutcome, BreachStepToRun, CrmBreachActions } from '../../../pipeline/crm-port.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { groupLeadStatuses } from '../defaults/lead-status-mapping.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import type { SalesforceLeadsPort } from './salesforce-leads-port.ts';

export const SALESFORCE_BREACH_ACTION = 'salesforce_breach_action';

/** The line in a Task's description that marks it as this step's, so a retry finds it instead of creating another. */
export function taskMark(key: string): string {
  return `[Baton SLA ${key}]`;
}

/**
 * SLA breach steps in a Salesforce org, with the `api` scope Baton holds:
 * - notify: a High-priority Task on the Lead for the owner or the manager, due today;
 * - reassign: the Lead's owner set to the queue's next rep;
 * - return to marketing: the Lead's status set to the org's first status before its default one
 *   (marketing's nurture statuses, read from `LeadStatus`). An org with no such status keeps the
 *   Lead where it is, and the step says why: Baton does not invent a status.
 */
export function createSalesforceBreachActions(leads: SalesforceLeadsPort): CrmBreachActions {
  return {
    kind: SALESFORCE_BREACH_ACTION,
    async run(tenant, steps, now) {
      const onLeads = steps.filter((s) => s.record.objectType === LEAD);
      const outcomes: BreachStepOutcome[] = steps
        .filter((s) => s.record.objectType !== LEAD)
        .map((s) => ({
          key: s.key,
          done: false,
          detail: `Baton acts on Salesforce Leads, not ${s.record.objectType}`,
        }));
      outcomes.push(
        ...(await notify(leads, tenant, onLeads, now)),
        ...(await reassign(leads, tenant, onLeads)),
        ...(await returnToMarketing(leads, tenant, onLeads)),
      );
      return outcomes;
    },
  };
}

async function notify(
  leads: SalesforceLeadsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
  now: Date,
): Promise<BreachStepOutcome[]> {
  const notices = steps.flatMap((s) => (s.step.kind === 'notify' ? [{ ...s, step: s.step }] : []));
  if (notices.length === 0) return [];
  const retried = notices.filter((n) => n.retried);
  const existing =
    retried.length === 0
      ? []
      : await leads.tasksOfLeads(tenant.id, [...new Set(retried.map((r) => r.record.recordId))]);
  const outcomes: BreachStepOutcome[] = [];
  const toCreate = [];
  for (const notice of notices) {
    const mark = taskMark(notice.key);
    const earlier = existing.find((task) => task.description.includes(mark));
    if (earlier)
      outcomes.push({
        key: notice.key,
        done: true,
        detail: `task ${earlier.id} (created by an earlier try)`,
      });
    else
      toCreate.push({
        mark,
        leadId: notice.record.recordId,
        ownerId: notice.step.assignee,
        subject: notice.notice.subject,
        description: `${notice.notice.body}\n\n${mark}`,
        dueDate: now.toISOString().slice(0, 10),
      });
  }
  if (toCreate.length === 0) return outcomes;
  const { created, rejected } = await leads.createTasks(tenant.id, toCreate);
  for (const notice of notices) {
    const mark = taskMark(notice.key);
    const taskId = created.get(mark);
    if (taskId)
      outcomes.push({ key: notice.key, done: true, detail: `task ${taskId} for ${notice.step.assignee}` });
    const refusal = rejected.get(mark);
    if (refusal) outcomes.push({ key: notice.key, done: false, detail: refusal });
  }
  return outcomes;
}

async function reassign(
  leads: SalesforceLeadsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
): Promise<BreachStepOutcome[]> {
  const moves = steps.flatMap((s) => (s.step.kind === 'reassign' ? [{ ...s, step: s.step }] : []));
  if (moves.length === 0) return [];
  // Setting an owner is idempotent: a retry sets the same owner again.
  const { rejected } = await leads.updateLeads(
    tenant.id,
    moves.map((m) => ({ id: m.record.recordId, fields: { OwnerId: m.step.ownerId } })),
  );
  const refused = new Map(rejected.map((r) => [r.id, `${r.code}: ${r.message}`]));
  return moves.map((m) => {
    const refusal = refused.get(m.record.recordId);
    return refusal
      ? { key: m.key, done: false, detail: refusal }
      : { key: m.key, done: true, detail: `owner ${m.step.ownerId} from queue "${m.step.queue}"` };
  });
}

async function returnToMarketing(
  leads: SalesforceLeadsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
): Promise<BreachStepOutcome[]> {
  const returns = steps.filter((s) => s.step.kind === 'return_to_marketing');
  if (returns.length === 0) return [];
  const [nurture] = groupLeadStatuses(await leads.leadStatuses(tenant.id)).nurture;
  if (nurture === undefined) {
    return returns.map((r) => ({
      key: r.key,
      done: false,
      detail: 'the org has no Lead status before its default one to return the lead to; add a nurture status',
    }));
  }
  const { rejected } = await leads.updateLeads(
    tenant.id,
    returns.map((r) => ({ id: r.record.recordId, fields: { Status: nurture } })),
  );
  const refused = new Map(rejected.map((r) => [r.id, `${r.code}: ${r.message}`]));
  return returns.map((r) => {
    const refusal = refused.get(r.record.recordId);
    return refusal
      ? { key: r.key, done: false, detail: refusal }
      : { key: r.key, done: true, detail: `status back to ${nurture}` };
  });
}
