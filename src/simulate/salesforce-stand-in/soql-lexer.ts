import { parseDate, parseDatetime } from './salesforce-time.ts';
import { soqlError } from './soql-error.ts';

/** One character of a string literal; `escaped` marks `\%` and `\_`, which LIKE takes literally. */
export interface StringUnit {
  readonly text: string;
  readonly escaped: boolean;
}

export type Token =
  | { readonly kind: 'identifier'; readonly text: string; readonly upper: string; readonly position: number }
  | {
      readonly kind: 'string';
      readonly value: string;
      readonly units: readonly StringUnit[];
      readonly position: number;
    }
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean; readonly position: number }
  | { readonly kind: 'date'; readonly value: string; readonly position: number }
  | { readonly kind: 'datetime'; readonly value: number; readonly position: number }
  | { readonly kind: 'symbol'; readonly text: string; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

const DATETIME_LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER_LITERAL = /^-?\d+(?:\.\d+)?(?![\w.])/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const SYMBOL = /^(?:!=|<>|<=|>=|[=<>(),.])/;

/** Splits a SOQL query into tokens; a string with an illegal escape or no closing quote is refused. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const rest = query.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith("'")) {
      const { token, length } = readString(query, at);
      tokens.push(token);
      at += length;
      continue;
    }
    const datetime = DATETIME_LITERAL.exec(rest);
    if (datetime) {
      const value = parseDatetime(datetime[0]);
      if (value === null)
        throw soqlError(
          'MALFORMED_QUERY',
          query,
          at,
          `line 1:${at} no viable alternative at character '${datetime[0]}'`,
        );
      tokens.push({ kind: 'datetime', value, position: at });
      at += datetime[0].length;
      continue;
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(rest)) {
      throw soqlError(
        'MALFORMED_QUERY',
        query,
        at,
        'invalid datetime: it needs seconds and a zone (Z or ±hh:mm)',
      );
    }
    const date = DATE_LITERAL.exec(rest);
    if (date) {
      const value = parseDate(date[0]);
      if (value === null) throw soqlError('MALFORMED_QUERY', query, at, `invalid date: ${date[0]}`);
      tokens.push({ kind: 'date', value, position: at });
      at += date[0].length;
      continue;
    }
    const number = NUMBER_LITERAL.exec(rest);
    if (number) {
      tokens.push({
        kind: 'number',
        value: Number(number[0]),
        integer: !number[0].includes('.'),
        position: at,
      });
      at += number[0].length;
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      const text = identifier[0];
      tokens.push({ kind: 'identifier', text, upper: text.toUpperCase(), position: at });
      at += text.length;
      continue;
    }
    const symbol = SYMBOL.exec(rest);
    if (symbol) {
      tokens.push({ kind: 'symbol', text: symbol[0], position: at });
      at += symbol[0].length;
      continue;
    }
    throw soqlError(
      'MALFORMED_QUERY',
      query,
      at,
      `line 1:${at} no viable alternative at character '${rest.charAt(0)}'`,
    );
  }
  tokens.push({ kind: 'end', position: query.length });
  return tokens;
}

function readString(query: string, start: number): { token: Token; length: number } {
  const units: StringUnit[] = [];
  let at = start + 1;
  while (at < query.length) {
    const char = query.charAt(at);
    if (char === "'") {
      const value = units.map((unit) => unit.text).join('');
      return { token: { kind: 'string', value, units, position: start }, length: at + 1 - start };
    }
    if (char !== '\\') {
      units.push({ text: char, escaped: false });
      at += 1;
      continue;
    }
    const next = query.charAt(at + 1);
    const simple = ESCAPES[next.toLowerCase()] ?? ESCAPES[next];
    if (simple !== undefined) {
      units.push({ text: simple, escaped: false });
      at += 2;
    } else if (next === '%' || next === '_') {
      units.push({ text: next, escaped: true });
      at += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(at + 2, at + 6))) {
      units.push({
        text: String.fromCharCode(Number.parseInt(query.slice(at + 2, at + 6), 16)),
        escaped: false,
      });
      at += 6;
    } else {
      const literal = query.slice(start, Math.min(query.length, at + 2));
      throw soqlError(
        'MALFORMED_QUERY',
        query,
        start,
        `Invalid string literal '${literal}'. Illegal escape sequence '\\${next}'`,
      );
    }
  }
  throw soqlError(
    'MALFORMED_QUERY',
    query,
    start,
    `line 1:${start} mismatched character '<EOF>' expecting '''`,
  );
}
