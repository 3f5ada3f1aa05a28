import { z } from 'zod';
import { UpstreamUnavailableError } from '../../../errors.ts';
import { inBatches } from '../../../store/batches.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import { HUBSPOT_BATCH_SIZE, type HubSpotObjectType } from './hubspot-records.ts';

export interface AssociatedRecord {
  readonly id: string;
  readonly typeIds: readonly number[];
}

const associationsAnswerSchema = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
      to: z.array(
        z.object({
          toObjectId: z.union([z.string(), z.number()]).transform(String),
          associationTypes: z.array(z.object({ typeId: z.number() })).default([]),
        }),
      ),
    }),
  ),
});

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
  const path = `/crm/v4/associations/${from}/${to}/batch/read`;
  const associated = new Map<string, AssociatedRecord[]>();
  const unique = [...new Set(ids)];
  for (const idsOfCall of inBatches(unique, HUBSPOT_BATCH_SIZE)) {
    const answer = await http.request(tenantId, {
      method: 'POST',
      path,
      body: { inputs: idsOfCall.map((id) => ({ id })) },
    });
    const parsed = associationsAnswerSchema.safeParse(answer.body);
    if (!parsed.success)
      throw new UpstreamUnavailableError(`HubSpot answered POST ${path} with an unexpected body`);
    for (const result of parsed.data.results) {
      associated.set(result.from.id, [
        ...(associated.get(result.from.id) ?? []),
        ...result.to.map((t) => ({ id: t.toObjectId, typeIds: t.associationTypes.map((a) => a.typeId) })),
      ]);
    }
  }
  return associated;
}
