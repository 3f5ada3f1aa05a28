import { z } from 'zod';
import { parseInstant } from '../parse-instant.ts';
import {
  CRITERION_OPERATORS,
  type Criterion,
  type CriterionOperator,
  type PropertyCriterion,
} from './criteria.ts';

export const nonEmptyText = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` });

/** Strict objects name the stray fields, which are usually typos (`opertor`, `disqualifier`). */
export const strictShape = { error: unknownFields };

function unknownFields(issue: { code: string; keys?: readonly string[] }): string | undefined {
  return issue.code === 'unrecognized_keys' ? `unknown field(s) ${(issue.keys ?? []).join(', ')}` : undefined;
}

export const labelSchema = nonEmptyText('label').exactOptional();
const property = nonEmptyText('property');

function textValue(operator: 'equals' | 'not_equals' | 'contains') {
  return z.string({ error: `${operator} needs a text value, e.g. "Software"` }).min(1, {
    error: `${operator} needs a non-empty value; use not_exists to test for an empty property`,
  });
}

function textCriterion(operator: 'equals' | 'not_equals' | 'contains') {
  const value =
    operator === 'contains'
      ? textValue(operator).refine((text) => !text.includes(';'), {
          error: 'contains matches one multi-select item at a time; use an any group for several terms',
        })
      : textValue(operator);
  return z.strictObject({ operator: z.literal(operator), property, label: labelSchema, value }, strictShape);
}

function listCriterion(operator: 'in' | 'not_in') {
  return z.strictObject(
    {
      operator: z.literal(operator),
      property,
      label: labelSchema,
      value: z
        .array(z.string({ error: `${operator} values must be text` }), {
          error: `${operator} needs a list of text values, e.g. ["US", "CA"]`,
        })
        .min(1, { error: `${operator} needs at least one value` }),
    },
    strictShape,
  );
}

const bound = (name: string) => z.number({ error: `${name} must be a finite number` }).exactOptional();

const numberRange = z
  .strictObject({ min: bound('min'), max: bound('max') }, { error: 'between needs { min, max } numbers' })
  .superRefine((range, ctx) => {
    if (range.min === undefined && range.max === undefined) {
      ctx.addIssue({ code: 'custom', message: 'between needs a min, a max, or both' });
    } else if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      ctx.addIssue({
        code: 'custom',
        message: `min ${range.min} is greater than max ${range.max}; nothing can match`,
      });
    }
  });

const dateBound = (name: string) =>
  z
    .string({ error: `${name} must be an ISO date such as 2026-01-31 or epoch milliseconds` })
    .refine((text) => parseInstant(text) !== null, {
      error: `${name} must be an ISO date such as 2026-01-31 or epoch milliseconds`,
    })
    .exactOptional();

const dateRange = z
  .strictObject(
    { from: dateBound('from'), to: dateBound('to') },
    { error: 'date_between needs { from, to } dates' },
  )
  .superRefine((range, ctx) => {
    const from = parseInstant(range.from);
    const to = parseInstant(range.to);
    if (range.from === undefined && range.to === undefined) {
      ctx.addIssue({ code: 'custom', message: 'date_between needs a from date, a to date, or both' });
    } else if (from !== null && to !== null && from > to) {
      ctx.addIssue({
        code: 'custom',
        message: `from ${range.from} is after to ${range.to}; nothing can match`,
      });
    }
  });

function presenceCriterion(operator: 'exists' | 'not_exists') {
  return z.strictObject({ operator: z.literal(operator), property, label: labelSchema }, strictShape);
}

const LEAF_SCHEMAS: Readonly<Record<CriterionOperator, z.ZodType<PropertyCriterion>>> = {
  equals: textCriterion('equals'),
  not_equals: textCriterion('not_equals'),
  contains: textCriterion('contains'),
  in: listCriterion('in'),
  not_in: listCriterion('not_in'),
  between: z.strictObject(
    { operator: z.literal('between'), property, label: labelSchema, value: numberRange },
    strictShape,
  ),
  date_between: z.strictObject(
    { operator: z.literal('date_between'), property, label: labelSchema, value: dateRange },
    strictShape,
  ),
  exists: presenceCriterion('exists'),
  not_exists: presenceCriterion('not_exists'),
  within_last: z.strictObject(
    {
      operator: z.literal('within_last'),
      property,
      label: labelSchema,
      value: z
        .number({ error: 'within_last needs a number of days, e.g. 30' })
        .positive({ error: 'within_last needs a number of days greater than 0' }),
    },
    strictShape,
  ),
};

type SchemaChoice =
  | { readonly schema: z.ZodType<Criterion> }
  | { readonly message: string; readonly path: string[] };

const GROUP_KEYS = ['all', 'any', 'none'] as const;

function isOperator(value: unknown): value is CriterionOperator {
  return typeof value === 'string' && Object.hasOwn(LEAF_SCHEMAS, value);
}

/** Chooses the schema by shape so errors name the field that is wrong, not every union branch. */
function pickSchema(input: unknown): SchemaChoice {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      message: 'a criterion must be an object with an operator, or a group with all, any or none',
      path: [],
    };
  }
  if ('operator' in input) {
    const { operator } = input;
    if (isOperator(operator)) return { schema: LEAF_SCHEMAS[operator] };
    return {
      message: `unknown operator ${JSON.stringify(operator)}; use one of ${CRITERION_OPERATORS.join(', ')}`,
      path: ['operator'],
    };
  }
  const kinds = GROUP_KEYS.filter((key) => key in input);
  const [kind] = kinds;
  if (kind === undefined) {
    return { message: 'a criterion needs an operator, or a group needs all, any or none', path: [] };
  }
  if (kinds.length > 1) {
    return { message: `a group takes exactly one of all, any or none (found ${kinds.join(', ')})`, path: [] };
  }
  return { schema: GROUP_SCHEMAS[kind] };
}

export const criterionSchema: z.ZodType<Criterion, unknown> = z.unknown().transform((input, ctx) => {
  const picked = pickSchema(input);
  if (!('schema' in picked)) {
    ctx.addIssue({ code: 'custom', message: picked.message, path: picked.path });
    return z.NEVER;
  }
  const parsed = picked.schema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

const members = (kind: string) =>
  z
    .array(criterionSchema, { error: `${kind} needs a list of criteria` })
    .min(1, { error: `${kind} needs at least one criterion` });

const GROUP_SCHEMAS: Readonly<Record<(typeof GROUP_KEYS)[number], z.ZodType<Criterion>>> = {
  all: z.strictObject({ all: members('all'), label: labelSchema }, strictShape),
  any: z.strictObject({ any: members('any'), label: labelSchema }, strictShape),
  none: z.strictObject({ none: members('none'), label: labelSchema }, strictShape),
};
