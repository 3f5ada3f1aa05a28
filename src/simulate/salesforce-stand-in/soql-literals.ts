import { isIdType, isNumberType } from './field-definition.ts';
import type { FieldValue } from './field-values.ts';
import { canonicalId } from './record-ids.ts';
import type { Literal } from './soql-ast.ts';
import type { BoundPath } from './soql-bound-path.ts';
import { soqlError } from './soql-error.ts';

/**
 * A literal as the value its field compares with: ids canonical, text lowercased (SOQL compares
 * text case-insensitively); a literal of the wrong kind for its field is refused as Salesforce does.
 */
export function literalValue(text: string, bound: BoundPath, literal: Literal, operator: string): FieldValue {
  const field = bound.field;
  const refuse = (problem: string): never => {
    throw soqlError('INVALID_QUERY_FILTER_OPERATOR', text, literal.position, problem);
  };
  if (literal.kind === 'null') {
    if (operator !== '=' && operator !== '!=' && operator !== 'IN')
      refuse(`invalid operator on null: ${operator}`);
    return null;
  }
  if (isIdType(field.type)) {
    if (literal.kind !== 'string')
      refuse(
        `value of filter criterion for field '${field.name}' must be of type id and should be enclosed in quotes`,
      );
    const id = canonicalId((literal as { value: string }).value);
    return id ?? refuse(`invalid ID field: ${(literal as { value: string }).value}`);
  }
  const expected =
    field.type === 'datetime'
      ? 'datetime'
      : field.type === 'date'
        ? 'date'
        : isNumberType(field.type)
          ? 'number'
          : field.type === 'boolean'
            ? 'boolean'
            : 'string';
  if (literal.kind !== expected) {
    const quoted = expected === 'string';
    const typeName = expected === 'datetime' ? 'dateTime' : expected;
    refuse(
      `value of filter criterion for field '${field.name}' must be of type ${typeName} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    );
  }
  return literal.kind === 'string' ? literal.value.toLowerCase() : (literal as { value: FieldValue }).value;
}

/** LIKE: `%` any run, `_` one character, `\%` and `\_` themselves; case-insensitive like `=`. */
export function likePattern(literal: Extract<Literal, { kind: 'string' }>): RegExp {
  const source = literal.units
    .map((unit) => {
      if (!unit.escaped && unit.text === '%') return '.*';
      if (!unit.escaped && unit.text === '_') return '.';
      return unit.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 'is');
}
