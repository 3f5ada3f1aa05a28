/** Inclusive numeric range; an absent bound is open. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
}

/** Inclusive date range of ISO dates/times or epoch-millisecond strings; an absent bound is open. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

interface CriterionBase {
  readonly property: string;
  /** What people call this criterion, shown on the card and in explanations. */
  readonly label?: string;
}

export interface TextCriterion extends CriterionBase {
  /** `contains` is a case-insensitive substring match; on a `;`-separated multi-select it matches any item. */
  readonly operator: 'equals' | 'not_equals' | 'contains';
  readonly value: string;
}

export interface ListCriterion extends CriterionBase {
  readonly operator: 'in' | 'not_in';
  readonly value: readonly string[];
}

export interface NumberRangeCriterion extends CriterionBase {
  readonly operator: 'between';
  readonly value: NumberRange;
}

export interface DateRangeCriterion extends CriterionBase {
  readonly operator: 'date_between';
  readonly value: DateRange;
}

export interface PresenceCriterion extends CriterionBase {
  readonly operator: 'exists' | 'not_exists';
}

export interface RecencyCriterion extends CriterionBase {
  readonly operator: 'within_last';
  /** Days before the evaluation instant. */
  readonly value: number;
}

/** A test of one CRM property. Empty strings count as missing, as CRMs send them for cleared fields. */
export type PropertyCriterion =
  | TextCriterion
  | ListCriterion
  | NumberRangeCriterion
  | DateRangeCriterion
  | PresenceCriterion
  | RecencyCriterion;

export type CriterionOperator = PropertyCriterion['operator'];

export const CRITERION_OPERATORS: readonly CriterionOperator[] = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'contains',
  'between',
  'date_between',
  'exists',
  'not_exists',
  'within_last',
];

export type ExpectedValue = string | readonly string[] | NumberRange | DateRange | number | null;

export interface AllGroup {
  readonly all: readonly Criterion[];
  readonly label?: string;
}

export interface AnyGroup {
  readonly any: readonly Criterion[];
  readonly label?: string;
}

export interface NoneGroup {
  readonly none: readonly Criterion[];
  readonly label?: string;
}

export type CriteriaGroup = AllGroup | AnyGroup | NoneGroup;
export type GroupKind = 'all' | 'any' | 'none';

export type Criterion = PropertyCriterion | CriteriaGroup;

export function isPropertyCriterion(criterion: Criterion): criterion is PropertyCriterion {
  return 'operator' in criterion;
}

export function groupKind(group: CriteriaGroup): GroupKind {
  if ('all' in group) return 'all';
  return 'any' in group ? 'any' : 'none';
}

export function groupMembers(group: CriteriaGroup): readonly Criterion[] {
  if ('all' in group) return group.all;
  return 'any' in group ? group.any : group.none;
}

export function expectedValue(criterion: PropertyCriterion): ExpectedValue {
  return 'value' in criterion ? criterion.value : null;
}
