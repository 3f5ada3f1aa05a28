import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/core/qualification/validate-definition.ts';
import { approval, base, country, email, fitRule, withRules } from './fixtures.ts';

const rejected: readonly (readonly [string, unknown, string, string])[] = [
  ['no rules and no scoring', base, 'rules', 'the definition is empty'],
  [
    'scores without rules or thresholds',
    { ...base, scoring: { fit: [fitRule(5)] } },
    'scoring',
    'every lead qualifies',
  ],
  [
    'between with min above max',
    withRules({ all: [email, { operator: 'between', property: 'n', value: { min: 100, max: 10 } }] }),
    'rules.all[1].value',
    'min 100 is greater than max 10',
  ],
  [
    'date_between with from after to',
    withRules({ operator: 'date_between', property: 'd', value: { from: '2026-02-01', to: '2026-01-01' } }),
    'rules.value',
    'is after to',
  ],
  [
    'equals two different values in one all',
    withRules({ all: [country('equals', 'US'), email, country('equals', 'CA')] }),
    'rules.all[2]',
    'contradicts rules.all[0]: country cannot equal both "US" and "CA"',
  ],
  [
    'equals and not_equals the same value',
    withRules({ all: [country('not_equals', 'US'), country('equals', 'US')] }),
    'rules.all[1]',
    'cannot both equal and not equal',
  ],
  [
    'equals outside an in list',
    withRules({ all: [country('equals', 'MX'), country('in', ['US', 'CA'])] }),
    'rules.all[1]',
    'not one of "US", "CA"',
  ],
  [
    'equals a not_in value',
    withRules({ all: [country('not_in', ['MX']), country('equals', 'MX')] }),
    'rules.all[1]',
    'excluded by not_in',
  ],
  [
    'two disjoint in lists',
    withRules({ all: [country('in', ['US']), country('in', ['CA', 'MX'])] }),
    'rules.all[1]',
    'at once',
  ],
  [
    'exists and not_exists together',
    withRules({ all: [email, { operator: 'not_exists', property: 'email' }] }),
    'rules.all[1]',
    'email cannot be both set and empty',
  ],
  [
    'not_exists with a value test',
    withRules({ all: [country('in', ['US']), { operator: 'not_exists', property: 'country' }] }),
    'rules.all[1]',
    'country must be empty, but country is one of US needs a value',
  ],
  [
    'a contradiction in a nested all',
    withRules({ any: [email, { all: [country('equals', 'US'), country('equals', 'CA')] }] }),
    'rules.any[1].all[1]',
    'contradicts rules.any[1].all[0]',
  ],
  [
    'a disqualifier that can never match',
    withRules(email, { disqualifiers: [{ all: [country('equals', 'US'), country('equals', 'CA')] }] }),
    'disqualifiers[0].all[1]',
    'cannot equal both',
  ],
  [
    'a rule repeated as a disqualifier',
    withRules(
      { all: [email, country('in', ['US', 'CA'])] },
      { disqualifiers: [country('in', ['CA', 'US'])] },
    ),
    'disqualifiers[0]',
    'the same criterion as rules.all[1]',
  ],
  [
    'a rule repeated inside an any disqualifier',
    withRules({ all: [email] }, { disqualifiers: [{ any: [country('equals', 'MX'), email] }] }),
    'disqualifiers[0].any[1]',
    'the same criterion as rules.all[0]',
  ],
  [
    'fit points that decay',
    withRules(email, { scoring: { fit: [fitRule(5, { decays: true, dateProperty: 'd' })] } }),
    'scoring.fit[0].decays',
    'do not decay',
  ],
  [
    'decay without a date',
    withRules(email, {
      scoring: { engagement: [fitRule(5, { decays: true })], decay: { kind: 'window', windowDays: 30 } },
    }),
    'scoring.engagement[0].dateProperty',
    'date property',
  ],
  [
    'decay without a decay model',
    withRules(email, { scoring: { engagement: [fitRule(5, { decays: true, dateProperty: 'd' })] } }),
    'scoring.engagement[0].decays',
    'scoring.decay does not say how',
  ],
  [
    'an unreachable threshold',
    withRules(email, { scoring: { fit: [fitRule(10), fitRule(-5)], fitThreshold: 12 } }),
    'scoring.fitThreshold',
    'at most 10 point(s)',
  ],
  [
    'approved without sales',
    withRules(email, { status: 'approved', approvals: { marketing: approval } }),
    'approvals.sales',
    "needs sales's approval",
  ],
  [
    'active without an activation time',
    withRules(email, { status: 'active', approvals: { marketing: approval, sales: approval } }),
    'activatedAt',
    'time it was activated',
  ],
  [
    'retired without a retirement time',
    withRules(email, { status: 'retired', approvals: { marketing: approval, sales: approval } }),
    'retiredAt',
    'time it was retired',
  ],
];

describe('validateDefinition rejects definitions that cannot work:', () => {
  it.each(rejected)('%s', (_name, input, path, message) => {
    const result = validateDefinition(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});

describe('validateDefinition accepts criteria that only look alike', () => {
  it.each([
    ['equals the same value twice', { all: [country('equals', 'US'), country('equals', 'US')] }],
    ['two equals in an any', { any: [country('equals', 'US'), country('equals', 'CA')] }],
    ['equals inside its in list', { all: [country('equals', 'US'), country('in', ['US', 'CA'])] }],
    ['overlapping in lists', { all: [country('in', ['US', 'CA']), country('in', ['CA'])] }],
    [
      'different properties',
      { all: [country('equals', 'US'), { operator: 'equals', property: 'state', value: 'CA' }] },
    ],
  ])('%s', (_name, rules) => {
    expect(validateDefinition(withRules(rules)).ok).toBe(true);
  });

  it('a disqualifier that repeats an exclusion from the rules', () => {
    const input = withRules(
      { all: [email, { none: [country('equals', 'MX')] }] },
      { disqualifiers: [country('equals', 'MX')] },
    );
    expect(validateDefinition(input).ok).toBe(true);
  });

  it('a disqualifier group sharing one criterion with the rules', () => {
    const input = withRules({ all: [email] }, { disqualifiers: [{ all: [email, country('equals', 'MX')] }] });
    expect(validateDefinition(input).ok).toBe(true);
  });
});
