import { parseInstant } from '../parse-instant.ts';
import type { PropertyBag } from '../record.ts';
import { DAY_MS, type Instant } from '../time.ts';
import {
  type Criterion,
  expectedValue,
  groupKind,
  groupMembers,
  isPropertyCriterion,
  type PropertyCriterion,
} from './criteria.ts';
import { describeCriterion } from './describe-criterion.ts';
import type { CriterionResult } from './qualification-result.ts';

/** Mutable per-evaluation state, allocated once per record so criteria themselves allocate nothing. */
export interface EvaluationScope {
  readonly properties: PropertyBag;
  readonly now: Instant;
  /** Where property tests record themselves; null when only the outcome matters (scoring). */
  entries: CriterionResult[] | null;
  /** Index in `entries` of the property test that settled the node evaluated last. */
  decisive: number;
}

export type CompiledCriterion = (scope: EvaluationScope) => boolean;

type PropertyTest = (observed: string | null, now: Instant) => boolean;

function isMissing(value: string | null): value is null {
  return value === null || value.trim() === '';
}

function toNumber(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || (n === 0 && value.trim() === '')) return null;
  return n;
}

/** A bare `YYYY-MM-DD` upper bound means the whole of that day. */
function upperBound(to: string | undefined): number {
  const at = parseInstant(to);
  if (at === null) return Number.POSITIVE_INFINITY;
  return to !== undefined && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(to) ? at + DAY_MS - 1 : at;
}

/**
 * Validation keeps `;` out of the needle, so a substring of a `;`-separated multi-select value always
 * falls inside one item: matching the whole value is matching any item.
 */
function containsText(needle: string): PropertyTest {
  const lowered = needle.toLowerCase();
  return (observed) => observed?.toLowerCase().includes(lowered) === true;
}

function compileTest(criterion: PropertyCriterion): PropertyTest {
  switch (criterion.operator) {
    case 'equals': {
      const { value } = criterion;
      return (observed) => observed === value;
    }
    case 'not_equals': {
      const { value } = criterion;
      return (observed) => observed !== value;
    }
    case 'in': {
      const values = new Set(criterion.value);
      return (observed) => observed !== null && values.has(observed);
    }
    case 'not_in': {
      const values = new Set(criterion.value);
      return (observed) => observed === null || !values.has(observed);
    }
    case 'contains':
      return containsText(criterion.value);
    case 'between': {
      const min = criterion.value.min ?? Number.NEGATIVE_INFINITY;
      const max = criterion.value.max ?? Number.POSITIVE_INFINITY;
      return (observed) => {
        const n = toNumber(observed);
        return n !== null && n >= min && n <= max;
      };
    }
    case 'date_between': {
      const from = parseInstant(criterion.value.from) ?? Number.NEGATIVE_INFINITY;
      const to = upperBound(criterion.value.to);
      return (observed) => {
        const at = parseInstant(observed);
        return at !== null && at >= from && at <= to;
      };
    }
    case 'exists':
      return (observed) => !isMissing(observed);
    case 'not_exists':
      return isMissing;
    case 'within_last': {
      const windowMs = criterion.value * DAY_MS;
      return (observed, now) => {
        const at = parseInstant(observed);
        return at !== null && at <= now && now - at <= windowMs;
      };
    }
  }
}

function compileProperty(criterion: PropertyCriterion, path: string): CompiledCriterion {
  const test = compileTest(criterion);
  const { property, operator } = criterion;
  const label = describeCriterion(criterion);
  const expected = expectedValue(criterion);
  return (scope) => {
    const observed = scope.properties[property] ?? null;
    const met = test(observed, scope.now);
    const entries = scope.entries;
    if (entries !== null) {
      scope.decisive = entries.length;
      entries.push({ path, label, operator, property, expected, observed, met });
    }
    return met;
  };
}

/**
 * Groups evaluate every member, without short-circuiting, so the result lists each criterion met or
 * missed. The decisive member is the first that settles the group: the first miss of a failed `all`,
 * the first match of a passed `any` or failed `none`, otherwise the first member.
 */
function compileGroup(
  kind: 'all' | 'any' | 'none',
  members: readonly CompiledCriterion[],
): CompiledCriterion {
  const settlesOn = kind !== 'all';
  return (scope) => {
    let settled = false;
    let decisive = -1;
    for (const member of members) {
      const met = member(scope);
      if (decisive < 0 || (!settled && met === settlesOn)) decisive = scope.decisive;
      if (met === settlesOn) settled = true;
    }
    scope.decisive = decisive;
    if (kind === 'all') return !settled;
    return kind === 'any' ? settled : !settled;
  };
}

export function compileCriterion(criterion: Criterion, path: string): CompiledCriterion {
  if (isPropertyCriterion(criterion)) return compileProperty(criterion, path);
  const kind = groupKind(criterion);
  const members = groupMembers(criterion).map((member, index) =>
    compileCriterion(member, `${path}.${kind}[${index}]`),
  );
  return compileGroup(kind, members);
}
