import { z } from 'zod';
import { InputInvalidError, UpstreamUnavailableError } from '../../../errors.ts';
import { BATON_PROPERTIES, BATON_PROPERTY_GROUP, type BatonProperty } from '../baton-properties.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import type { HubSpotObjectType } from './hubspot-records.ts';
import { isHubSpotRejection, readHubSpotErrorBody } from './hubspot-rejection.ts';

export type ObjectTypeBootstrap =
  | {
      readonly objectType: HubSpotObjectType;
      readonly status: 'ready';
      readonly group: 'created' | 'existing';
      readonly created: readonly string[];
      readonly existing: readonly string[];
      /** Enumerations whose options were brought up to date (an upgrade added a value). */
      readonly updated: readonly string[];
    }
  | { readonly objectType: HubSpotObjectType; readonly status: 'skipped'; readonly note: string };

const existingPropertiesSchema = z.object({
  results: z.array(
    z.object({ name: z.string(), options: z.array(z.object({ value: z.string() })).optional() }),
  ),
});
const createdPropertiesSchema = z.object({
  results: z.array(z.object({ name: z.string() })),
  errors: z.array(z.unknown()).optional(),
});

/**
 * Creates the `baton` property group and Baton's properties on each object type, on install and
 * on upgrade. Idempotent: what exists is left as it is (409 is success), so re-running, or two
 * processes running at once, end in the same schema. A portal without the Lead object (or
 * without its scope) answers 403/404 for `leads`: that object type is skipped with a note.
 * Calls per object type: 3 on first install, 2 when everything exists.
 */
export async function bootstrapProperties(
  http: HubSpotHttp,
  tenantId: string,
  options: { readonly objectTypes: readonly HubSpotObjectType[] },
): Promise<ObjectTypeBootstrap[]> {
  const report: ObjectTypeBootstrap[] = [];
  for (const objectType of options.objectTypes) {
    report.push(await bootstrapObjectType(http, tenantId, objectType));
  }
  return report;
}

async function bootstrapObjectType(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
): Promise<ObjectTypeBootstrap> {
  const base = `/crm/v3/properties/${objectType}`;
  let group: 'created' | 'existing' = 'created';
  try {
    await http.request(tenantId, {
      method: 'POST',
      path: `${base}/groups`,
      body: { name: BATON_PROPERTY_GROUP.name, label: BATON_PROPERTY_GROUP.label, displayOrder: -1 },
    });
  } catch (error) {
    if (objectType === 'leads' && isHubSpotRejection(error, 403, 404)) {
      return {
        objectType,
        status: 'skipped',
        note: `no Lead object in this portal, or no scope for it (HubSpot answered ${error.upstreamStatus} ${error.category})`,
      };
    }
    if (!isHubSpotRejection(error, 409)) throw error;
    group = 'existing';
  }

  const read = await http.request(tenantId, {
    method: 'POST',
    path: `${base}/batch/read`,
    body: {
      archived: false,
      dataSensitivity: 'non_sensitive',
      inputs: BATON_PROPERTIES.map(({ name }) => ({ name })),
    },
  });
  const found = parse(existingPropertiesSchema, read.body, `${base}/batch/read`).results;
  const foundNames = new Set(found.map((p) => p.name));
  const missing = BATON_PROPERTIES.filter((p) => !foundNames.has(p.name));
  const { created, alreadyThere } =
    missing.length === 0
      ? { created: [], alreadyThere: [] }
      : await createProperties(http, tenantId, base, missing);
  const existing = [
    ...BATON_PROPERTIES.filter((p) => foundNames.has(p.name)).map((p) => p.name),
    ...alreadyThere,
  ];

  const updated: string[] = [];
  for (const property of BATON_PROPERTIES) {
    if (property.type !== 'enumeration') continue;
    const held = found.find((p) => p.name === property.name);
    const heldValues = new Set((held?.options ?? []).map((o) => o.value));
    if (!held || property.options.every((o) => heldValues.has(o.value))) continue;
    await http.request(tenantId, {
      method: 'PATCH',
      path: `${base}/${property.name}`,
      body: { options: optionsOf(property) },
    });
    updated.push(property.name);
  }
  return { objectType, status: 'ready', group, created, existing, updated };
}

/** Creates in one batch; a property another process created meanwhile counts as existing. */
async function createProperties(
  http: HubSpotHttp,
  tenantId: string,
  base: string,
  missing: readonly BatonProperty[],
): Promise<{ created: string[]; alreadyThere: string[] }> {
  try {
    const answer = await http.request(tenantId, {
      method: 'POST',
      path: `${base}/batch/create`,
      body: { inputs: missing.map(propertyCreate) },
    });
    const { results, errors = [] } = parse(createdPropertiesSchema, answer.body, `${base}/batch/create`);
    const refused = errors
      .map(readHubSpotErrorBody)
      .filter((e) => e.category !== 'CONFLICT' && e.category !== 'OBJECT_ALREADY_EXISTS');
    if (refused.length > 0) {
      throw new InputInvalidError(
        `HubSpot refused Baton's properties: ${refused.map((e) => e.message).join('; ')}`,
      );
    }
    const created = results.map((r) => r.name);
    return { created, alreadyThere: missing.map((p) => p.name).filter((name) => !created.includes(name)) };
  } catch (error) {
    if (!isHubSpotRejection(error, 409)) throw error;
  }
  const created: string[] = [];
  const alreadyThere: string[] = [];
  for (const property of missing) {
    try {
      await http.request(tenantId, { method: 'POST', path: base, body: propertyCreate(property) });
      created.push(property.name);
    } catch (error) {
      if (!isHubSpotRejection(error, 409)) throw error;
      alreadyThere.push(property.name);
    }
  }
  return { created, alreadyThere };
}

function propertyCreate(property: BatonProperty) {
  return {
    name: property.name,
    label: property.label,
    description: property.description,
    groupName: BATON_PROPERTY_GROUP.name,
    type: property.type,
    fieldType: property.fieldType,
    formField: false,
    ...(property.type === 'enumeration' ? { options: optionsOf(property) } : {}),
  };
}

function optionsOf(property: BatonProperty) {
  if (property.type !== 'enumeration') return [];
  return property.options.map((option, index) => ({ ...option, displayOrder: index, hidden: false }));
}

function parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new UpstreamUnavailableError(`HubSpot answered ${path} with an unexpected body`);
  return parsed.data;
}
