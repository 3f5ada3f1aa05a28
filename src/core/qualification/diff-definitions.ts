import type { QualificationDefinition } from './definition.ts';

/** One difference between two versions: the path of the value and what it was and became. */
export interface DefinitionChange {
  /** e.g. `rules.all[1].min`, `scoring.fitThreshold`, `name`. */
  readonly path: string;
  /** Absent when the value was added. */
  readonly before?: unknown;
  /** Absent when the value was removed. */
  readonly after?: unknown;
}

/** The parts of a definition that say what it judges; identity, status and approvals are the lifecycle's. */
const COMPARED = ['name', 'description', 'scope', 'rules', 'disqualifiers', 'scoring'] as const;

/**
 * What changed from one version to another, deepest first-differing value per path, in a stable
 * order, so the console can show "fit threshold 60 → 70" rather than two whole documents.
 */
export function diffDefinitions(
  before: QualificationDefinition,
  after: QualificationDefinition,
): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const field of COMPARED) collect(field, before[field], after[field], changes);
  return changes;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(path: string, before: unknown, after: unknown, into: DefinitionChange[]): void {
  if (before === after) return;
  if (before === undefined) {
    into.push({ path, after });
    return;
  }
  if (after === undefined) {
    into.push({ path, before });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      collect(`${path}[${i}]`, before[i], after[i], into);
    }
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) collect(`${path}.${key}`, before[key], after[key], into);
    return;
  }
  into.push({ path, before, after });
}
