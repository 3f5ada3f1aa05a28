import { type Request, type Response, Router } from 'express';
import type { OrgSchema } from './org-schema.ts';
import type { OrgStore } from './org-store.ts';
import { actorOf } from './rest-context.ts';
import { saveError, sendRestError } from './salesforce-errors.ts';
import { type RefusedRecord, type SaveRequest, saveRecords } from './save-records.ts';

/** sObject Collections take at most 200 records per call. */
export const MAX_COLLECTION_RECORDS = 200;

type Body = Readonly<Record<string, unknown>>;

function readCollection(
  request: Request,
  response: Response,
): { records: Body[]; allOrNone: boolean } | undefined {
  const body = request.body as { allOrNone?: unknown; records?: unknown } | undefined;
  const records = body?.records;
  if (!Array.isArray(records) || records.some((record) => typeof record !== 'object' || record === null)) {
    sendRestError(response, 400, 'JSON_PARSER_ERROR', 'The request body needs a "records" list of records.');
    return undefined;
  }
  if (records.length > MAX_COLLECTION_RECORDS) {
    sendRestError(
      response,
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
    );
    return undefined;
  }
  const untyped = records.findIndex(
    (record: Body) => typeof (record.attributes as Body | undefined)?.type !== 'string',
  );
  if (untyped !== -1) {
    sendRestError(
      response,
      400,
      'INVALID_TYPE',
      `Record ${untyped} has no attributes.type: every record needs one.`,
    );
    return undefined;
  }
  return { records, allOrNone: body?.allOrNone === true };
}

const typeOf = (record: Body) => String((record.attributes as Body).type);

/** `POST` (create) and `PATCH` (update) `/composite/sobjects`: per-record results, in request order. */
export function collectionsRoutes(options: { readonly store: OrgStore; readonly schema: OrgSchema }) {
  const router = Router({ mergeParams: true });
  const refusedType = (record: Body): RefusedRecord | undefined => {
    const object = options.schema.object(typeOf(record));
    if (!object) return refuse('INVALID_TYPE', `sObject type '${typeOf(record)}' is not supported.`, []);
    if (!object.writable) {
      return refuse(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type ${object.name} does not support this operation`,
        [],
      );
    }
    return undefined;
  };

  const run = (
    request: Request,
    response: Response,
    toRequest: (record: Body) => SaveRequest | RefusedRecord,
  ) => {
    const collection = readCollection(request, response);
    if (!collection) return;
    const planned = collection.records.map((record) => refusedType(record) ?? toRequest(record));
    response.json(saveRecords(options.store, planned, collection.allOrNone, actorOf(request, response)));
  };

  router.post('/composite/sobjects', (request, response) =>
    run(request, response, (record) => {
      const { attributes: _attributes, ...body } = record;
      if ('id' in body || 'Id' in body) {
        return refuse('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      }
      return { kind: 'create', objectType: typeOf(record), body };
    }),
  );

  router.patch('/composite/sobjects', (request, response) =>
    run(request, response, (record) => {
      const { attributes: _attributes, id, Id, ...body } = record;
      const recordId = typeof id === 'string' ? id : typeof Id === 'string' ? Id : undefined;
      if (recordId === undefined) {
        return refuse('MISSING_ARGUMENT', 'Id not specified in an update call', []);
      }
      return { kind: 'update', objectType: typeOf(record), id: recordId, body };
    }),
  );

  return router;
}

function refuse(statusCode: string, message: string, fields: readonly string[]): RefusedRecord {
  return { refused: { success: false, errors: [saveError(statusCode, message, fields)] } };
}
