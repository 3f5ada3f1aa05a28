import type { DefinitionScope, QualificationDefinition } from './definition.ts';

export interface SelectionContext {
  readonly territory?: string;
  readonly productLine?: string;
}

export interface DefinitionSelection {
  readonly definition: QualificationDefinition | null;
  readonly reason: string;
}

interface Candidate {
  readonly definition: QualificationDefinition;
  /** How many scope dimensions the definition restricts: 0 (everywhere) to 2. */
  readonly dimensions: number;
  /** Total names listed; a list of one territory is narrower than a list of five. */
  readonly breadth: number;
}

function normalise(name: string): string {
  return name.trim().toLowerCase();
}

/** An empty or absent list covers everything; a restricted list never covers an unknown value. */
function covers(list: readonly string[] | undefined, value: string | undefined): boolean {
  if (list === undefined || list.length === 0) return true;
  if (value === undefined) return false;
  const wanted = normalise(value);
  return list.some((name) => normalise(name) === wanted);
}

function describeScope(scope: DefinitionScope): string {
  const parts: string[] = [];
  if (scope.territories?.length) parts.push(`territory ${scope.territories.join('/')}`);
  if (scope.productLines?.length) parts.push(`product line ${scope.productLines.join('/')}`);
  return parts.length === 0 ? 'it applies everywhere' : `it is scoped to ${parts.join(' and ')}`;
}

function describeContext(context: SelectionContext): string {
  const parts = [
    context.territory === undefined ? 'no territory' : `territory ${context.territory}`,
    context.productLine === undefined ? 'no product line' : `product line ${context.productLine}`,
  ];
  return parts.join(' and ');
}

function toCandidate(definition: QualificationDefinition): Candidate {
  const lists = [definition.scope.territories ?? [], definition.scope.productLines ?? []];
  return {
    definition,
    dimensions: lists.filter((list) => list.length > 0).length,
    breadth: lists.reduce((sum, list) => sum + list.length, 0),
  };
}

function compareSpecificity(a: Candidate, b: Candidate): number {
  return (
    b.dimensions - a.dimensions ||
    a.breadth - b.breadth ||
    a.definition.key.localeCompare(b.definition.key) ||
    b.definition.version - a.definition.version
  );
}

/** The active definition for a lead: the most specific scope that covers its territory and product line. */
export function selectDefinition(
  definitions: readonly QualificationDefinition[],
  context: SelectionContext,
): DefinitionSelection {
  const active = definitions.filter((d) => d.status === 'active');
  if (active.length === 0) return { definition: null, reason: 'no qualification definition is active' };
  const matching = active
    .filter(
      (d) =>
        covers(d.scope.territories, context.territory) && covers(d.scope.productLines, context.productLine),
    )
    .map(toCandidate)
    .sort(compareSpecificity);
  const [best, runnerUp] = matching;
  if (best === undefined) {
    return {
      definition: null,
      reason: `none of the ${active.length} active definition(s) covers ${describeContext(context)}`,
    };
  }
  const chosen = `${best.definition.name} (${best.definition.key} v${best.definition.version}) applies because ${describeScope(best.definition.scope)}`;
  if (runnerUp === undefined)
    return { definition: best.definition, reason: `${chosen}; it is the only match` };
  const tied = runnerUp.dimensions === best.dimensions && runnerUp.breadth === best.breadth;
  const ranking = tied
    ? `it ties on specificity with ${runnerUp.definition.key} v${runnerUp.definition.version} and comes first by key`
    : `it is the most specific of ${matching.length} matches`;
  return { definition: best.definition, reason: `${chosen}; ${ranking}` };
}
