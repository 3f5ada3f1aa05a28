import type { FieldDefinition } from './field-definition.ts';

/** A field path resolved against the schema: the relationships walked, then the field read. */
export interface BoundPath {
  readonly hops: readonly FieldDefinition[];
  readonly field: FieldDefinition;
  /** Canonical names, e.g. ['Owner', 'Type']: the keys of the answer's nested objects. */
  readonly names: readonly string[];
}
