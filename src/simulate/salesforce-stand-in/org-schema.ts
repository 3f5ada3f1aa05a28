import { defineField, type FieldDefinition, type FieldType } from './field-definition.ts';
import { KEY_PREFIXES, type KeyedObject } from './record-ids.ts';
import { NAME_OBJECT, STANDARD_OBJECTS, type StandardObject } from './standard-objects.ts';

/** A custom Lead field the installed package brings, e.g. `{ name: 'baton__Stage__c', type: 'string' }`. */
export interface CustomFieldSpec {
  readonly name: string;
  readonly type: CustomFieldType;
  /** Text length (255 at most for `string`); long text areas default to 131 072. */
  readonly length?: number;
  readonly label?: string;
  /** Values of a picklist field (restricted, as package picklists usually are). */
  readonly picklistValues?: readonly string[];
}

export type CustomFieldType = Exclude<FieldType, 'id' | 'reference'>;

export interface PicklistEntry {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
}

export interface SObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string | null;
  readonly writable: boolean;
  readonly fields: readonly FieldDefinition[];
  /** Case-insensitive, as SOQL and the REST API read field names. */
  field(name: string): FieldDefinition | undefined;
  /** The reference field whose relationship is `name` (`Owner` → `OwnerId`), case-insensitive. */
  relationship(name: string): FieldDefinition | undefined;
}

export interface OrgSchema {
  object(name: string): SObjectSchema | undefined;
  /** Every object the API serves (the polymorphic `Name` is reachable only through relationships). */
  objects(): SObjectSchema[];
  /** What a relationship reaches: the one object it references, or `Name` when it is polymorphic. */
  relationshipTarget(field: FieldDefinition): SObjectSchema;
  picklist(objectName: string, field: FieldDefinition): PicklistEntry[];
}

const CUSTOM_NAME = /^(?:[A-Za-z][A-Za-z0-9]*__)?[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/;
const CUSTOM_TYPES: ReadonlySet<string> = new Set<CustomFieldType>([
  'string',
  'textarea',
  'picklist',
  'boolean',
  'datetime',
  'date',
  'email',
  'phone',
  'url',
  'double',
  'int',
  'currency',
  'percent',
]);

/** Turns the package's field list into field definitions, refusing names and types Salesforce would. */
export function defineCustomFields(specs: readonly CustomFieldSpec[]): FieldDefinition[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    if (!CUSTOM_NAME.test(spec.name)) {
      throw new Error(
        `Custom field "${spec.name}" is not a custom field API name: it must end in __c, e.g. baton__Stage__c.`,
      );
    }
    if (!CUSTOM_TYPES.has(spec.type)) {
      throw new Error(
        `Custom field ${spec.name} has type "${spec.type}", which the stand-in does not offer.`,
      );
    }
    const key = spec.name.toLowerCase();
    if (seen.has(key)) throw new Error(`Custom field ${spec.name} is listed twice.`);
    seen.add(key);
    const maximum = spec.type === 'textarea' ? 131_072 : 255;
    const length = spec.length ?? (spec.type === 'textarea' ? 131_072 : 255);
    if (!Number.isInteger(length) || length < 1 || length > maximum) {
      throw new Error(`Custom field ${spec.name} has length ${length}; ${spec.type} allows 1 to ${maximum}.`);
    }
    const text = ['string', 'textarea', 'picklist', 'email', 'phone', 'url'].includes(spec.type);
    return defineField(spec.name, spec.type, {
      ...(spec.label === undefined ? {} : { label: spec.label }),
      length: text ? length : 0,
      custom: true,
      picklistValues: spec.picklistValues ?? [],
      restrictedPicklist: spec.type === 'picklist',
    });
  });
}

function schemaOf(object: StandardObject, extraFields: readonly FieldDefinition[]): SObjectSchema {
  const fields = [...object.fields, ...extraFields];
  const byName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  const byRelationship = new Map(
    fields.flatMap((field) =>
      field.relationshipName === null ? [] : [[field.relationshipName.toLowerCase(), field] as const],
    ),
  );
  const keyPrefix = object.name in KEY_PREFIXES ? KEY_PREFIXES[object.name as KeyedObject] : null;
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix,
    writable: object.writable,
    fields,
    field: (name) => byName.get(name.toLowerCase()),
    relationship: (name) => byRelationship.get(name.toLowerCase()),
  };
}

export function createOrgSchema(options: {
  readonly customLeadFields: readonly CustomFieldSpec[];
  /** The org's Lead Status values, in sort order: Lead.Status's picklist. */
  readonly leadStatuses: () => readonly { readonly value: string; readonly isDefault: boolean }[];
}): OrgSchema {
  const custom = defineCustomFields(options.customLeadFields);
  const objects = STANDARD_OBJECTS.map((object) => schemaOf(object, object.name === 'Lead' ? custom : []));
  const byName = new Map(objects.map((object) => [object.name.toLowerCase(), object]));
  const nameObject = schemaOf(NAME_OBJECT, []);

  return {
    object: (name) => byName.get(name.toLowerCase()),
    objects: () => [...objects],
    relationshipTarget(field) {
      const [only, ...others] = field.referenceTo;
      const target = only === undefined || others.length > 0 ? undefined : byName.get(only.toLowerCase());
      return target ?? nameObject;
    },
    picklist(objectName, field) {
      if (objectName === 'Lead' && field.name === 'Status') {
        return options.leadStatuses().map((status) => ({
          value: status.value,
          label: status.value,
          active: true,
          defaultValue: status.isDefault,
        }));
      }
      return field.picklistValues.map((value) => ({
        value,
        label: value,
        active: true,
        defaultValue: value === field.defaultValue,
      }));
    },
  };
}
