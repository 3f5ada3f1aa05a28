import { type FieldDefinition, defineField as field } from './field-definition.ts';

export interface StandardObject {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly fields: readonly FieldDefinition[];
  /** Whether the REST API creates, updates and deletes these records (the stand-in's subset). */
  readonly writable: boolean;
}

export const system = { access: 'system' } as const;
export const user = { referenceTo: ['User'], ...system };

/** The fields every object has, maintained by the org on every change. */
export function auditFields(): FieldDefinition[] {
  return [
    field('IsDeleted', 'boolean', system),
    field('CreatedDate', 'datetime', { ...system, defaultedOnCreate: true }),
    field('CreatedById', 'reference', { ...user, relationshipName: 'CreatedBy', defaultedOnCreate: true }),
    field('LastModifiedDate', 'datetime', { ...system, defaultedOnCreate: true }),
    field('LastModifiedById', 'reference', {
      ...user,
      relationshipName: 'LastModifiedBy',
      defaultedOnCreate: true,
    }),
    field('SystemModstamp', 'datetime', { ...system, defaultedOnCreate: true }),
  ];
}

export const OWNER = field('OwnerId', 'reference', {
  referenceTo: ['Group', 'User'],
  relationshipName: 'Owner',
  defaultedOnCreate: true,
  nillable: false,
});
