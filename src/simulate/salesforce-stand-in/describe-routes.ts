import { Router } from 'express';
import { relationshipThrough } from './child-relationships.ts';
import type { FieldDefinition, FieldType } from './field-definition.ts';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import { apiVersionOf } from './rest-context.ts';
import { NOT_FOUND_MESSAGE, sendRestError } from './salesforce-errors.ts';

const SOAP_TYPES: Readonly<Record<FieldType, string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
};

const AUDIT_REFERENCES = new Set(['CreatedById', 'LastModifiedById']);

function describeField(schema: OrgSchema, object: SObjectSchema, field: FieldDefinition) {
  const longText = field.type === 'textarea' && field.length > 255;
  const decimal = ['double', 'currency', 'percent'].includes(field.type);
  return {
    aggregatable: !longText,
    autoNumber: false,
    byteLength: field.length * 3,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: field.access !== 'system',
    custom: field.custom,
    defaultValue: field.defaultValue,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? 9 : 0,
    externalId: false,
    filterable: !longText,
    groupable: !longText && !decimal && field.type !== 'datetime',
    htmlFormatted: false,
    idLookup: field.type === 'id' || field.name === 'Email' || (field.nameField && object.name !== 'Lead'),
    inlineHelpText: null,
    label: field.label,
    length: field.length,
    name: field.name,
    nameField: field.nameField,
    namePointing: field.referenceTo.length > 1,
    nillable: field.nillable,
    permissionable: field.access !== 'system' && field.nillable,
    picklistValues:
      field.type === 'picklist'
        ? schema.picklist(object.name, field).map((entry) => ({ ...entry, validFor: null }))
        : [],
    polymorphicForeignKey: field.referenceTo.length > 1,
    precision: decimal ? 18 : 0,
    referenceTargetField: null,
    referenceTo: [...field.referenceTo],
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedPicklist: field.restrictedPicklist,
    scale: decimal ? 2 : 0,
    soapType: SOAP_TYPES[field.type],
    sortable: !longText,
    type: field.type,
    unique: false,
    updateable: field.access === 'write',
    writeRequiresMasterRead: false,
  };
}

function urlsOf(version: string, object: SObjectSchema) {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function objectSummary(version: string, object: SObjectSchema) {
  return {
    activateable: false,
    createable: object.writable,
    custom: false,
    customSetting: false,
    deletable: object.writable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    mergeable: object.name === 'Lead',
    mruEnabled: true,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: object.writable,
    triggerable: true,
    undeletable: object.writable,
    updateable: object.writable,
    urls: urlsOf(version, object),
  };
}

/**
 * References from other objects to this one; those the stand-in serves as subqueries carry their
 * relationship name (`CampaignMembers` and `Tasks` on Lead), the others none, as Salesforce shows
 * many of its own.
 */
function childRelationships(schema: OrgSchema, object: SObjectSchema) {
  return schema.objects().flatMap((child) =>
    child.fields
      .filter((field) => field.referenceTo.includes(object.name) && !AUDIT_REFERENCES.has(field.name))
      .map((field) => {
        const named = relationshipThrough(object.name, child.name, field.name);
        return {
          cascadeDelete: named?.cascadeDelete ?? false,
          childSObject: child.name,
          deprecatedAndHidden: false,
          field: field.name,
          junctionIdListNames: [],
          junctionReferenceTo: [],
          relationshipName: named?.name ?? null,
          restrictedDelete: false,
        };
      }),
  );
}

/** Global describe, an object's summary and its full describe (fields with picklist values). */
export function describeRoutes(schema: OrgSchema): Router {
  const router = Router({ mergeParams: true });
  router.get('/sobjects', (_request, response) => {
    const version = apiVersionOf(response);
    response.json({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: schema.objects().map((object) => objectSummary(version, object)),
    });
  });
  router.get('/sobjects/:type/describe', (request, response) => {
    const object = schema.object(String(request.params.type));
    if (!object) return sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    const version = apiVersionOf(response);
    response.json({
      ...objectSummary(version, object),
      actionOverrides: [],
      childRelationships: childRelationships(schema, object),
      compactLayoutable: true,
      fields: object.fields.map((field) => describeField(schema, object, field)),
      namedLayoutInfos: [],
      networkScopeFieldName: null,
      recordTypeInfos: [
        {
          active: true,
          available: true,
          defaultRecordTypeMapping: true,
          developerName: 'Master',
          master: true,
          name: 'Master',
          recordTypeId: '012000000000000AAA',
        },
      ],
      supportedScopes: [{ label: 'All', name: 'everything' }],
    });
  });
  router.get('/sobjects/:type', (request, response) => {
    const object = schema.object(String(request.params.type));
    if (!object) return sendRestError(response, 404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    response.json({ objectDescribe: objectSummary(apiVersionOf(response), object), recentItems: [] });
  });
  return router;
}
