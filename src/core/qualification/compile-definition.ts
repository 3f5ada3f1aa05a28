import { parseInstant } from '../parse-instant.ts';
import type { PropertyBag } from '../record.ts';
import { DAY_MS, type Instant } from '../time.ts';
import { type CompiledCriterion, compileCriterion, type EvaluationScope } from './compile-criteria.ts';
import { decayFactor } from './decay.ts';
import type { QualificationDefinition, ScoreDecay, ScoreRule } from './definition.ts';
import { describeCriterion } from './describe-criterion.ts';
import { explainQualification } from './explain-qualification.ts';
import type {
  CriterionResult,
  DecidedBy,
  QualificationResult,
  QualificationVerdict,
  ScoreDimension,
  ScoreResult,
} from './qualification-result.ts';

/** A definition turned into closures once, so evaluating a record only reads properties and compares. */
export interface CompiledDefinition {
  readonly definition: QualificationDefinition;
  evaluate(properties: PropertyBag, now: Instant): QualificationResult;
}

interface CompiledScoreRule {
  readonly path: string;
  readonly label: string;
  readonly dimension: ScoreDimension;
  readonly points: number;
  readonly test: CompiledCriterion;
  /** Set only when the rule decays and the definition says how. */
  readonly aging: { readonly dateProperty: string; readonly decay: ScoreDecay } | null;
}

interface CompiledDisqualifier {
  readonly test: CompiledCriterion;
  readonly label: string | null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function compileScoreRules(
  rules: readonly ScoreRule[],
  dimension: ScoreDimension,
  decay: ScoreDecay | undefined,
): CompiledScoreRule[] {
  return rules.map((rule, index) => {
    const path = `scoring.${dimension}[${index}]`;
    return {
      path,
      label: rule.label ?? describeCriterion(rule.criterion),
      dimension,
      points: rule.points,
      test: compileCriterion(rule.criterion, `${path}.criterion`),
      aging:
        rule.decays === true && decay !== undefined && rule.dateProperty !== undefined
          ? { dateProperty: rule.dateProperty, decay }
          : null,
    };
  });
}

function score(rules: readonly CompiledScoreRule[], scope: EvaluationScope, out: ScoreResult[]): number {
  let total = 0;
  for (const rule of rules) {
    const met = rule.test(scope);
    let awarded = 0;
    let ageDays: number | null = null;
    const { aging } = rule;
    if (met && aging === null) {
      awarded = rule.points;
    } else if (met && aging !== null) {
      // An activity that cannot be dated cannot be aged, so it earns nothing rather than full points.
      const at = parseInstant(scope.properties[aging.dateProperty] ?? null);
      if (at !== null) {
        ageDays = Math.max(0, scope.now - at) / DAY_MS;
        awarded = round2(rule.points * decayFactor(aging.decay, ageDays));
      }
    }
    total += awarded;
    out.push({
      path: rule.path,
      label: rule.label,
      dimension: rule.dimension,
      met,
      points: rule.points,
      awarded,
      ageDays,
    });
  }
  return round2(total);
}

function decide(
  disqualified: boolean,
  rulesMet: boolean,
  fitMissed: boolean,
  engagementMissed: boolean,
): [QualificationVerdict, DecidedBy] {
  if (disqualified) return ['disqualified', 'disqualifier'];
  if (!rulesMet) return ['not_qualified', 'rules'];
  if (fitMissed) return ['not_qualified', 'fit_threshold'];
  if (engagementMissed) return ['not_qualified', 'engagement_threshold'];
  return ['qualified', 'all_met'];
}

export function compileDefinition(definition: QualificationDefinition): CompiledDefinition {
  const { scoring } = definition;
  const rules = definition.rules === undefined ? null : compileCriterion(definition.rules, 'rules');
  const disqualifiers: CompiledDisqualifier[] = definition.disqualifiers.map((criterion, index) => ({
    test: compileCriterion(criterion, `disqualifiers[${index}]`),
    label: criterion.label ?? null,
  }));
  const fitRules = compileScoreRules(scoring.fit, 'fit', scoring.decay);
  const engagementRules = compileScoreRules(scoring.engagement, 'engagement', scoring.decay);
  const fitThreshold = scoring.fitThreshold ?? null;
  const engagementThreshold = scoring.engagementThreshold ?? null;

  function evaluate(properties: PropertyBag, now: Instant): QualificationResult {
    const criteria: CriterionResult[] = [];
    const scope: EvaluationScope = { properties, now, entries: criteria, decisive: -1 };
    const rulesMet = rules === null ? true : rules(scope);
    const ruleDecisive = rules === null ? null : (criteria[scope.decisive] ?? null);

    const disqualifiedBy: CriterionResult[] = [];
    scope.entries = disqualifiedBy;
    let disqualifier: CompiledDisqualifier | null = null;
    let disqualifierDecisive: CriterionResult | null = null;
    for (const candidate of disqualifiers) {
      const start = disqualifiedBy.length;
      if (!candidate.test(scope)) {
        disqualifiedBy.length = start;
      } else if (disqualifier === null) {
        disqualifier = candidate;
        disqualifierDecisive = disqualifiedBy[scope.decisive] ?? null;
      }
    }

    scope.entries = null;
    const scores: ScoreResult[] = [];
    const fitScore = score(fitRules, scope, scores);
    const engagementScore = score(engagementRules, scope, scores);
    const [verdict, decidedBy] = decide(
      disqualifier !== null,
      rulesMet,
      fitThreshold !== null && fitScore < fitThreshold,
      engagementThreshold !== null && engagementScore < engagementThreshold,
    );
    const decisiveCriterion =
      decidedBy === 'disqualifier' ? disqualifierDecisive : decidedBy === 'rules' ? ruleDecisive : null;
    return {
      verdict,
      definitionKey: definition.key,
      definitionVersion: definition.version,
      fitScore,
      engagementScore,
      fitThreshold,
      engagementThreshold,
      criteria,
      disqualifiedBy,
      scores,
      decidedBy,
      decisiveCriterion,
      explanation: explainQualification({
        definitionName: definition.name,
        definitionVersion: definition.version,
        decidedBy,
        decisiveCriterion,
        disqualifierLabel: disqualifier?.label ?? null,
        hasRules: rules !== null,
        fitScore,
        engagementScore,
        fitThreshold,
        engagementThreshold,
      }),
    };
  }

  return { definition, evaluate };
}
