import type { Criterion } from '../../../src/core/qualification/criteria.ts';
import type { QualificationDefinition } from '../../../src/core/qualification/definition.ts';
import { evaluateDefinition } from '../../../src/core/qualification/evaluate-definition.ts';
import type { CriterionResult } from '../../../src/core/qualification/qualification-result.ts';
import { validateDefinition } from '../../../src/core/qualification/validate-definition.ts';
import type { PropertyBag } from '../../../src/core/record.ts';
import { DAY_MS } from '../../../src/core/time.ts';
import { unwrap } from '../../../src/core/validation.ts';

export const NOW = Date.parse('2026-03-02T09:00:00Z');
export const CREATED = Date.parse('2026-02-01T09:00:00Z');

export function daysAgo(days: number): string {
  return String(NOW - days * DAY_MS);
}

export const base = { key: 'mql', version: 1, name: 'Global MQL', status: 'draft', createdAt: CREATED };
export const email = { operator: 'exists', property: 'email' };
export const approval = { by: 'someone', at: CREATED };
export const withRules = (rules: unknown, extra: Record<string, unknown> = {}) => ({
  ...base,
  rules,
  ...extra,
});
export const country = (operator: string, value: unknown) => ({ operator, property: 'country', value });
export const fitRule = (points: number, extra: Record<string, unknown> = {}) => ({
  criterion: email,
  points,
  ...extra,
});

/** A valid draft; `overrides` replace top-level fields (undefined removes one) and are validated like user input. */
export function draftDefinition(overrides: Record<string, unknown> = {}): QualificationDefinition {
  const input = Object.fromEntries(
    Object.entries({ ...base, rules: email, ...overrides }).filter(([, value]) => value !== undefined),
  );
  return unwrap('test definition', validateDefinition(input));
}

/** Evaluates one criterion as the whole rules tree and returns its single property test. */
export function checkCriterion(criterion: Criterion, properties: PropertyBag, now = NOW): CriterionResult {
  const [result] = evaluateDefinition(draftDefinition({ rules: criterion }), properties, now).criteria;
  if (result === undefined) throw new Error('the criterion produced no result');
  return result;
}
