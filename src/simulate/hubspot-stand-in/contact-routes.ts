import { Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import type { ContactRecord, ContactStore } from './contact-store.ts';
import { sendBatchAnswer, sendHubSpotError, standardError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';
import type { ContractMiddleware } from './request-contract.ts';

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH_LIMIT = 100;
const ALWAYS_RETURNED = ['createdate', 'lastmodifieddate', 'hs_object_id'];
const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname', ...ALWAYS_RETURNED];

const batchReadSchema = z.object({
  inputs: z.array(z.object({ id: z.coerce.string() })),
  properties: z.array(z.string()).default([]),
  idProperty: z.string().exactOptional(),
});

const batchUpdateSchema = z.object({
  inputs: z.array(
    z.object({
      id: z.coerce.string(),
      properties: z.record(z.string(), z.coerce.string()),
      objectWriteTraceId: z.string().exactOptional(),
    }),
  ),
});

/** A contact as the CRM API returns it (the spec's `SimplePublicObject`); unset properties are null. */
export function contactResource(record: ContactRecord, requested: readonly string[]) {
  const names = [
    ...new Set([...(requested.length > 0 ? requested : DEFAULT_PROPERTIES), ...ALWAYS_RETURNED]),
  ];
  return {
    id: record.id,
    properties: Object.fromEntries(names.map((name) => [name, record.properties[name] ?? null])),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: false,
  };
}

export function contactRoutes(options: {
  readonly install: OAuthInstall;
  readonly contacts: ContactStore;
  readonly appId: number;
  readonly contract: ContractMiddleware;
  readonly clock: () => Date;
}): Router {
  const { install, contacts, contract } = options;
  const router = Router();
  const stamp = () => options.clock().toISOString();

  router.post(
    '/crm/v3/objects/contacts/batch/read',
    requireScope(install, ['crm.objects.contacts.read', 'crm.objects.contacts.write']),
    contract,
    (request, response) => {
      const startedAt = stamp();
      const parsed = batchReadSchema.safeParse(request.body);
      if (!parsed.success) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON.');
      const { inputs, properties, idProperty } = parsed.data;
      if (inputs.length > BATCH_LIMIT) {
        return sendHubSpotError(response, 400, 'VALIDATION_ERROR', `Batch input limit is ${BATCH_LIMIT}.`);
      }
      const archived = request.query.archived === 'true';
      const results: ReturnType<typeof contactResource>[] = [];
      const missing: string[] = [];
      for (const { id } of inputs) {
        const record =
          idProperty === 'email'
            ? contacts.findByEmail(id)
            : archived
              ? contacts.archived(id)
              : contacts.get(id);
        if (record) results.push({ ...contactResource(record, properties), archived });
        else missing.push(id);
      }
      const errors =
        missing.length === 0
          ? []
          : [
              standardError(
                'OBJECT_NOT_FOUND',
                'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
                { ids: missing },
              ),
            ];
      sendBatchAnswer(response, { results, errors, startedAt, completedAt: stamp() });
    },
  );

  router.post(
    '/crm/v3/objects/contacts/batch/update',
    requireScope(install, ['crm.objects.contacts.write']),
    contract,
    (request, response) => {
      const startedAt = stamp();
      const parsed = batchUpdateSchema.safeParse(request.body);
      if (!parsed.success) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON.');
      const { inputs } = parsed.data;
      if (inputs.length > BATCH_LIMIT) {
        return sendHubSpotError(response, 400, 'VALIDATION_ERROR', `Batch input limit is ${BATCH_LIMIT}.`);
      }
      const ids = inputs.map((input) => input.id);
      const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
      if (duplicates.length > 0) {
        return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Duplicate IDs found in batch input.', {
          context: { ids: duplicates },
        });
      }
      // HubSpot marks an app's writes INTEGRATION with its app id: how Baton tells its echoes apart.
      const origin = { changeSource: 'INTEGRATION', sourceId: String(options.appId) };
      const results: ReturnType<typeof contactResource>[] = [];
      const errors: ReturnType<typeof standardError>[] = [];
      for (const input of inputs) {
        const context = {
          ids: [input.id],
          ...(input.objectWriteTraceId === undefined
            ? {}
            : { objectWriteTraceId: [input.objectWriteTraceId] }),
        };
        const outcome = contacts.update(input.id, input.properties, 'api', origin);
        if (outcome.ok) {
          results.push(contactResource(outcome.record, Object.keys(input.properties)));
        } else if (outcome.reason === 'invalid') {
          const described = outcome.problems.map((p) => ({
            isValid: false,
            message: p.message,
            error: p.error,
            name: p.name,
          }));
          errors.push(
            standardError(
              'VALIDATION_ERROR',
              `Property values were not valid: ${JSON.stringify(described)}`,
              context,
              outcome.problems.map((p) => ({
                message: p.message,
                code: p.error,
                context: { propertyName: [p.name] },
              })),
            ),
          );
        } else {
          const category = outcome.reason === 'missing' ? 'OBJECT_NOT_FOUND' : 'CONFLICT';
          errors.push(standardError(category, outcome.message, context));
        }
      }
      sendBatchAnswer(response, { results, errors, startedAt, completedAt: stamp() });
    },
  );

  return router;
}
