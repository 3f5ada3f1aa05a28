import { type Response, Router } from 'express';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import type { OrgStore } from './org-store.ts';
import { renderRecord } from './record-render.ts';
import { actorOf, apiVersionOf } from './rest-context.ts';
import { NOT_FOUND_MESSAGE, type SaveError, sendRestError } from './salesforce-errors.ts';
import { saveRecords } from './save-records.ts';
import type { QuerySource } from './soql-evaluator.ts';

/** Single-record DML answers its errors as the REST error list, each with its fields. */
function sendSaveErrors(response: Response, errors: readonly SaveError[]): void {
  const status = errors.some((error) => error.statusCode === 'ENTITY_IS_DELETED') ? 404 : 400;
  response
    .status(status)
    .json(
      errors.map((error) => ({ message: error.message, errorCode: error.statusCode, fields: error.fields })),
    );
}

/** `/sobjects/:type/:id` read, create, update and delete, for the objects the API writes. */
export function sobjectRoutes(options: {
  readonly schema: OrgSchema;
  readonly store: OrgStore;
  readonly source: QuerySource;
}) {
  const { schema, store } = options;
  const router = Router({ mergeParams: true });
  const objectOr404 = (type: string, response: Response): SObjectSchema | undefined => {
    const object = schema.object(type);
    if (!object) sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    return object;
  };
  const writableOr400 = (object: SObjectSchema, response: Response): boolean => {
    if (!object.writable) {
      sendRestError(
        response,
        400,
        'INVALID_TYPE_FOR_OPERATION',
        `entity type ${object.name} does not support this operation`,
      );
    }
    return object.writable;
  };

  router.get('/sobjects/:type/:id', (request, response) => {
    const object = objectOr404(String(request.params.type), response);
    if (!object) return;
    const record = store.get(String(request.params.id));
    if (!record || record.deleted || record.objectType !== object.name) {
      return sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
    const wanted =
      typeof request.query.fields === 'string'
        ? request.query.fields.split(',').map((name) => name.trim())
        : null;
    const unknown = wanted?.find((name) => !object.field(name));
    if (unknown !== undefined) {
      return sendRestError(
        response,
        400,
        'INVALID_FIELD',
        `No such column '${unknown}' on sobject of type ${object.name}`,
      );
    }
    const fields = wanted === null ? object.fields : wanted.flatMap((name) => object.field(name) ?? []);
    const paths = fields.map((field) => ({ hops: [], field, names: [field.name] }));
    response.json(
      renderRecord(object.name, object.name, record.row, paths, options.source, apiVersionOf(response)),
    );
  });

  router.post('/sobjects/:type', (request, response) => {
    const object = objectOr404(String(request.params.type), response);
    if (!object || !writableOr400(object, response)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const [result] = saveRecords(
      store,
      [{ kind: 'create', objectType: object.name, body }],
      true,
      actorOf(request, response),
    );
    if (!result?.success) return sendSaveErrors(response, result?.errors ?? []);
    response.status(201).json({ id: result.id, success: true, errors: [] });
  });

  router.patch('/sobjects/:type/:id', (request, response) => {
    const object = objectOr404(String(request.params.type), response);
    if (!object || !writableOr400(object, response)) return;
    const id = String(request.params.id);
    if (!store.get(id)) return sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const [result] = saveRecords(
      store,
      [{ kind: 'update', objectType: object.name, id, body }],
      true,
      actorOf(request, response),
    );
    if (!result?.success) return sendSaveErrors(response, result?.errors ?? []);
    response.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (request, response) => {
    const object = objectOr404(String(request.params.type), response);
    if (!object || !writableOr400(object, response)) return;
    const record = store.get(String(request.params.id));
    if (!record || record.objectType !== object.name)
      return sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    const outcome = store.remove(String(request.params.id), actorOf(request, response));
    if (!outcome.ok) return sendSaveErrors(response, outcome.errors);
    response.status(204).end();
  });

  return router;
}
