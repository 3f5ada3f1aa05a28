/** Field types as describe names them (the subset the stand-in org's objects use). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'reference'
  | 'boolean'
  | 'datetime'
  | 'date'
  | 'email'
  | 'phone'
  | 'url'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent';

/** Who may write a field: nobody (system-maintained), only on create, or on create and update. */
export type FieldAccess = 'system' | 'create' | 'write';

export interface FieldDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** Characters, for text types; 0 otherwise. */
  readonly length: number;
  readonly access: FieldAccess;
  readonly nillable: boolean;
  /** Filled in by the org when a create leaves it out (describe's `defaultedOnCreate`). */
  readonly defaultedOnCreate: boolean;
  readonly custom: boolean;
  readonly nameField: boolean;
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  /** Values of a fixed picklist; empty for picklists the org fills from records (Lead Status). */
  readonly picklistValues: readonly string[];
  readonly restrictedPicklist: boolean;
  /** The value a create that leaves the field out gets (a picklist's default). */
  readonly defaultValue: string | null;
}

export interface FieldOptions {
  readonly label?: string;
  readonly length?: number;
  readonly access?: FieldAccess;
  readonly nillable?: boolean;
  readonly defaultedOnCreate?: boolean;
  readonly custom?: boolean;
  readonly nameField?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string;
  readonly picklistValues?: readonly string[];
  readonly restrictedPicklist?: boolean;
  readonly defaultValue?: string;
}

const DEFAULT_LENGTHS: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  textarea: 255,
  picklist: 255,
  email: 80,
  phone: 40,
  url: 255,
};

/** `LastModifiedById` → `Last Modified By ID`, the way standard labels read. */
function labelOf(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/^[a-z0-9]+__/, '')
    .replace(/Id$/, 'ID')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(ID)$/, '$1 $2');
}

export function defineField(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  const access = options.access ?? 'write';
  return {
    name,
    label: options.label ?? labelOf(name),
    type,
    length: options.length ?? DEFAULT_LENGTHS[type] ?? 0,
    access,
    nillable: options.nillable ?? (type !== 'boolean' && access !== 'system'),
    defaultedOnCreate:
      options.defaultedOnCreate ?? (type === 'boolean' || options.defaultValue !== undefined),
    custom: options.custom ?? name.endsWith('__c'),
    nameField: options.nameField ?? false,
    referenceTo: options.referenceTo ?? [],
    relationshipName: options.relationshipName ?? null,
    picklistValues: options.picklistValues ?? [],
    restrictedPicklist: options.restrictedPicklist ?? false,
    defaultValue: options.defaultValue ?? null,
  };
}

/** Text-like types: compared case-insensitively, matched by LIKE, quoted in SOQL. */
export function isTextType(type: FieldType): boolean {
  return ['string', 'textarea', 'picklist', 'email', 'phone', 'url'].includes(type);
}

export function isNumberType(type: FieldType): boolean {
  return ['double', 'int', 'currency', 'percent'].includes(type);
}

export function isIdType(type: FieldType): boolean {
  return type === 'id' || type === 'reference';
}
