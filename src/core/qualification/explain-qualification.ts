import { describeObserved } from './describe-criterion.ts';
import type { CriterionResult, DecidedBy } from './qualification-result.ts';

export interface VerdictFacts {
  readonly definitionName: string;
  readonly definitionVersion: number;
  readonly decidedBy: DecidedBy;
  readonly decisiveCriterion: CriterionResult | null;
  /** The label of the top-level disqualifier that matched, when it has one. */
  readonly disqualifierLabel: string | null;
  readonly hasRules: boolean;
  readonly fitScore: number;
  readonly engagementScore: number;
  readonly fitThreshold: number | null;
  readonly engagementThreshold: number | null;
}

function shortfalls(facts: VerdictFacts): string {
  const misses: string[] = [];
  if (facts.fitThreshold !== null && facts.fitScore < facts.fitThreshold) {
    misses.push(`fit score ${facts.fitScore} is below the threshold of ${facts.fitThreshold}`);
  }
  if (facts.engagementThreshold !== null && facts.engagementScore < facts.engagementThreshold) {
    misses.push(
      `engagement score ${facts.engagementScore} is below the threshold of ${facts.engagementThreshold}`,
    );
  }
  return misses.join(' and ');
}

function strengths(facts: VerdictFacts): string {
  const parts: string[] = [];
  if (facts.hasRules) parts.push('the rules were met');
  if (facts.fitThreshold !== null) parts.push(`fit score ${facts.fitScore} reached ${facts.fitThreshold}`);
  if (facts.engagementThreshold !== null) {
    parts.push(`engagement score ${facts.engagementScore} reached ${facts.engagementThreshold}`);
  }
  if (parts.length === 0) return 'no disqualifier matched';
  return parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** One sentence naming the definition version and the criterion or score that decided the verdict. */
export function explainQualification(facts: VerdictFacts): string {
  const under = `${facts.definitionName} v${facts.definitionVersion}`;
  const decisive = facts.decisiveCriterion;
  const seen = decisive ? ` (${describeObserved(decisive.property, decisive.observed)})` : '';
  switch (facts.decidedBy) {
    case 'disqualifier':
      return `Disqualified under ${under}: ${facts.disqualifierLabel ?? decisive?.label ?? 'a disqualifier'} matched${seen}.`;
    case 'rules':
      return decisive?.met
        ? `Not qualified under ${under}: ${decisive.label} matched, which the rules exclude${seen}.`
        : `Not qualified under ${under}: ${decisive?.label ?? 'the rules'} was not met${seen}.`;
    case 'fit_threshold':
    case 'engagement_threshold':
      return `Not qualified under ${under}: ${shortfalls(facts)}.`;
    case 'all_met':
      return `Qualified under ${under}: ${strengths(facts)}.`;
  }
}
