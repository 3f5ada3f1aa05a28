import { UpstreamUnavailableError } from '../../../errors.ts';
import { inBatches } from '../../../store/batches.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import { HUBSPOT_BATCH_SIZE, type HubSpotObjectType } from './hubspot-records.ts';

export interface AssociatedRecord {
  readonly id: string;
  readonly typeIds: readonly number[];
}

/**
 * Each record's associated records of another type, one v4 batch call per 100 ids. Records with
 * no association are absent from the answer (HubSpot lists them under `errors` in a 207).
 */
export async function batchReadAssociations(
  http: HubSpotHttp,
  tenantId: string,
  from: HubSpotObjectType,
  to: HubSpotObjectType,
  ids: readonly string[],
): Promise<Map<string, AssociatedRecord[]>> {
  const operation = `POST /crm/v4/associations/${from}/${to}/batch/read`;
  const associated = new Map<string, AssociatedRecord[]>();
  const unique = [...new Set(ids)];
  for (const idsOfCall of inBatches(unique, HUBSPOT_BATCH_SIZE)) {
    const inputs = idsOfCall.map((id) => ({ id }));
    const answer = await http.call(tenantId, operation, (sdk, options) =>
      sdk.associations.batchApi.getPage(from, to, { inputs }, options),
    );
    if (!Array.isArray(answer.results)) {
      throw new UpstreamUnavailableError(`HubSpot answered ${operation} with an unexpected body`);
    }
    for (const result of answer.results) {
      // The SDK types ids as strings; HubSpot's v4 answers send `toObjectId` as a number.
      if (result._from?.id === undefined) {
        throw new UpstreamUnavailableError(`HubSpot answered ${operation} with a result from no record`);
      }
      const fromId = String(result._from.id);
      associated.set(fromId, [
        ...(associated.get(fromId) ?? []),
        ...(result.to ?? []).map((t) => ({
          id: String(t.toObjectId),
          typeIds: (t.associationTypes ?? []).map((a) => a.typeId),
        })),
      ]);
    }
  }
  return associated;
}
