import { describe, expect, it } from 'vitest';
import type { PropertyCriterion } from '../../../src/core/qualification/criteria.ts';
import type { PropertyBag } from '../../../src/core/record.ts';
import { DAY_MS } from '../../../src/core/time.ts';
import { checkCriterion, NOW } from './fixtures.ts';

type Case = readonly [string, PropertyCriterion, PropertyBag, boolean];

const industry = (value: string | null): PropertyBag => ({ industry: value });

const cases: readonly Case[] = [
  [
    'equals: same value',
    { operator: 'equals', property: 'industry', value: 'Software' },
    industry('Software'),
    true,
  ],
  [
    'equals: other value',
    { operator: 'equals', property: 'industry', value: 'Software' },
    industry('Retail'),
    false,
  ],
  [
    'equals: is case-sensitive',
    { operator: 'equals', property: 'industry', value: 'Software' },
    industry('software'),
    false,
  ],
  ['equals: null', { operator: 'equals', property: 'industry', value: 'Software' }, industry(null), false],
  ['equals: missing', { operator: 'equals', property: 'industry', value: 'Software' }, {}, false],
  [
    'not_equals: other value',
    { operator: 'not_equals', property: 'industry', value: 'Retail' },
    industry('Software'),
    true,
  ],
  [
    'not_equals: same value',
    { operator: 'not_equals', property: 'industry', value: 'Retail' },
    industry('Retail'),
    false,
  ],
  [
    'not_equals: null is not the value',
    { operator: 'not_equals', property: 'industry', value: 'Retail' },
    industry(null),
    true,
  ],
  [
    'not_equals: missing is not the value',
    { operator: 'not_equals', property: 'industry', value: 'Retail' },
    {},
    true,
  ],
  ['in: member', { operator: 'in', property: 'country', value: ['US', 'CA'] }, { country: 'CA' }, true],
  ['in: non-member', { operator: 'in', property: 'country', value: ['US', 'CA'] }, { country: 'MX' }, false],
  ['in: null', { operator: 'in', property: 'country', value: ['US', 'CA'] }, { country: null }, false],
  ['in: missing', { operator: 'in', property: 'country', value: ['US'] }, {}, false],
  [
    'not_in: member',
    { operator: 'not_in', property: 'country', value: ['US', 'CA'] },
    { country: 'US' },
    false,
  ],
  [
    'not_in: non-member',
    { operator: 'not_in', property: 'country', value: ['US', 'CA'] },
    { country: 'MX' },
    true,
  ],
  ['not_in: null', { operator: 'not_in', property: 'country', value: ['US'] }, { country: null }, true],
  [
    'contains: ignores case',
    { operator: 'contains', property: 'jobtitle', value: 'DIRECTOR' },
    { jobtitle: 'Marketing director' },
    true,
  ],
  [
    'contains: absent substring',
    { operator: 'contains', property: 'jobtitle', value: 'director' },
    { jobtitle: 'Engineer' },
    false,
  ],
  [
    'contains: null',
    { operator: 'contains', property: 'jobtitle', value: 'director' },
    { jobtitle: null },
    false,
  ],
  ['contains: missing', { operator: 'contains', property: 'jobtitle', value: 'director' }, {}, false],
  [
    'contains: multi-select, later item',
    { operator: 'contains', property: 'hs_buying_role', value: 'decision_maker' },
    { hs_buying_role: 'BUDGET_HOLDER;DECISION_MAKER' },
    true,
  ],
  [
    'contains: multi-select, first item, partial',
    { operator: 'contains', property: 'hs_buying_role', value: 'budget' },
    { hs_buying_role: 'BUDGET_HOLDER;DECISION_MAKER' },
    true,
  ],
  [
    'contains: multi-select, no item',
    { operator: 'contains', property: 'hs_buying_role', value: 'champion' },
    { hs_buying_role: 'BUDGET_HOLDER;END_USER' },
    false,
  ],
  [
    'between: inside',
    { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
    { employees: '50' },
    true,
  ],
  [
    'between: min is inclusive',
    { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
    { employees: '20' },
    true,
  ],
  [
    'between: max is inclusive',
    { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
    { employees: '100' },
    true,
  ],
  [
    'between: just below',
    { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
    { employees: '19.99' },
    false,
  ],
  [
    'between: just above',
    { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
    { employees: '100.5' },
    false,
  ],
  [
    'between: padded number',
    { operator: 'between', property: 'employees', value: { min: 20 } },
    { employees: ' 42 ' },
    true,
  ],
  [
    'between: min only',
    { operator: 'between', property: 'employees', value: { min: 20 } },
    { employees: '1000000' },
    true,
  ],
  [
    'between: max only',
    { operator: 'between', property: 'employees', value: { max: 0 } },
    { employees: '-3' },
    true,
  ],
  [
    'between: blank is not zero',
    { operator: 'between', property: 'employees', value: { max: 10 } },
    { employees: ' ' },
    false,
  ],
  [
    'between: not a number',
    { operator: 'between', property: 'employees', value: { min: 0 } },
    { employees: 'many' },
    false,
  ],
  [
    'between: null',
    { operator: 'between', property: 'employees', value: { min: 0 } },
    { employees: null },
    false,
  ],
  ...dateBetweenCases(),
  ['exists: value', { operator: 'exists', property: 'email' }, { email: 'a@b.co' }, true],
  ['exists: empty string', { operator: 'exists', property: 'email' }, { email: '' }, false],
  ['exists: whitespace', { operator: 'exists', property: 'email' }, { email: '   ' }, false],
  ['exists: null', { operator: 'exists', property: 'email' }, { email: null }, false],
  ['exists: missing', { operator: 'exists', property: 'email' }, {}, false],
  ['not_exists: value', { operator: 'not_exists', property: 'email' }, { email: 'a@b.co' }, false],
  ['not_exists: empty string', { operator: 'not_exists', property: 'email' }, { email: '' }, true],
  ['not_exists: null', { operator: 'not_exists', property: 'email' }, { email: null }, true],
  ['not_exists: missing', { operator: 'not_exists', property: 'email' }, {}, true],
];

function dateBetweenCases(): Case[] {
  const january: PropertyCriterion = {
    operator: 'date_between',
    property: 'createdate',
    value: { from: '2026-01-01', to: '2026-01-31' },
  };
  return [
    ['date_between: inside', january, { createdate: '2026-01-15T12:00:00Z' }, true],
    ['date_between: from is inclusive', january, { createdate: '2026-01-01T00:00:00Z' }, true],
    [
      'date_between: a bare to date covers its whole day',
      january,
      { createdate: '2026-01-31T23:59:59.999Z' },
      true,
    ],
    ['date_between: the next day is out', january, { createdate: '2026-02-01T00:00:00Z' }, false],
    ['date_between: before from', january, { createdate: '2025-12-31T23:59:59Z' }, false],
    [
      'date_between: epoch milliseconds',
      january,
      { createdate: String(Date.parse('2026-01-10T00:00:00Z')) },
      true,
    ],
    ['date_between: not a date', january, { createdate: 'last week' }, false],
    ['date_between: null', january, { createdate: null }, false],
    [
      'date_between: a timed to bound is exact',
      { operator: 'date_between', property: 'createdate', value: { to: '2026-01-31T00:00:00Z' } },
      { createdate: '2026-01-31T00:00:01Z' },
      false,
    ],
    [
      'date_between: from only',
      { operator: 'date_between', property: 'createdate', value: { from: '2026-01-01' } },
      { createdate: '2030-06-01' },
      true,
    ],
  ];
}

describe('property criteria', () => {
  it.each(cases)('%s', (_name, criterion, properties, met) => {
    const result = checkCriterion(criterion, properties);
    expect(result.met).toBe(met);
    expect(result.observed).toBe(properties[criterion.property] ?? null);
    expect(result.operator).toBe(criterion.operator);
    expect(result.property).toBe(criterion.property);
  });
});

describe('within_last', () => {
  const lastThirtyDays: PropertyCriterion = { operator: 'within_last', property: 'converted', value: 30 };
  const at = (offsetMs: number) => String(NOW - offsetMs);

  it.each([
    ['just now', at(0), true],
    ['exactly 30 days ago', at(30 * DAY_MS), true],
    ['30 days and 1 ms ago', at(30 * DAY_MS + 1), false],
    ['1 ms in the future', at(-1), false],
    ['an ISO time 2 days ago', new Date(NOW - 2 * DAY_MS).toISOString(), true],
    ['empty', null, false],
    ['not a date', 'yesterday', false],
  ] as const)('%s', (_name, value, met) => {
    expect(checkCriterion(lastThirtyDays, { converted: value }).met).toBe(met);
  });

  it('measures against the injected now, not the clock', () => {
    const converted = { converted: '2020-01-10T00:00:00Z' };
    expect(checkCriterion(lastThirtyDays, converted, Date.parse('2020-02-01T00:00:00Z')).met).toBe(true);
    expect(checkCriterion(lastThirtyDays, converted, Date.parse('2020-03-01T00:00:00Z')).met).toBe(false);
  });
});

describe('criterion labels', () => {
  it('uses the human label when given and a plain reading otherwise', () => {
    const labelled = checkCriterion({ operator: 'exists', property: 'email', label: 'Has an email' }, {});
    const plain = checkCriterion(
      { operator: 'between', property: 'employees', value: { min: 20, max: 100 } },
      {},
    );
    expect(labelled.label).toBe('Has an email');
    expect(plain.label).toBe('employees is between 20 and 100');
    expect(plain.expected).toEqual({ min: 20, max: 100 });
  });
});
