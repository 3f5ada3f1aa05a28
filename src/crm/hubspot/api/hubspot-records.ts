import type {
  BatchInputSimplePublicObjectBatchInput,
  BatchReadInputSimplePublicObjectId,
  SimplePublicObject,
  StandardError,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { UpstreamUnavailableError } from '../../../errors.ts';
import { inBatches } from '../../../store/batches.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import {
  type HubSpotErrorBody,
  isHubSpotRejection,
  isMissingProperty,
  readHubSpotErrorBody,
} from './hubspot-rejection.ts';
import type { AttemptOptions, HubSpotSdk } from './hubspot-sdk.ts';

export type HubSpotObjectType = 'contacts' | 'leads' | 'tasks';

/** HubSpot's batch endpoints take at most 100 records per call. */
export const HUBSPOT_BATCH_SIZE = 100;

export interface HubSpotRecordRead {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  /** HubSpot's last-modified time, epoch ms. */
  readonly updatedAt: number;
}

export interface HubSpotRecordUpdate {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
}

export interface RejectedRecord {
  readonly id: string;
  readonly category: string;
  readonly message: string;
}

export interface BatchUpdateOutcome {
  readonly updated: readonly string[];
  /** Records HubSpot refuses as sent: record them, do not retry them. */
  readonly rejected: readonly RejectedRecord[];
}

/** What Baton reads of a batch answer: the records done and, in a 207, the refusals. */
interface BatchAnswer {
  readonly results?: readonly SimplePublicObject[];
  readonly errors?: readonly StandardError[];
}

/** The batch API of contacts or Leads: the SDK generates one per object type, shaped alike. */
interface RecordsBatchApi {
  read(
    input: BatchReadInputSimplePublicObjectId,
    archived: boolean,
    options: AttemptOptions,
  ): Promise<BatchAnswer>;
  update(input: BatchInputSimplePublicObjectBatchInput, options: AttemptOptions): Promise<BatchAnswer>;
}

function batchApiOf(sdk: HubSpotSdk, objectType: HubSpotObjectType): RecordsBatchApi {
  if (objectType === 'contacts') return sdk.contacts.batchApi;
  return objectType === 'leads' ? sdk.leads.batchApi : sdk.tasks.batchApi;
}

function resultsOf(operation: string, answer: BatchAnswer): readonly SimplePublicObject[] {
  if (!Array.isArray(answer.results))
    throw new UpstreamUnavailableError(`HubSpot answered ${operation} with an unexpected body`);
  return answer.results;
}

/**
 * Reads records in one call per 100 ids. Ids HubSpot does not know (deleted, merged away) are
 * absent from the answer: a 207 lists them under `errors`, which needs no action here.
 */
export async function batchReadRecords(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
  ids: readonly string[],
  properties: readonly string[],
): Promise<HubSpotRecordRead[]> {
  const records: HubSpotRecordRead[] = [];
  const operation = `POST /crm/v3/objects/${objectType}/batch/read`;
  for (const idsOfCall of inBatches([...new Set(ids)], HUBSPOT_BATCH_SIZE)) {
    const answer = await http.call(tenantId, operation, (sdk, options) =>
      batchApiOf(sdk, objectType).read(
        { inputs: idsOfCall.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] },
        false, // archived: live records only, so deleted contacts read as absent
        options,
      ),
    );
    for (const result of resultsOf(operation, answer)) {
      const updatedAt = result.updatedAt instanceof Date ? result.updatedAt.getTime() : Number.NaN;
      if (Number.isNaN(updatedAt)) {
        throw new UpstreamUnavailableError(`HubSpot answered ${operation} without a valid updatedAt`);
      }
      records.push({ id: result.id, properties: result.properties ?? {}, updatedAt });
    }
  }
  return records;
}

/**
 * Updates records in one call per 100 and reports which HubSpot refused. HubSpot either answers
 * 207 with per-record `errors` or refuses the whole batch with a 4xx. Each input carries its
 * record id as `objectWriteTraceId`, so 207 errors trace back to it. Refused records named by an
 * error (`context.ids`, the trace id) are rejected and the rest resent; a refusal naming none is
 * halved until each refused record stands alone, unless it names a property the portal lacks.
 * Every further call covers fewer records, so a batch of n costs one call when all is well and at
 * most 2n − 1 when halving.
 */
export async function batchUpdateRecords(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
  updates: readonly HubSpotRecordUpdate[],
): Promise<BatchUpdateOutcome> {
  const merged = new Map<string, Record<string, string>>();
  for (const update of updates) {
    if (Object.keys(update.properties).length === 0) continue;
    merged.set(update.id, { ...merged.get(update.id), ...update.properties });
  }
  const inputs = [...merged].map(([id, properties]) => ({ id, properties }));
  const writer: BatchWriter = {
    http,
    tenantId,
    objectType,
    operation: `POST /crm/v3/objects/${objectType}/batch/update`,
    updated: [],
    rejected: [],
  };
  for (const inputsOfCall of inBatches(inputs, HUBSPOT_BATCH_SIZE))
    await updateOrIsolate(writer, inputsOfCall);
  return { updated: writer.updated, rejected: writer.rejected };
}

interface BatchWriter {
  readonly http: HubSpotHttp;
  readonly tenantId: string;
  readonly objectType: HubSpotObjectType;
  readonly operation: string;
  readonly updated: string[];
  readonly rejected: RejectedRecord[];
}

async function updateOrIsolate(writer: BatchWriter, inputs: readonly HubSpotRecordUpdate[]): Promise<void> {
  let answer: BatchAnswer;
  try {
    answer = await writer.http.call(writer.tenantId, writer.operation, (sdk, options) =>
      batchApiOf(sdk, writer.objectType).update(
        {
          inputs: inputs.map((i) => ({
            id: i.id,
            properties: { ...i.properties },
            objectWriteTraceId: i.id,
          })),
        },
        options,
      ),
    );
  } catch (error) {
    // 401, 403 (scope) and 429 concern the whole portal, never one record.
    if (!isHubSpotRejection(error, 400, 404, 409, 422)) throw error;
    const rejection = { category: error.category, message: error.hubSpotMessage };
    const named = new Set(recordsNamedBy(error.context).filter((id) => inputs.some((i) => i.id === id)));
    // A property the portal lacks is the portal's schema, not a record: halving would spend up to
    // 2n − 1 calls to reject every record anyway. All of them go to the property repair at once.
    if (named.size === 0 && isMissingProperty(rejection.message)) {
      for (const input of inputs) writer.rejected.push({ id: input.id, ...rejection });
      return;
    }
    if (named.size === 0) return isolate(writer, inputs, rejection);
    for (const id of named) writer.rejected.push({ id, ...rejection });
    const rest = inputs.filter((i) => !named.has(i.id));
    if (rest.length > 0) await updateOrIsolate(writer, rest);
    return;
  }

  const results = resultsOf(writer.operation, answer);
  const errors = answer.errors ?? [];
  const done = new Set(results.map((r) => r.id));
  const errorBodies = errors.map(readHubSpotErrorBody);
  const refused = new Map<string, HubSpotErrorBody>();
  for (const error of errorBodies) {
    for (const id of recordsNamedBy(error.context, error.id)) {
      if (!done.has(id) && inputs.some((i) => i.id === id)) refused.set(id, error);
    }
  }
  for (const [id, error] of refused)
    writer.rejected.push({ id, category: error.category, message: error.message });
  writer.updated.push(...inputs.filter((i) => done.has(i.id)).map((i) => i.id));
  const unaccounted = inputs.filter((i) => !done.has(i.id) && !refused.has(i.id));
  const [unattributed] = errorBodies;
  if (unaccounted.length === 0) return;
  if (!unattributed) {
    throw new UpstreamUnavailableError(
      `HubSpot answered ${writer.operation} without accounting for every record`,
    );
  }
  if (unaccounted.length < inputs.length) return updateOrIsolate(writer, unaccounted);
  return isolate(writer, unaccounted, { category: unattributed.category, message: unattributed.message });
}

/** A refusal naming no record: halve until each refused record stands alone. */
async function isolate(
  writer: BatchWriter,
  inputs: readonly HubSpotRecordUpdate[],
  rejection: { readonly category: string; readonly message: string },
): Promise<void> {
  const [only] = inputs;
  if (inputs.length === 1 && only) {
    writer.rejected.push({ id: only.id, ...rejection });
    return;
  }
  const half = Math.ceil(inputs.length / 2);
  await updateOrIsolate(writer, inputs.slice(0, half));
  await updateOrIsolate(writer, inputs.slice(half));
}

function recordsNamedBy(
  context: Readonly<Record<string, readonly string[]>>,
  errorId?: string | null,
): string[] {
  return [...(context.ids ?? []), ...(context.objectWriteTraceId ?? []), ...(errorId ? [errorId] : [])];
}
