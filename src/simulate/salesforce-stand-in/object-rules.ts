import type { FieldValue, Row } from './field-values.ts';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import { type SaveError, saveError } from './salesforce-errors.ts';

/** Who makes a change: the user (a token's, or someone in the org's UI) and the API client named in `Sforce-Call-Options`. */
export interface Actor {
  readonly userId: string;
  readonly client: string | null;
}

export interface StoredRecord {
  readonly objectType: string;
  readonly row: Row;
  readonly deleted: boolean;
}

export interface RuleContext {
  readonly schema: OrgSchema;
  readonly lookup: (id: string) => StoredRecord | undefined;
  readonly actor: Actor;
  readonly defaultLeadStatus: () => string | undefined;
}

/** What the org fills in on create when the body leaves it out. */
export function createDefaults(object: SObjectSchema, context: RuleContext): Row {
  const defaults: Row = {};
  for (const field of object.fields) {
    if (field.type === 'boolean') defaults[field.name] = false;
    else if (field.defaultValue !== null) defaults[field.name] = field.defaultValue;
    else if (field.access !== 'system') defaults[field.name] = null;
  }
  if (object.field('OwnerId')) defaults.OwnerId = context.actor.userId;
  if (object.name === 'Lead') defaults.Status = context.defaultLeadStatus() ?? null;
  if (object.name === 'Task') defaults.TaskSubtype = 'Task';
  return defaults;
}

/** Fields the org computes from others, recomputed on every write. */
export function derivedFields(objectType: string, row: Row): Row {
  switch (objectType) {
    case 'Lead':
    case 'Contact':
    case 'User':
      return { Name: [row.FirstName, row.LastName].filter((part) => part !== null && part !== '').join(' ') };
    case 'Task':
      return { IsClosed: row.Status === 'Completed', IsHighPriority: row.Priority === 'High' };
    default:
      return {};
  }
}

/** A record the org refuses to change at all. */
export function refusedUpdate(objectType: string, current: Row): SaveError | undefined {
  if (objectType === 'Lead' && current.IsConverted === true) {
    return saveError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
  }
  return undefined;
}

/** Every reference written must point at a live record of a type the field accepts. */
export function checkReferences(object: SObjectSchema, accepted: Row, context: RuleContext): SaveError[] {
  const errors: SaveError[] = [];
  for (const [name, value] of Object.entries(accepted)) {
    const field = object.field(name);
    if (field?.type !== 'reference' || typeof value !== 'string') continue;
    const target = context.lookup(value);
    if (!target || target.deleted || !field.referenceTo.includes(target.objectType)) {
      errors.push(saveError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]));
      continue;
    }
    if (name === 'OwnerId') {
      const problem = ownerProblem(object.name, value, target.row);
      if (problem) errors.push(problem);
    }
  }
  return errors;
}

function ownerProblem(objectType: string, ownerId: string, owner: Row): SaveError | undefined {
  if (ownerId.startsWith('005') && owner.IsActive !== true) {
    return saveError(
      'INACTIVE_OWNER_OR_USER',
      `operation performed with inactive user [${ownerId}] as owner of ${objectType.toLowerCase()}`,
      ['OwnerId'],
    );
  }
  if (ownerId.startsWith('00G') && owner.Type !== 'Queue') {
    return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['OwnerId']);
  }
  return undefined;
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}
