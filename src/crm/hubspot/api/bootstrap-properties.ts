import {
  type OptionInput,
  type PropertyCreate,
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { InputInvalidError, UpstreamUnavailableError } from '../../../errors.ts';
import { BATON_PROPERTIES, BATON_PROPERTY_GROUP, type BatonProperty } from '../baton-properties.ts';
import type { HubSpotHttp } from './hubspot-http.ts';
import type { HubSpotObjectType } from './hubspot-records.ts';
import { isHubSpotRejection, readHubSpotErrorBody } from './hubspot-rejection.ts';
import { withBodyFields } from './hubspot-sdk.ts';

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

const PROPERTY_TYPES: Readonly<Record<BatonProperty['type'], PropertyCreateTypeEnum>> = {
  datetime: PropertyCreateTypeEnum.Datetime,
  number: PropertyCreateTypeEnum.Number,
  string: PropertyCreateTypeEnum.String,
  enumeration: PropertyCreateTypeEnum.Enumeration,
};
const FIELD_TYPES: Readonly<Record<BatonProperty['fieldType'], PropertyCreateFieldTypeEnum>> = {
  date: PropertyCreateFieldTypeEnum.Date,
  number: PropertyCreateFieldTypeEnum.Number,
  text: PropertyCreateFieldTypeEnum.Text,
  select: PropertyCreateFieldTypeEnum.Select,
};

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
    await http.call(tenantId, `POST ${base}/groups`, (sdk, options) =>
      sdk.properties.groupsApi.create(
        objectType,
        { name: BATON_PROPERTY_GROUP.name, label: BATON_PROPERTY_GROUP.label, displayOrder: -1 },
        options,
      ),
    );
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

  // SDK 14.0.1's BatchReadInputPropertyName lacks `dataSensitivity`, which HubSpot's spec requires.
  const read = await http.call(tenantId, `POST ${base}/batch/read`, (sdk, options) =>
    sdk.properties.batchApi.read(
      objectType,
      { archived: false, inputs: BATON_PROPERTIES.map(({ name }) => ({ name })) },
      withBodyFields(options, { dataSensitivity: 'non_sensitive' }),
    ),
  );
  const found = resultsOf(read, `${base}/batch/read`);
  const foundNames = new Set(found.map((p) => p.name));
  const missing = BATON_PROPERTIES.filter((p) => !foundNames.has(p.name));
  const { created, alreadyThere } =
    missing.length === 0
      ? { created: [], alreadyThere: [] }
      : await createProperties(http, tenantId, objectType, missing);
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
    await http.call(tenantId, `PATCH ${base}/${property.name}`, (sdk, options) =>
      sdk.properties.coreApi.update(objectType, property.name, { options: optionsOf(property) }, options),
    );
    updated.push(property.name);
  }
  return { objectType, status: 'ready', group, created, existing, updated };
}

/** Creates in one batch; a property another process created meanwhile counts as existing. */
async function createProperties(
  http: HubSpotHttp,
  tenantId: string,
  objectType: HubSpotObjectType,
  missing: readonly BatonProperty[],
): Promise<{ created: string[]; alreadyThere: string[] }> {
  const base = `/crm/v3/properties/${objectType}`;
  try {
    const answer = await http.call(tenantId, `POST ${base}/batch/create`, (sdk, options) =>
      sdk.properties.batchApi.create(objectType, { inputs: missing.map(propertyCreate) }, options),
    );
    const results = resultsOf(answer, `${base}/batch/create`);
    const errors = 'errors' in answer ? (answer.errors ?? []) : [];
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
      await http.call(tenantId, `POST ${base}`, (sdk, options) =>
        sdk.properties.coreApi.create(objectType, propertyCreate(property), options),
      );
      created.push(property.name);
    } catch (error) {
      if (!isHubSpotRejection(error, 409)) throw error;
      alreadyThere.push(property.name);
    }
  }
  return { created, alreadyThere };
}

function propertyCreate(property: BatonProperty): PropertyCreate {
  return {
    name: property.name,
    label: property.label,
    description: property.description,
    groupName: BATON_PROPERTY_GROUP.name,
    type: PROPERTY_TYPES[property.type],
    fieldType: FIELD_TYPES[property.fieldType],
    formField: false,
    ...(property.type === 'enumeration' ? { options: optionsOf(property) } : {}),
  };
}

function optionsOf(property: BatonProperty): OptionInput[] {
  if (property.type !== 'enumeration') return [];
  return property.options.map((option, index) => ({ ...option, displayOrder: index, hidden: false }));
}

function resultsOf<T>(answer: { readonly results?: readonly T[] }, path: string): readonly T[] {
  if (!Array.isArray(answer.results)) {
    throw new UpstreamUnavailableError(`HubSpot answered ${path} with an unexpected body`);
  }
  return answer.results;
}
