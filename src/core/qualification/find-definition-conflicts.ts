import type { ValidationIssue } from '../validation.ts';
import {
  type Criterion,
  groupKind,
  groupMembers,
  isPropertyCriterion,
  type PropertyCriterion,
} from './criteria.ts';
import type { QualificationDefinition, ScoreRule } from './definition.ts';
import { describeCriterion } from './describe-criterion.ts';

interface LeafAt {
  readonly criterion: PropertyCriterion;
  readonly path: string;
}

const NEEDS_VALUE = new Set(['equals', 'in', 'contains', 'between', 'date_between', 'within_last']);

function quote(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** Why two criteria in the same `all` group can never both hold, or null when they can. */
function contradiction(a: PropertyCriterion, b: PropertyCriterion): string | null {
  const p = a.property;
  if (p !== b.property) return null;
  if (a.operator === 'equals' && b.operator === 'equals' && a.value !== b.value) {
    return `${p} cannot equal both "${a.value}" and "${b.value}"`;
  }
  for (const [first, second] of [
    [a, b],
    [b, a],
  ] as const) {
    if (first.operator === 'equals' && second.operator === 'not_equals' && first.value === second.value) {
      return `${p} cannot both equal and not equal "${first.value}"`;
    }
    if (first.operator === 'equals' && second.operator === 'in' && !second.value.includes(first.value)) {
      return `${p} must equal "${first.value}", which is not one of ${quote(second.value)}`;
    }
    if (first.operator === 'equals' && second.operator === 'not_in' && second.value.includes(first.value)) {
      return `${p} must equal "${first.value}", which is excluded by not_in ${quote(second.value)}`;
    }
    if (first.operator === 'not_exists' && second.operator === 'exists') {
      return `${p} cannot be both set and empty`;
    }
    if (first.operator === 'not_exists' && NEEDS_VALUE.has(second.operator)) {
      return `${p} must be empty, but ${describeCriterion(second)} needs a value`;
    }
  }
  if (a.operator === 'in' && b.operator === 'in' && !a.value.some((v) => b.value.includes(v))) {
    return `${p} cannot be one of ${quote(a.value)} and one of ${quote(b.value)} at once`;
  }
  return null;
}

function childPath(path: string, kind: string, index: number): string {
  return `${path}.${kind}[${index}]`;
}

function findGroupContradictions(node: Criterion, path: string, issues: ValidationIssue[]): void {
  if (isPropertyCriterion(node)) return;
  const kind = groupKind(node);
  const members = groupMembers(node);
  members.forEach((member, index) => {
    findGroupContradictions(member, childPath(path, kind, index), issues);
  });
  if (kind !== 'all') return;
  const leaves: LeafAt[] = [];
  members.forEach((member, index) => {
    if (isPropertyCriterion(member)) leaves.push({ criterion: member, path: childPath(path, kind, index) });
  });
  leaves.forEach((later, j) => {
    const conflict = leaves
      .slice(0, j)
      .map((earlier) => ({ earlier, why: contradiction(earlier.criterion, later.criterion) }))
      .find((c) => c.why !== null);
    if (conflict)
      issues.push({ path: later.path, message: `contradicts ${conflict.earlier.path}: ${conflict.why}` });
  });
}

function canonical(criterion: PropertyCriterion): string {
  const value =
    criterion.operator === 'in' || criterion.operator === 'not_in'
      ? [...criterion.value].sort()
      : 'value' in criterion
        ? criterion.value
        : null;
  return JSON.stringify([criterion.operator, criterion.property, value]);
}

/** Leaves a lead must (or, in an `any`, may) meet to qualify; a `none` flips them to exclusions. */
function collectRequired(node: Criterion, path: string, positive: boolean, out: LeafAt[]): void {
  if (isPropertyCriterion(node)) {
    if (positive) out.push({ criterion: node, path });
    return;
  }
  const kind = groupKind(node);
  groupMembers(node).forEach((member, index) => {
    collectRequired(member, childPath(path, kind, index), kind === 'none' ? !positive : positive, out);
  });
}

/** Leaves that disqualify on their own: a top-level disqualifier or one reached only through `any` groups. */
function collectTriggers(node: Criterion, path: string, out: LeafAt[]): void {
  if (isPropertyCriterion(node)) {
    out.push({ criterion: node, path });
    return;
  }
  if (!('any' in node)) return;
  node.any.forEach((member, index) => {
    collectTriggers(member, childPath(path, 'any', index), out);
  });
}

function findDisqualifierOverlaps(def: QualificationDefinition, issues: ValidationIssue[]): void {
  if (def.rules === undefined) return;
  const required: LeafAt[] = [];
  collectRequired(def.rules, 'rules', true, required);
  const byKey = new Map(required.map((leaf) => [canonical(leaf.criterion), leaf.path]));
  def.disqualifiers.forEach((disqualifier, index) => {
    const triggers: LeafAt[] = [];
    collectTriggers(disqualifier, `disqualifiers[${index}]`, triggers);
    for (const trigger of triggers) {
      const rulePath = byKey.get(canonical(trigger.criterion));
      if (rulePath !== undefined) {
        issues.push({
          path: trigger.path,
          message: `the same criterion as ${rulePath} (${describeCriterion(trigger.criterion)}); a lead meeting it would be qualified and disqualified at once`,
        });
      }
    }
  });
}

function findScoringProblems(def: QualificationDefinition, issues: ValidationIssue[]): void {
  const { scoring } = def;
  const check = (
    dimension: 'fit' | 'engagement',
    rules: readonly ScoreRule[],
    threshold: number | undefined,
  ) => {
    rules.forEach((rule, index) => {
      const path = `scoring.${dimension}[${index}]`;
      findGroupContradictions(rule.criterion, `${path}.criterion`, issues);
      if (rule.decays !== true) return;
      if (dimension === 'fit') {
        issues.push({
          path: `${path}.decays`,
          message: 'fit points describe who the lead is and do not decay',
        });
      } else if (rule.dateProperty === undefined) {
        issues.push({
          path: `${path}.dateProperty`,
          message: 'a decaying rule needs the date property to age it by',
        });
      } else if (scoring.decay === undefined) {
        issues.push({
          path: `${path}.decays`,
          message: 'the rule decays, but scoring.decay does not say how',
        });
      }
    });
    const reachable = rules.reduce((sum, rule) => sum + Math.max(0, rule.points), 0);
    if (threshold !== undefined && threshold > reachable) {
      issues.push({
        path: `scoring.${dimension}Threshold`,
        message: `${threshold} cannot be reached: the ${dimension} rules award at most ${reachable} point(s)`,
      });
    }
  };
  check('fit', scoring.fit, scoring.fitThreshold);
  check('engagement', scoring.engagement, scoring.engagementThreshold);
}

function findStatusProblems(def: QualificationDefinition, issues: ValidationIssue[]): void {
  if (def.status === 'approved' || def.status === 'active' || def.status === 'retired') {
    for (const side of ['marketing', 'sales'] as const) {
      if (def.approvals[side] === undefined) {
        issues.push({
          path: `approvals.${side}`,
          message: `a ${def.status} definition needs ${side}'s approval`,
        });
      }
    }
  }
  if (def.status === 'active' && def.activatedAt === undefined) {
    issues.push({ path: 'activatedAt', message: 'an active definition needs the time it was activated' });
  }
  if (def.status === 'retired' && def.retiredAt === undefined) {
    issues.push({ path: 'retiredAt', message: 'a retired definition needs the time it was retired' });
  }
}

/** Problems a schema cannot see: contradictions, unreachable thresholds, and nothing to evaluate at all. */
export function findDefinitionConflicts(def: QualificationDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (def.rules === undefined && def.scoring.fit.length === 0 && def.scoring.engagement.length === 0) {
    issues.push({
      path: 'rules',
      message: 'the definition is empty: add rules, fit scoring or engagement scoring',
    });
  } else if (
    def.rules === undefined &&
    def.scoring.fitThreshold === undefined &&
    def.scoring.engagementThreshold === undefined
  ) {
    issues.push({
      path: 'scoring',
      message: 'without rules, set fitThreshold or engagementThreshold; otherwise every lead qualifies',
    });
  }
  if (def.rules !== undefined) findGroupContradictions(def.rules, 'rules', issues);
  def.disqualifiers.forEach((disqualifier, index) => {
    findGroupContradictions(disqualifier, `disqualifiers[${index}]`, issues);
  });
  findDisqualifierOverlaps(def, issues);
  findScoringProblems(def, issues);
  findStatusProblems(def, issues);
  return issues;
}
