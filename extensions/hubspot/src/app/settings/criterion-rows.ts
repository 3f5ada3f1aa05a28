import type { Criterion, Leaf } from './settings-types.ts';

/** One criterion as the editor shows it: a property, an operator and the value typed as text. */
export interface CriterionRow {
  readonly property: string;
  readonly operator: string;
  readonly value: string;
  readonly label: string;
}

export const OPERATORS: readonly { readonly value: string; readonly label: string; readonly hint: string }[] =
  [
    { value: 'equals', label: 'is', hint: 'a value' },
    { value: 'not_equals', label: 'is not', hint: 'a value' },
    { value: 'contains', label: 'contains', hint: 'a word' },
    { value: 'in', label: 'is one of', hint: 'values, comma-separated' },
    { value: 'not_in', label: 'is none of', hint: 'values, comma-separated' },
    { value: 'between', label: 'is a number between', hint: 'min..max, e.g. 50..1000 or 50..' },
    { value: 'date_between', label: 'is a date between', hint: 'from..to, e.g. 2026-01-01..2026-03-31' },
    { value: 'within_last', label: 'is within the last', hint: 'days, e.g. 30' },
    { value: 'exists', label: 'has a value', hint: '' },
    { value: 'not_exists', label: 'has no value', hint: '' },
  ];

const isLeaf = (c: Criterion): c is Leaf => 'operator' in c;

/**
 * The rows of a definition whose rules are a plain list that must all be met, the form the
 * editor edits; null for deeper trees (any/none groups), which the editor shows as JSON.
 */
export function rowsOf(rules: Criterion | undefined): CriterionRow[] | null {
  if (rules === undefined) return [];
  if (!('all' in rules) || !rules.all.every(isLeaf)) return null;
  return rules.all.filter(isLeaf).map((leaf) => ({
    property: leaf.property,
    operator: leaf.operator,
    value: valueText(leaf),
    label: leaf.label ?? '',
  }));
}

function valueText(leaf: Leaf): string {
  const v = leaf.value as unknown;
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object' && v !== null) {
    const range = v as { min?: number; max?: number; from?: string; to?: string };
    if (leaf.operator === 'date_between') return `${range.from ?? ''}..${range.to ?? ''}`;
    return `${range.min ?? ''}..${range.max ?? ''}`;
  }
  return String(v);
}

/**
 * The rules a list of rows means. Values are turned into the shape each operator takes; what is
 * still wrong (an empty property, a range the wrong way round) is Baton's to refuse, naming the row.
 */
export function rulesOf(rows: readonly CriterionRow[]): Criterion {
  return { all: rows.map(leafOf) };
}

function leafOf(row: CriterionRow): Leaf {
  const base = {
    property: row.property.trim(),
    operator: row.operator,
    ...(row.label.trim() ? { label: row.label.trim() } : {}),
  };
  const text = row.value.trim();
  switch (row.operator) {
    case 'exists':
    case 'not_exists':
      return base;
    case 'in':
    case 'not_in':
      return {
        ...base,
        value: text
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      };
    case 'between': {
      const [min, max] = bounds(text);
      return {
        ...base,
        value: { ...(min ? { min: Number(min) } : {}), ...(max ? { max: Number(max) } : {}) },
      };
    }
    case 'date_between': {
      const [from, to] = bounds(text);
      return { ...base, value: { ...(from ? { from } : {}), ...(to ? { to } : {}) } };
    }
    case 'within_last':
      return { ...base, value: text === '' ? Number.NaN : Number(text) };
    default:
      return { ...base, value: text };
  }
}

function bounds(text: string): [string, string] {
  const [low = '', high = ''] = text.includes('..') ? text.split('..') : [text, text];
  return [low.trim(), high.trim()];
}

/** The row a field issue from Baton is about (`rules.all[2].value` → 2), if any. */
export function rowOfIssue(path: string): number | null {
  const match = /^rules\.all\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : null;
}
