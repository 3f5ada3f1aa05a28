import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/core/qualification/validate-definition.ts';
import { base, country, email, fitRule, withRules } from './fixtures.ts';

const rejected: readonly (readonly [string, unknown, string, string])[] = [
  ['not an object', null, '', 'expected object'],
  [
    'an unknown operator',
    withRules({ all: [{ operator: 'like', property: 'x', value: 'y' }] }),
    'rules.all[0].operator',
    'unknown operator "like"',
  ],
  ['equals with a number', withRules(country('equals', 5)), 'rules.value', 'equals needs a text value'],
  ['equals with an empty string', withRules(country('equals', '')), 'rules.value', 'use not_exists'],
  [
    'in with a single string',
    withRules(country('in', 'US')),
    'rules.value',
    'in needs a list of text values',
  ],
  ['in with no values', withRules(country('in', [])), 'rules.value', 'at least one value'],
  [
    'in with a number inside',
    withRules(country('in', ['US', 1])),
    'rules.value[1]',
    'in values must be text',
  ],
  [
    'contains spanning multi-select items',
    withRules(country('contains', 'a;b')),
    'rules.value',
    'one multi-select item',
  ],
  [
    'between with text bounds',
    withRules({ operator: 'between', property: 'n', value: { min: '5' } }),
    'rules.value.min',
    'finite number',
  ],
  [
    'between with no bounds',
    withRules({ operator: 'between', property: 'n', value: {} }),
    'rules.value',
    'a min, a max, or both',
  ],
  [
    'date_between with a bad date',
    withRules({ operator: 'date_between', property: 'd', value: { from: 'soon' } }),
    'rules.value.from',
    'ISO date',
  ],
  [
    'within_last with text',
    withRules({ operator: 'within_last', property: 'd', value: '30' }),
    'rules.value',
    'number of days',
  ],
  [
    'within_last with zero days',
    withRules({ operator: 'within_last', property: 'd', value: 0 }),
    'rules.value',
    'greater than 0',
  ],
  [
    'exists with a value',
    withRules({ operator: 'exists', property: 'email', value: 'x' }),
    'rules',
    'unknown field(s) value',
  ],
  [
    'a misspelt field',
    withRules({ operator: 'equals', property: 'c', valeu: 'US' }),
    'rules',
    'unknown field(s) valeu',
  ],
  [
    'an empty property name',
    withRules({ operator: 'exists', property: ' ' }),
    'rules.property',
    'must not be empty',
  ],
  ['an empty group', withRules({ all: [] }), 'rules.all', 'at least one criterion'],
  [
    'a group of two kinds',
    withRules({ all: [email], any: [email] }),
    'rules',
    'exactly one of all, any or none',
  ],
  [
    'neither criterion nor group',
    withRules({ all: [{ property: 'x' }] }),
    'rules.all[0]',
    'needs an operator',
  ],
  ['an unparsable version', { ...base, version: 1.5, rules: email }, 'version', 'whole number'],
  ['version zero', { ...base, version: 0, rules: email }, 'version', '1 or greater'],
  ['an unknown status', { ...base, status: 'live', rules: email }, 'status', 'status must be draft'],
  ['a top-level typo', { ...base, rules: email, disqualifier: [] }, '', 'unknown field(s) disqualifier'],
  ['zero points', withRules(email, { scoring: { fit: [fitRule(0)] } }), 'scoring.fit[0].points', '0 points'],
  [
    'an unknown decay kind',
    withRules(email, { scoring: { decay: { kind: 'exponential' } } }),
    'scoring.decay.kind',
    'half_life, window or linear',
  ],
  [
    'a negative half-life',
    withRules(email, { scoring: { decay: { kind: 'half_life', halfLifeDays: -7 } } }),
    'scoring.decay.halfLifeDays',
    'greater than 0',
  ],
];

describe('validateDefinition rejects', () => {
  it.each(rejected)('%s', (_name, input, path, message) => {
    const result = validateDefinition(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});

describe('validateDefinition accepts', () => {
  it('a complete definition, filling the defaults', () => {
    const result = validateDefinition(withRules({ all: [email, country('in', ['US'])] }));
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        disqualifiers: [],
        scope: {},
        approvals: {},
        scoring: { fit: [], engagement: [] },
      }),
    });
  });

  it('trims names and keeps labels', () => {
    const result = validateDefinition(
      withRules({ ...email, label: 'Has an email' }, { name: '  EMEA MQL ' }),
    );
    expect(result.ok && result.value.name).toBe('EMEA MQL');
    expect(result.ok && result.value.rules).toEqual({ ...email, label: 'Has an email' });
  });
});
