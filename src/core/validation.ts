/** A problem with one field of a configuration object, named by its path (e.g. `stages[2].owners`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Thrown at the edges when a caller insists on a valid value; the core itself returns `Validated`. */
export class ConfigurationInvalidError extends Error {
  readonly code = 'configuration_invalid';
  readonly issues: readonly ValidationIssue[];

  constructor(subject: string, issues: readonly ValidationIssue[]) {
    super(`${subject} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigurationInvalidError';
    this.issues = issues;
  }
}

export function unwrap<T>(subject: string, result: Validated<T>): T {
  if (!result.ok) throw new ConfigurationInvalidError(subject, result.issues);
  return result.value;
}
