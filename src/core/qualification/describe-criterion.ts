import {
  type Criterion,
  groupKind,
  groupMembers,
  isPropertyCriterion,
  type PropertyCriterion,
} from './criteria.ts';

function describeRange(
  property: string,
  low: number | string | undefined,
  high: number | string | undefined,
  lowWord: string,
  highWord: string,
): string {
  if (low !== undefined && high !== undefined) return `${property} is between ${low} and ${high}`;
  return low !== undefined ? `${property} is ${lowWord} ${low}` : `${property} is ${highWord} ${high}`;
}

function describeTest(criterion: PropertyCriterion): string {
  const p = criterion.property;
  switch (criterion.operator) {
    case 'equals':
      return `${p} is "${criterion.value}"`;
    case 'not_equals':
      return `${p} is not "${criterion.value}"`;
    case 'contains':
      return `${p} contains "${criterion.value}"`;
    case 'in':
      return `${p} is one of ${criterion.value.join(', ')}`;
    case 'not_in':
      return `${p} is none of ${criterion.value.join(', ')}`;
    case 'between':
      return describeRange(p, criterion.value.min, criterion.value.max, 'at least', 'at most');
    case 'date_between':
      return describeRange(p, criterion.value.from, criterion.value.to, 'on or after', 'on or before');
    case 'exists':
      return `${p} is set`;
    case 'not_exists':
      return `${p} is empty`;
    case 'within_last':
      return `${p} is within the last ${criterion.value} day(s)`;
  }
}

/** The criterion's own label, or a plain-language reading of what it tests. */
export function describeCriterion(criterion: Criterion): string {
  if (criterion.label !== undefined) return criterion.label;
  if (isPropertyCriterion(criterion)) return describeTest(criterion);
  return `${groupKind(criterion)} of ${groupMembers(criterion).length} criteria`;
}

export function describeObserved(property: string, observed: string | null): string {
  return observed === null || observed.trim() === ''
    ? `${property} was empty`
    : `${property} was "${observed}"`;
}
