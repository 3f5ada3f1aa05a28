import {
  AssociationSpecAssociationCategoryEnum,
  type BatchResponseSimplePublicObject,
  type BatchResponseSimplePublicObjectWithErrors,
} from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { UpstreamUnavailableError } from '../../../errors.ts';
import { inBatches } from '../../../store/batches.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import { HUBSPOT_BATCH_SIZE } from './hubspot-records.ts';
import { isHubSpotRejection, readHubSpotErrorBody } from './hubspot-rejection.ts';

/** HubSpot's association type for a task's contact. */
export const TASK_TO_CONTACT = 204;

export interface NewTask {
  /** Baton's mark for the task, carried in its body, to find it again after an interrupted call. */
  readonly mark: string;
  readonly contactId: string;
  readonly ownerId: string;
  readonly subject: string;
  readonly body: string;
  readonly dueAt: Date;
}

export interface TasksCreated {
  /** Each created task's id by its mark. */
  readonly created: ReadonlyMap<string, string>;
  /** Marks of tasks HubSpot refused, with its reason. */
  readonly rejected: ReadonlyMap<string, string>;
}

/**
 * Creates tasks in one call per 100, each assigned to an owner and associated with its contact.
 * Results may come back in any order, so each is matched to its input by the mark in its body. A
 * batch HubSpot refuses as a whole (a 400 for an owner it does not know) refuses each of its tasks.
 */
export async function batchCreateTasks(
  http: HubSpotHttp,
  tenantId: string,
  tasks: readonly NewTask[],
): Promise<TasksCreated> {
  const operation = 'POST /crm/v3/objects/tasks/batch/create';
  const created = new Map<string, string>();
  const rejected = new Map<string, string>();
  for (const call of inBatches(tasks, HUBSPOT_BATCH_SIZE)) {
    const inputs = call.map((task) => ({
      properties: {
        hs_timestamp: task.dueAt.toISOString(),
        hs_task_subject: task.subject,
        hs_task_body: task.body,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: task.ownerId,
      },
      associations: [
        {
          to: { id: task.contactId },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: TASK_TO_CONTACT,
            },
          ],
        },
      ],
    }));
    let answer: BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors;
    try {
      answer = await http.call(tenantId, operation, (sdk, options) =>
        sdk.tasks.batchApi.create({ inputs }, options),
      );
    } catch (error) {
      if (!isHubSpotRejection(error, 400, 404, 409, 422)) throw error;
      for (const task of call) rejected.set(task.mark, `${error.category}: ${error.hubSpotMessage}`);
      continue;
    }
    if (!Array.isArray(answer.results))
      throw new UpstreamUnavailableError(`HubSpot answered ${operation} with an unexpected body`);
    // By mark first; a result without its body (HubSpot answers the properties it was sent, but
    // does not promise to) pairs with the next unmatched input, in the order HubSpot answered.
    const unmatched = [...call];
    const bodiless = [];
    for (const result of answer.results) {
      const task = unmatched.find((t) => result.properties?.hs_task_body?.includes(t.mark));
      if (task) {
        created.set(task.mark, result.id);
        unmatched.splice(unmatched.indexOf(task), 1);
      } else if (!result.properties?.hs_task_body) bodiless.push(result.id);
    }
    for (const [i, id] of bodiless.entries()) {
      const task = unmatched[i];
      if (task) created.set(task.mark, id);
    }
    const errors =
      'errors' in answer && Array.isArray(answer.errors) ? answer.errors.map(readHubSpotErrorBody) : [];
    const reason = errors[0] ? `${errors[0].category}: ${errors[0].message}` : 'HubSpot created no task';
    for (const task of call) if (!created.has(task.mark)) rejected.set(task.mark, reason);
  }
  return { created, rejected };
}
