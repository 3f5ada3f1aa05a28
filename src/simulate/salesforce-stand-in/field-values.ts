import { type FieldDefinition, isNumberType } from './field-definition.ts';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import { canonicalId } from './record-ids.ts';
import { type SaveError, saveError } from './salesforce-errors.ts';
import { parseDate, parseDatetime } from './salesforce-time.ts';

/** A stored value: datetimes as epoch ms, dates as `YYYY-MM-DD`, ids in their 18-character form. */
export type FieldValue = string | number | boolean | null;
export type Row = Record<string, FieldValue>;

export type WriteMode = 'create' | 'update';

export interface CheckedValues {
  /** Canonical field name → stored value. */
  readonly accepted: Row;
  readonly errors: SaveError[];
}

/** Keys of a record body that are not fields. */
const NOT_FIELDS = new Set(['attributes', 'id']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a record body the API received against the object's fields, the way Salesforce's save
 * does: unknown fields, fields the caller may not write, values of the wrong type, too long, or
 * outside a restricted picklist each become a per-record error. References are checked for form
 * here and for existence by the store.
 */
export function checkFieldValues(
  schema: OrgSchema,
  object: SObjectSchema,
  body: Readonly<Record<string, unknown>>,
  mode: WriteMode,
): CheckedValues {
  const accepted: Row = {};
  const errors: SaveError[] = [];
  for (const [key, raw] of Object.entries(body)) {
    if (NOT_FIELDS.has(key.toLowerCase())) continue;
    const field = object.field(key);
    if (!field) {
      errors.push(
        saveError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]),
      );
      continue;
    }
    if (field.access === 'system' || (field.access === 'create' && mode === 'update')) {
      errors.push(
        saveError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [field.name],
        ),
      );
      continue;
    }
    const outcome = storedValue(schema, object, field, raw);
    if ('error' in outcome) errors.push(outcome.error);
    else accepted[field.name] = outcome.value;
  }
  return { accepted, errors };
}

function storedValue(
  schema: OrgSchema,
  object: SObjectSchema,
  field: FieldDefinition,
  raw: unknown,
): { value: FieldValue } | { error: SaveError } {
  const wrongType = () => ({
    error: saveError(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${field.label}: value not of required type: ${String(raw)}`,
      [field.name],
    ),
  });
  if (raw === null || raw === '') {
    if (field.type === 'boolean' || !field.nillable) {
      return {
        error: saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [
          field.name,
        ]),
      };
    }
    return { value: null };
  }
  if (field.type === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return wrongType();
  }
  if (isNumberType(field.type)) {
    const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(number) || (field.type === 'int' && !Number.isInteger(number))) return wrongType();
    return { value: number };
  }
  if (typeof raw !== 'string') return wrongType();
  switch (field.type) {
    case 'datetime': {
      const at = parseDatetime(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return at === null ? wrongType() : { value: at };
    }
    case 'date': {
      const date = parseDate(raw.slice(0, 10));
      return date === null || (raw.length > 10 && parseDatetime(raw) === null)
        ? wrongType()
        : { value: date };
    }
    case 'reference': {
      const id = canonicalId(raw);
      if (id === null) {
        return {
          error: saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [
            field.name,
          ]),
        };
      }
      return { value: id };
    }
    default:
      break;
  }
  if (raw.length > field.length) {
    return {
      error: saveError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${raw.slice(0, 40)} (max length=${field.length})`,
        [field.name],
      ),
    };
  }
  if (field.type === 'email' && !EMAIL.test(raw)) {
    return {
      error: saveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${raw}`, [
        field.name,
      ]),
    };
  }
  if (field.type === 'picklist' && field.restrictedPicklist) {
    const allowed = schema.picklist(object.name, field).some((entry) => entry.value === raw);
    if (!allowed) {
      return {
        error: saveError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${raw}`,
          [field.name],
        ),
      };
    }
  }
  return { value: raw };
}

/** Fields a create must carry: required, and neither defaulted by the org nor nillable. */
export function missingRequiredFields(object: SObjectSchema, given: Row): string[] {
  return object.fields
    .filter((field) => field.access !== 'system' && !field.nillable && !field.defaultedOnCreate)
    .filter((field) => given[field.name] === undefined || given[field.name] === null)
    .map((field) => field.name);
}
