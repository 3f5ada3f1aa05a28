import type { Validated, ValidationIssue } from '../validation.ts';
import { definitionSchema, type QualificationDefinition } from './definition.ts';
import { findDefinitionConflicts } from './find-definition-conflicts.ts';

/** `['rules', 'all', 1, 'value']` → `rules.all[1].value`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

/**
 * Parses an untrusted definition (settings page, API, stored row) and checks it can mean something:
 * shape and types first, then contradictions between criteria, thresholds and lifecycle fields.
 */
export function validateDefinition(input: unknown): Validated<QualificationDefinition> {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    }));
    return { ok: false, issues };
  }
  const conflicts = findDefinitionConflicts(parsed.data);
  return conflicts.length > 0 ? { ok: false, issues: conflicts } : { ok: true, value: parsed.data };
}
