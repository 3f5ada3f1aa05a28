import type { BreachStepOutcome, BreachStepToRun, CrmBreachActions } from '../../../pipeline/crm-port.ts';
import type { Db } from '../../../store/database.ts';
import { getSnapshots } from '../../../store/snapshots.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { LEAD_ID_PROPERTY } from '../hubspot-leads.ts';
import type { HubSpotRecordsPort } from './hubspot-records-port.ts';

export const HUBSPOT_BREACH_ACTION = 'hubspot_breach_action';

const CONTACTS = 'contacts';
/** Where a contact returned to marketing lands: HubSpot's lead stage, before marketing qualifies it again. */
const MARKETING_LIFECYCLE_STAGE = 'lead';

/** The line in a task's body that marks it as this step's, so a retry finds it instead of creating another. */
export function taskMark(key: string): string {
  return `[Baton SLA ${key}]`;
}

/**
 * SLA breach steps in a HubSpot portal, with the contacts scope Baton already holds (tasks need
 * `crm.objects.contacts.write`, nothing more):
 * - notify: a HIGH-priority to-do task for the owner or manager, on the contact;
 * - reassign: the contact's owner, and the owner of its Lead when it has one;
 * - return to marketing: lifecycle stage back to `lead` (cleared first: HubSpot moves it only
 *   forward otherwise) and lead status cleared. A contact whose Lead object is still open in
 *   sales' workspace stays where it is: closing that Lead would read as sales disqualifying it.
 */
export function createHubSpotBreachActions(deps: { db: Db; records: HubSpotRecordsPort }): CrmBreachActions {
  return {
    kind: HUBSPOT_BREACH_ACTION,
    async run(tenant, steps, now) {
      const ofContacts = steps.filter((s) => s.record.objectType === CONTACTS);
      const outcomes: BreachStepOutcome[] = steps
        .filter((s) => s.record.objectType !== CONTACTS)
        .map((s) => ({
          key: s.key,
          done: false,
          detail: `Baton acts on HubSpot contacts, not ${s.record.objectType}`,
        }));
      const snapshots = await getSnapshots(
        deps.db,
        tenant.id,
        CONTACTS,
        ofContacts.map((s) => s.record.recordId),
      );
      const leadOf = new Map(
        snapshots.flatMap((s) => {
          const leadId = s.properties[LEAD_ID_PROPERTY];
          return leadId ? [[s.recordId, leadId] as const] : [];
        }),
      );
      outcomes.push(
        ...(await notify(deps.records, tenant, ofContacts, now)),
        ...(await reassign(deps.records, tenant, ofContacts, leadOf)),
        ...(await returnToMarketing(deps.records, tenant, ofContacts, leadOf)),
      );
      return outcomes;
    },
  };
}

async function notify(
  records: HubSpotRecordsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
  now: Date,
): Promise<BreachStepOutcome[]> {
  const notices = steps.flatMap((s) => (s.step.kind === 'notify' ? [{ ...s, step: s.step }] : []));
  if (notices.length === 0) return [];
  const existing = await tasksAlreadyCreated(
    records,
    tenant,
    notices.filter((n) => n.retried),
  );
  const outcomes: BreachStepOutcome[] = [];
  const toCreate = [];
  for (const notice of notices) {
    const taskId = existing.get(taskMark(notice.key));
    if (taskId)
      outcomes.push({ key: notice.key, done: true, detail: `task ${taskId} (created by an earlier try)` });
    else
      toCreate.push({
        mark: taskMark(notice.key),
        contactId: notice.record.recordId,
        ownerId: notice.step.assignee,
        subject: notice.notice.subject,
        body: `${notice.notice.body}\n\n${taskMark(notice.key)}`,
        dueAt: now,
      });
  }
  if (toCreate.length === 0) return outcomes;
  const { created, rejected } = await records.createTasks(tenant.id, toCreate);
  for (const notice of notices) {
    const mark = taskMark(notice.key);
    const taskId = created.get(mark);
    if (taskId)
      outcomes.push({
        key: notice.key,
        done: true,
        detail: `task ${taskId} for owner ${notice.step.assignee}`,
      });
    const refusal = rejected.get(mark);
    if (refusal) outcomes.push({ key: notice.key, done: false, detail: refusal });
  }
  return outcomes;
}

/**
 * Tasks an interrupted earlier try created: the contacts' tasks (associations are read as
 * written, unlike search, which lags) whose body carries a step's mark. By mark, the task's id.
 */
async function tasksAlreadyCreated(
  records: HubSpotRecordsPort,
  tenant: Tenant,
  retried: readonly BreachStepToRun[],
): Promise<Map<string, string>> {
  if (retried.length === 0) return new Map();
  const tasksOf = await records.tasksOfContacts(
    tenant.id,
    retried.map((r) => r.record.recordId),
  );
  const tasks = await records.readTasks(tenant.id, [...tasksOf.values()].flat(), ['hs_task_body']);
  const marks = retried.map((r) => taskMark(r.key));
  const found = new Map<string, string>();
  for (const [id, task] of tasks) {
    const body = task.properties.hs_task_body ?? '';
    for (const mark of marks) if (body.includes(mark)) found.set(mark, id);
  }
  return found;
}

async function reassign(
  records: HubSpotRecordsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
  leadOf: ReadonlyMap<string, string>,
): Promise<BreachStepOutcome[]> {
  const moves = steps.flatMap((s) => (s.step.kind === 'reassign' ? [{ ...s, step: s.step }] : []));
  if (moves.length === 0) return [];
  // Setting an owner is idempotent: a retry sets the same owner again.
  const owner = (m: (typeof moves)[number]) => ({ hubspot_owner_id: m.step.ownerId });
  const [contacts, leads] = await Promise.all([
    records.updateContacts(
      tenant.id,
      moves.map((m) => ({ id: m.record.recordId, properties: owner(m) })),
    ),
    records.updateLeads(
      tenant.id,
      moves.flatMap((m) => {
        const leadId = leadOf.get(m.record.recordId);
        return leadId ? [{ id: leadId, properties: owner(m) }] : [];
      }),
    ),
  ]);
  const refusedContact = new Map(contacts.rejected.map((r) => [r.id, r.message]));
  const refusedLead = new Map(leads.rejected.map((r) => [r.id, r.message]));
  return moves.map((m) => {
    const leadId = leadOf.get(m.record.recordId);
    const refusal = refusedContact.get(m.record.recordId) ?? (leadId ? refusedLead.get(leadId) : undefined);
    return refusal
      ? { key: m.key, done: false, detail: refusal }
      : { key: m.key, done: true, detail: `owner ${m.step.ownerId} from queue "${m.step.queue}"` };
  });
}

async function returnToMarketing(
  records: HubSpotRecordsPort,
  tenant: Tenant,
  steps: readonly BreachStepToRun[],
  leadOf: ReadonlyMap<string, string>,
): Promise<BreachStepOutcome[]> {
  const returns = steps.filter((s) => s.step.kind === 'return_to_marketing');
  const outcomes: BreachStepOutcome[] = [];
  const movable = [];
  for (const r of returns) {
    const leadId = leadOf.get(r.record.recordId);
    if (leadId)
      outcomes.push({
        key: r.key,
        done: false,
        detail: `the contact's Lead ${leadId} is open in sales' workspace; close it there to return the contact`,
      });
    else movable.push(r);
  }
  if (movable.length === 0) return outcomes;
  const ids = movable.map((r) => r.record.recordId);
  // HubSpot moves a lifecycle stage only forward unless it is cleared first: two writes.
  const cleared = await records.updateContacts(
    tenant.id,
    ids.map((id) => ({ id, properties: { lifecyclestage: '' } })),
  );
  const refused = new Map(cleared.rejected.map((r) => [r.id, r.message]));
  const placed = await records.updateContacts(
    tenant.id,
    ids
      .filter((id) => !refused.has(id))
      .map((id) => ({ id, properties: { lifecyclestage: MARKETING_LIFECYCLE_STAGE, hs_lead_status: '' } })),
  );
  for (const r of placed.rejected) refused.set(r.id, r.message);
  for (const r of movable) {
    const refusal = refused.get(r.record.recordId);
    outcomes.push(
      refusal
        ? { key: r.key, done: false, detail: refusal }
        : { key: r.key, done: true, detail: `lifecycle stage back to ${MARKETING_LIFECYCLE_STAGE}` },
    );
  }
  return outcomes;
}
