import type { Validated, ValidationIssue } from '../validation.ts';
import type { FunnelModel } from './funnel-model.ts';
import { funnelModelSchema } from './funnel-model-schema.ts';

export { funnelModelSchema } from './funnel-model-schema.ts';

/** `['stages', 2, 'owners', 0, 'function']` → `stages[2].owners[0].function`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

/**
 * Parses an untrusted funnel model (settings page, API, stored row): its shape first, then the
 * cross-field rules. Shape problems are reported alone, since the cross-field rules need a sound shape.
 */
export function validateFunnelModel(input: unknown): Validated<FunnelModel> {
  const parsed = funnelModelSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  return { ok: false, issues };
}
