import type { Validated, ValidationIssue } from '../validation.ts';

/** Why sales rejected a hand-off or a deal was lost. Tenants edit the list; keys are stable. */
export interface ReasonCode {
  readonly key: string;
  readonly label: string;
  readonly appliesTo: readonly ('rejected' | 'lost' | 'disqualified')[];
}

export const DEFAULT_REASON_CODES: readonly ReasonCode[] = [
  { key: 'bad_fit', label: 'Bad fit', appliesTo: ['rejected', 'lost', 'disqualified'] },
  { key: 'no_budget', label: 'No budget', appliesTo: ['rejected', 'lost', 'disqualified'] },
  { key: 'no_authority', label: 'No authority', appliesTo: ['rejected', 'lost'] },
  {
    key: 'no_need_or_timing',
    label: 'No need or bad timing',
    appliesTo: ['rejected', 'lost', 'disqualified'],
  },
  { key: 'duplicate', label: 'Duplicate', appliesTo: ['rejected', 'disqualified'] },
  { key: 'bad_data', label: 'Bad contact data', appliesTo: ['rejected', 'disqualified'] },
  { key: 'competitor', label: 'Competitor', appliesTo: ['rejected', 'lost', 'disqualified'] },
  { key: 'already_in_sales_cycle', label: 'Already in a sales cycle', appliesTo: ['rejected'] },
];

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export function validateReasonCodes(codes: readonly ReasonCode[]): Validated<readonly ReasonCode[]> {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  if (codes.length === 0) issues.push({ path: '', message: 'at least one reason code is required' });
  codes.forEach((code, i) => {
    if (!KEY_PATTERN.test(code.key)) {
      issues.push({ path: `[${i}].key`, message: 'must be lower snake_case, starting with a letter' });
    }
    if (seen.has(code.key))
      issues.push({ path: `[${i}].key`, message: `duplicate reason code "${code.key}"` });
    seen.add(code.key);
    if (code.label.trim() === '') issues.push({ path: `[${i}].label`, message: 'must not be empty' });
    if (code.appliesTo.length === 0) {
      issues.push({
        path: `[${i}].appliesTo`,
        message: 'must name at least one of rejected, lost, disqualified',
      });
    }
  });
  return issues.length === 0 ? { ok: true, value: codes } : { ok: false, issues };
}
