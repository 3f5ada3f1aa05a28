import { Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import type { ContactStore } from './contact-store.ts';
import { sendBatchAnswer, sendHubSpotError, standardError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';
import type { ContractMiddleware } from './request-contract.ts';

const BATCH_LIMIT = 100;
/** HubSpot's association type for a task's contact. */
const TASK_TO_CONTACT = 204;
/** The task properties HubSpot requires on create. */
const REQUIRED = ['hs_timestamp'];

export interface StandInTask {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly contactIds: readonly string[];
  readonly createdAt: number;
}

const createSchema = z.object({
  inputs: z.array(
    z.object({
      properties: z.record(z.string(), z.coerce.string()),
      associations: z
        .array(
          z.object({
            to: z.object({ id: z.coerce.string() }),
            types: z.array(
              z.object({ associationCategory: z.string(), associationTypeId: z.number().int() }),
            ),
          }),
        )
        .default([]),
    }),
  ),
});

const readSchema = z.object({
  inputs: z.array(z.object({ id: z.coerce.string() })),
  properties: z.array(z.string()).default([]),
});

/**
 * The tasks API Baton's SLA breach actions use: batch create with a contact association, batch
 * read, and the contacts → tasks associations. Owners must exist and the contact must too, as in
 * HubSpot; creating needs the contacts write scope (HubSpot's tasks API asks for no other).
 */
export function taskRoutes(options: {
  readonly install: OAuthInstall;
  readonly contacts: ContactStore;
  readonly isOwner: (id: string) => boolean;
  readonly contract: ContractMiddleware;
  readonly clock: () => Date;
}): { readonly router: Router; tasks(): StandInTask[] } {
  const { install, contacts, contract } = options;
  const tasks = new Map<string, StandInTask>();
  let nextId = 9_000_000;
  const stamp = () => options.clock().toISOString();
  const resource = (task: StandInTask, names?: readonly string[]) => ({
    id: task.id,
    properties: names
      ? Object.fromEntries([...names, 'hs_object_id'].map((n) => [n, task.properties[n] ?? null]))
      : { ...task.properties, hs_object_id: task.id },
    createdAt: new Date(task.createdAt).toISOString(),
    updatedAt: new Date(task.createdAt).toISOString(),
    archived: false,
  });
  const router = Router();

  router.post(
    '/crm/v3/objects/tasks/batch/create',
    requireScope(install, ['crm.objects.contacts.write']),
    contract,
    (request, response) => {
      const startedAt = stamp();
      const parsed = createSchema.safeParse(request.body);
      if (!parsed.success) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON.');
      const { inputs } = parsed.data;
      if (inputs.length > BATCH_LIMIT)
        return sendHubSpotError(response, 400, 'VALIDATION_ERROR', `Batch input limit is ${BATCH_LIMIT}.`);
      for (const input of inputs) {
        const missing = REQUIRED.filter((name) => !input.properties[name]);
        if (missing.length > 0)
          return sendHubSpotError(
            response,
            400,
            'VALIDATION_ERROR',
            `Missing required properties: ${missing}`,
          );
        const owner = input.properties.hubspot_owner_id;
        if (owner && !options.isOwner(owner))
          return sendHubSpotError(response, 400, 'VALIDATION_ERROR', `${owner} is not a valid owner id`);
        for (const association of input.associations) {
          if (!association.types.some((t) => t.associationTypeId === TASK_TO_CONTACT))
            return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Unsupported association type.');
          if (!contacts.get(association.to.id))
            return sendHubSpotError(
              response,
              400,
              'VALIDATION_ERROR',
              `Contact ${association.to.id} does not exist.`,
            );
        }
      }
      const created = inputs.map((input) => {
        nextId += 1;
        const task: StandInTask = {
          id: String(nextId),
          properties: input.properties,
          contactIds: input.associations.map((a) => a.to.id),
          createdAt: options.clock().getTime(),
        };
        tasks.set(task.id, task);
        return task;
      });
      // HubSpot does not promise the inputs' order: answer the newest first, as a check on Baton.
      const results = created.reverse().map((task) => resource(task));
      sendBatchAnswer(response, { results, errors: [], startedAt, completedAt: stamp(), successStatus: 201 });
    },
  );

  /** A batch read: the scope, the contract, the body's ids and properties, and HubSpot's answer. */
  const batchRead = (
    path: string,
    answer: (input: z.infer<typeof readSchema>) => { results: unknown[]; errors: unknown[] },
  ) =>
    router.post(
      path,
      requireScope(install, ['crm.objects.contacts.read', 'crm.objects.contacts.write']),
      contract,
      (request, response) => {
        const startedAt = stamp();
        const parsed = readSchema.safeParse(request.body);
        if (!parsed.success)
          return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON.');
        sendBatchAnswer(response, { ...answer(parsed.data), startedAt, completedAt: stamp() });
      },
    );

  batchRead('/crm/v3/objects/tasks/batch/read', ({ inputs, properties }) => {
    const missing = inputs.map((i) => i.id).filter((id) => !tasks.has(id));
    return {
      results: inputs.flatMap(({ id }) => {
        const task = tasks.get(id);
        return task ? [resource(task, properties)] : [];
      }),
      errors:
        missing.length === 0
          ? []
          : [standardError('OBJECT_NOT_FOUND', 'Could not get some TASK objects.', { ids: missing })],
    };
  });

  batchRead('/crm/v4/associations/contacts/tasks/batch/read', ({ inputs }) => ({
    results: inputs.flatMap(({ id }) => {
      const of = [...tasks.values()].filter((t) => t.contactIds.includes(id));
      return of.length === 0
        ? []
        : [
            {
              from: { id },
              to: of.map((t) => ({
                toObjectId: Number(t.id),
                associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: TASK_TO_CONTACT, label: null }],
              })),
            },
          ];
    }),
    errors: [],
  }));

  return { router, tasks: () => [...tasks.values()] };
}
