import { type ChildRelationship, childRelationship } from './child-relationships.ts';
import { type FieldDefinition, isTextType } from './field-definition.ts';
import type { FieldValue } from './field-values.ts';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import type { ChildSubquery, ComparisonOperator, Condition, FieldPath, SoqlQuery } from './soql-ast.ts';
import type { BoundPath } from './soql-bound-path.ts';
import { soqlError } from './soql-error.ts';
import { likePattern, literalValue } from './soql-literals.ts';

export type { BoundPath };

export type BoundCondition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly BoundCondition[] }
  | { readonly kind: 'not'; readonly operand: BoundCondition }
  | {
      readonly kind: 'compare';
      readonly path: BoundPath;
      readonly operator: ComparisonOperator;
      readonly value: FieldValue;
    }
  | {
      readonly kind: 'in';
      readonly path: BoundPath;
      readonly negated: boolean;
      readonly values: readonly FieldValue[];
    }
  | { readonly kind: 'like'; readonly path: BoundPath; readonly pattern: RegExp };

export interface BoundQuery {
  readonly object: SObjectSchema;
  /** null for `SELECT COUNT()`. */
  readonly select: readonly BoundPath[] | null;
  readonly where: BoundCondition | null;
  readonly orderBy: readonly {
    readonly path: BoundPath;
    readonly descending: boolean;
    readonly nullsLast: boolean;
  }[];
  readonly limit: number | null;
  readonly offset: number | null;
  readonly children: readonly BoundChildQuery[];
}

/** A child relationship subquery bound to the child object, run for each parent record. */
export interface BoundChildQuery {
  readonly relationship: ChildRelationship;
  readonly query: BoundQuery;
  /** The parent's field paths written before it: where its answer sits in the record. */
  readonly fieldsBefore: number;
}

/** Salesforce refuses an OFFSET beyond this. */
export const MAX_OFFSET = 2000;

/**
 * Checks a parsed query against the org's objects and fields as Salesforce does: unknown objects,
 * fields and relationships, and literals of the wrong type for their field are refused.
 */
export function bindQuery(schema: OrgSchema, query: SoqlQuery): BoundQuery {
  const object = schema.object(query.from.name);
  if (!object) {
    throw soqlError(
      'INVALID_TYPE',
      query.text,
      query.from.position,
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return bindOn(schema, object, query);
}

/** A subquery names a child relationship of the object around it, and binds to the child object. */
function bindChild(
  schema: OrgSchema,
  parent: SObjectSchema,
  outer: SoqlQuery,
  subquery: ChildSubquery,
): BoundChildQuery {
  const { from } = subquery.query;
  const relationship = childRelationship(parent.name, from.name);
  const child = relationship && schema.object(relationship.childObject);
  if (!relationship || !child) {
    throw soqlError(
      'INVALID_TYPE',
      outer.text,
      from.position,
      `Didn't understand relationship '${from.name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  if (subquery.query.offset !== null && outer.limit !== 1) {
    throw soqlError(
      'MALFORMED_QUERY',
      outer.text,
      subquery.position,
      'a subquery can use OFFSET only when the parent query has LIMIT 1',
    );
  }
  return { relationship, query: bindOn(schema, child, subquery.query), fieldsBefore: subquery.fieldsBefore };
}

function bindOn(schema: OrgSchema, object: SObjectSchema, query: SoqlQuery): BoundQuery {
  const path = (written: FieldPath): BoundPath => {
    let current = object;
    const hops: FieldDefinition[] = [];
    const names: string[] = [];
    const relationships = written.segments.slice(0, -1);
    for (const name of relationships) {
      const reference = current.relationship(name);
      if (!reference) {
        throw soqlError(
          'INVALID_FIELD',
          query.text,
          written.position,
          `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      hops.push(reference);
      names.push(reference.relationshipName ?? name);
      current = schema.relationshipTarget(reference);
    }
    const fieldName = written.segments.at(-1) ?? '';
    const field = current.field(fieldName);
    if (!field) {
      throw soqlError(
        'INVALID_FIELD',
        query.text,
        written.position,
        `No such column '${fieldName}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return { hops, field, names: [...names, field.name] };
  };
  const condition = (written: Condition): BoundCondition => {
    switch (written.kind) {
      case 'and':
      case 'or':
        return { kind: written.kind, operands: written.operands.map(condition) };
      case 'not':
        return { kind: 'not', operand: condition(written.operand) };
      case 'compare': {
        const bound = path(written.field);
        return {
          kind: 'compare',
          path: bound,
          operator: written.operator,
          value: literalValue(query.text, bound, written.value, written.operator),
        };
      }
      case 'in': {
        const bound = path(written.field);
        return {
          kind: 'in',
          path: bound,
          negated: written.negated,
          values: written.values.map((item) => literalValue(query.text, bound, item, 'IN')),
        };
      }
      case 'like': {
        const bound = path(written.field);
        if (!isTextType(bound.field.type) || written.pattern.kind !== 'string') {
          throw soqlError(
            'INVALID_QUERY_FILTER_OPERATOR',
            query.text,
            written.field.position,
            `invalid operator on id or non-text field ${bound.field.name}: LIKE`,
          );
        }
        return { kind: 'like', path: bound, pattern: likePattern(written.pattern) };
      }
    }
  };
  if (query.offset !== null && query.offset > MAX_OFFSET) {
    throw soqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      query.text,
      0,
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }
  const select = query.fields?.map(path) ?? null;
  const seen = new Set<string>();
  for (const bound of select ?? []) {
    const key = bound.names.join('.').toLowerCase();
    if (seen.has(key)) {
      throw soqlError('MALFORMED_QUERY', query.text, 0, `duplicate field selected: ${bound.names.join('.')}`);
    }
    seen.add(key);
  }
  const children = query.subqueries.map((subquery) => bindChild(schema, object, query, subquery));
  for (const [index, child] of children.entries()) {
    const name = child.relationship.name;
    if (children.findIndex((other) => other.relationship.name === name) !== index) {
      const position = query.subqueries[index]?.position ?? 0;
      throw soqlError(
        'MALFORMED_QUERY',
        query.text,
        position,
        `Cannot follow the same aggregate relationship twice: ${name}`,
      );
    }
  }
  return {
    object,
    select,
    where: query.where === null ? null : condition(query.where),
    orderBy: query.orderBy.map((item) => ({
      path: path(item.field),
      descending: item.descending,
      nullsLast: item.nullsLast,
    })),
    limit: query.limit,
    offset: query.offset,
    children,
  };
}
