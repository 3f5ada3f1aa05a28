import type {
  ChildSubquery,
  ComparisonOperator,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  SoqlQuery,
} from './soql-ast.ts';
import { soqlError } from './soql-error.ts';
import { type Token, tokenize } from './soql-lexer.ts';

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);
const CLAUSE_KEYWORDS: ReadonlySet<string> = new Set([
  'FROM',
  'WHERE',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
]);

/**
 * Parses the SOQL subset the stand-in serves: one object, field paths and child relationship
 * subqueries, a boolean WHERE, ORDER BY, LIMIT, OFFSET.
 */
export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index] ?? { kind: 'end', position: text.length };
  const advance = (): Token => {
    const token = peek();
    if (token.kind !== 'end') index += 1;
    return token;
  };
  const unexpected = (token: Token = peek()): never => {
    const shown =
      token.kind === 'end'
        ? '<EOF>'
        : text.slice(token.position).split(/[\s,()]/)[0] || text.charAt(token.position);
    throw soqlError('MALFORMED_QUERY', text, token.position, `unexpected token: '${shown}'`);
  };
  const isKeyword = (word: string, token: Token = peek()) =>
    token.kind === 'identifier' && token.upper === word;
  const expectKeyword = (word: string) => {
    if (!isKeyword(word)) unexpected();
    return advance();
  };
  const expectSymbol = (symbol: string) => {
    const token = peek();
    if (token.kind !== 'symbol' || token.text !== symbol) unexpected();
    return advance();
  };
  const isSymbol = (symbol: string) => {
    const token = peek();
    return token.kind === 'symbol' && token.text === symbol;
  };

  const fieldPath = (): FieldPath => {
    const first = peek();
    if (first.kind !== 'identifier' || CLAUSE_KEYWORDS.has(first.upper)) unexpected();
    advance();
    const segments = [(first as { text: string }).text];
    while (isSymbol('.')) {
      advance();
      const next = advance();
      if (next.kind !== 'identifier') unexpected(next);
      segments.push((next as { text: string }).text);
    }
    return { segments, position: first.position };
  };

  const literal = (): Literal => {
    const token = advance();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, units: token.units, position: token.position };
      case 'number':
        return { kind: 'number', value: token.value, integer: token.integer, position: token.position };
      case 'date':
      case 'datetime':
        return { ...token };
      case 'identifier':
        if (token.upper === 'TRUE' || token.upper === 'FALSE') {
          return { kind: 'boolean', value: token.upper === 'TRUE', position: token.position };
        }
        if (token.upper === 'NULL') return { kind: 'null', position: token.position };
        return unexpected(token);
      default:
        return unexpected(token);
    }
  };

  const comparison = (): Condition => {
    const field = fieldPath();
    if (isKeyword('LIKE')) {
      advance();
      return { kind: 'like', field, pattern: literal() };
    }
    const negated = isKeyword('NOT');
    if (negated) advance();
    if (isKeyword('IN')) {
      advance();
      expectSymbol('(');
      if (isKeyword('SELECT')) {
        throw soqlError(
          'MALFORMED_QUERY',
          text,
          peek().position,
          'the stand-in does not serve semi-join subqueries',
        );
      }
      const values = [literal()];
      while (isSymbol(',')) {
        advance();
        values.push(literal());
      }
      expectSymbol(')');
      return { kind: 'in', field, negated, values };
    }
    if (negated) unexpected();
    const operator = peek();
    if (operator.kind !== 'symbol' || !COMPARISONS.has(operator.text)) return unexpected(operator);
    advance();
    const normalized = (operator.text === '<>' ? '!=' : operator.text) as ComparisonOperator;
    return { kind: 'compare', field, operator: normalized, value: literal() };
  };

  const unary = (): Condition => {
    if (isKeyword('NOT')) {
      advance();
      return { kind: 'not', operand: unary() };
    }
    if (isSymbol('(')) {
      advance();
      const inner = condition();
      expectSymbol(')');
      return inner;
    }
    return comparison();
  };

  // SOQL refuses AND and OR side by side without parentheses: there is no precedence between them.
  const condition = (): Condition => {
    const operands = [unary()];
    let joiner: 'AND' | 'OR' | null = null;
    while (isKeyword('AND') || isKeyword('OR')) {
      const word = (peek() as { upper: 'AND' | 'OR' }).upper;
      if (joiner !== null && joiner !== word) unexpected();
      joiner = word;
      advance();
      operands.push(unary());
    }
    const [only] = operands;
    if (joiner === null && only) return only;
    return { kind: joiner === 'OR' ? 'or' : 'and', operands };
  };

  const integer = (): number => {
    const token = advance();
    if (token.kind !== 'number' || !token.integer || token.value < 0) return unexpected(token);
    return token.value;
  };

  // A child subquery has the same shape as the query around it, so the body reads itself recursively.
  const body = (nested: boolean): SoqlQuery => {
    expectKeyword('SELECT');
    let fields: FieldPath[] | null = [];
    const subqueries: ChildSubquery[] = [];
    const count = peek();
    if (
      isKeyword('COUNT') &&
      tokens[index + 1]?.kind === 'symbol' &&
      (tokens[index + 1] as { text: string }).text === '('
    ) {
      advance();
      advance();
      if (!isSymbol(')') || nested) {
        const problem = nested
          ? 'COUNT() cannot be used in a child relationship subquery'
          : 'the stand-in serves COUNT() only, without a field';
        throw soqlError('MALFORMED_QUERY', text, count.position, problem);
      }
      advance();
      fields = null;
    } else {
      do {
        if (fields.length + subqueries.length > 0) advance();
        if (isSymbol('(')) {
          const open = advance();
          subqueries.push({ query: body(true), position: open.position, fieldsBefore: fields.length });
          expectSymbol(')');
        } else {
          fields.push(fieldPath());
        }
      } while (isSymbol(','));
    }
    expectKeyword('FROM');
    const objectToken = advance();
    if (objectToken.kind !== 'identifier') return unexpected(objectToken);
    const from = { name: objectToken.text, position: objectToken.position };

    let where: Condition | null = null;
    if (isKeyword('WHERE')) {
      advance();
      where = condition();
    }
    const orderBy: OrderItem[] = [];
    if (isKeyword('ORDER')) {
      advance();
      expectKeyword('BY');
      do {
        if (orderBy.length > 0) advance();
        const field = fieldPath();
        let descending = false;
        if (isKeyword('ASC') || isKeyword('DESC'))
          descending = (advance() as { upper: string }).upper === 'DESC';
        let nullsLast = false;
        if (isKeyword('NULLS')) {
          advance();
          if (!isKeyword('FIRST') && !isKeyword('LAST')) unexpected();
          nullsLast = (advance() as { upper: string }).upper === 'LAST';
        }
        orderBy.push({ field, descending, nullsLast });
      } while (isSymbol(','));
    }
    let limit: number | null = null;
    if (isKeyword('LIMIT')) {
      advance();
      limit = integer();
    }
    let offset: number | null = null;
    if (isKeyword('OFFSET')) {
      advance();
      offset = integer();
    }
    return { text, fields, subqueries, from, where, orderBy, limit, offset };
  };

  const query = body(false);
  if (peek().kind !== 'end') unexpected();
  return query;
}
