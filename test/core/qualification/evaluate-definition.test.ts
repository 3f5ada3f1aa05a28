import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../src/core/qualification/compile-definition.ts';
import { evaluateDefinition } from '../../../src/core/qualification/evaluate-definition.ts';
import {
  activateDefinition,
  approveDefinition,
  proposeDefinition,
} from '../../../src/core/qualification/lifecycle.ts';
import type { PropertyBag, RecordSnapshot } from '../../../src/core/record.ts';
import { unwrap } from '../../../src/core/validation.ts';
import { daysAgo, draftDefinition, NOW } from './fixtures.ts';

const definition = draftDefinition({
  name: 'EMEA MQL',
  version: 4,
  rules: {
    all: [
      { operator: 'exists', property: 'email', label: 'Has an email' },
      { operator: 'in', property: 'country', value: ['US', 'CA'] },
      {
        label: 'Buyer role',
        any: [
          { operator: 'contains', property: 'jobtitle', value: 'director' },
          {
            all: [
              { operator: 'contains', property: 'hs_buying_role', value: 'budget_holder' },
              { operator: 'between', property: 'annualrevenue', value: { min: 1_000_000 } },
            ],
          },
        ],
      },
      { none: [{ operator: 'in', property: 'industry', value: ['Education', 'Government'] }] },
    ],
  },
  disqualifiers: [
    { operator: 'contains', property: 'email', value: '@rival.', label: 'Competitor' },
    {
      all: [
        { operator: 'equals', property: 'lifecyclestage', value: 'customer' },
        { operator: 'exists', property: 'closedate' },
      ],
    },
  ],
  scoring: {
    fit: [
      { criterion: { operator: 'in', property: 'industry', value: ['Software'] }, points: 20 },
      {
        criterion: { operator: 'between', property: 'employees', value: { min: 200, max: 2000 } },
        points: 15,
      },
      {
        criterion: { operator: 'contains', property: 'email', value: '@student.' },
        points: -30,
        label: 'Student',
      },
    ],
    engagement: [
      { criterion: { operator: 'between', property: 'page_views', value: { min: 5 } }, points: 10 },
      {
        criterion: { operator: 'exists', property: 'demo_requested' },
        points: 30,
        decays: true,
        dateProperty: 'demo_requested',
      },
    ],
    fitThreshold: 20,
    engagementThreshold: 15,
    decay: { kind: 'half_life', halfLifeDays: 7 },
  },
});

const goodLead: PropertyBag = {
  email: 'ana@acme.com',
  country: 'US',
  jobtitle: 'IT Director',
  industry: 'Software',
  employees: '500',
  page_views: '12',
  demo_requested: daysAgo(0),
};

const lead = (changes: PropertyBag): PropertyBag => ({ ...goodLead, ...changes });

describe('evaluateDefinition: rules tree', () => {
  it.each([
    ['a lead meeting everything', {}, 'qualified', null],
    [
      'the nested all group standing in for a director title',
      { jobtitle: 'Engineer', hs_buying_role: 'INFLUENCER;BUDGET_HOLDER', annualrevenue: '2000000' },
      'qualified',
      null,
    ],
    [
      'a failed any group, blamed on its first member',
      { jobtitle: 'Engineer', hs_buying_role: 'BUDGET_HOLDER', annualrevenue: '500000' },
      'not_qualified',
      'rules.all[2].any[0]',
    ],
    ['an excluded industry inside none', { industry: 'Education' }, 'not_qualified', 'rules.all[3].none[0]'],
    ['a country outside the list', { country: 'MX' }, 'not_qualified', 'rules.all[1]'],
    ['the first of two misses', { email: null, country: 'MX' }, 'not_qualified', 'rules.all[0]'],
  ] as const)('%s', (_name, changes, verdict, decisivePath) => {
    const result = evaluateDefinition(definition, lead(changes), NOW);
    expect(result.verdict).toBe(verdict);
    expect(result.decisiveCriterion?.path ?? null).toBe(decisivePath);
    expect(result.decidedBy).toBe(verdict === 'qualified' ? 'all_met' : 'rules');
  });

  it('lists every property test, met or missed, without short-circuiting', () => {
    const result = evaluateDefinition(definition, lead({ email: null, country: 'MX' }), NOW);
    expect(result.criteria.map((c) => [c.path, c.met])).toEqual([
      ['rules.all[0]', false],
      ['rules.all[1]', false],
      ['rules.all[2].any[0]', true],
      ['rules.all[2].any[1].all[0]', false],
      ['rules.all[2].any[1].all[1]', false],
      ['rules.all[3].none[0]', false],
    ]);
  });

  it('explains a miss with the deciding criterion and the value seen', () => {
    const result = evaluateDefinition(definition, lead({ country: 'MX' }), NOW);
    expect(result.explanation).toBe(
      'Not qualified under EMEA MQL v4: country is one of US, CA was not met (country was "MX").',
    );
  });

  it('explains an exclusion as a match the rules forbid', () => {
    const result = evaluateDefinition(definition, lead({ industry: 'Government' }), NOW);
    expect(result.explanation).toContain(
      'industry is one of Education, Government matched, which the rules exclude',
    );
    expect(result.explanation).toContain('industry was "Government"');
  });

  it('uses the criterion label and says when the property was empty', () => {
    const result = evaluateDefinition(definition, lead({ email: null }), NOW);
    expect(result.explanation).toBe(
      'Not qualified under EMEA MQL v4: Has an email was not met (email was empty).',
    );
  });
});

describe('evaluateDefinition: disqualifiers', () => {
  it('wins over met rules and high scores', () => {
    const result = evaluateDefinition(definition, lead({ email: 'spy@rival.io' }), NOW);
    expect(result.verdict).toBe('disqualified');
    expect(result.decidedBy).toBe('disqualifier');
    expect(evaluateDefinition(definition, lead({ email: 'spy@acme.io' }), NOW).verdict).toBe('qualified');
    expect(result.fitScore).toBe(35);
    expect(result.disqualifiedBy).toEqual([
      expect.objectContaining({
        path: 'disqualifiers[0]',
        property: 'email',
        observed: 'spy@rival.io',
        met: true,
      }),
    ]);
    expect(result.explanation).toBe(
      'Disqualified under EMEA MQL v4: Competitor matched (email was "spy@rival.io").',
    );
  });

  it('wins over failed rules too', () => {
    const result = evaluateDefinition(definition, lead({ email: 'spy@rival.io', country: 'MX' }), NOW);
    expect(result.verdict).toBe('disqualified');
  });

  it('needs the whole group to match, and lists only disqualifiers that matched', () => {
    const partial = evaluateDefinition(definition, lead({ lifecyclestage: 'customer' }), NOW);
    expect(partial.verdict).toBe('qualified');
    expect(partial.disqualifiedBy).toEqual([]);
    const full = evaluateDefinition(
      definition,
      lead({ lifecyclestage: 'customer', closedate: '2026-01-05' }),
      NOW,
    );
    expect(full.verdict).toBe('disqualified');
    expect(full.disqualifiedBy.map((c) => c.path)).toEqual([
      'disqualifiers[1].all[0]',
      'disqualifiers[1].all[1]',
    ]);
    expect(full.explanation).toContain('lifecyclestage is "customer" matched');
  });
});

describe('evaluateDefinition: scores and thresholds', () => {
  it.each([
    ['fit exactly at the threshold', { employees: '5000' }, 'qualified', 20, 'all_met'],
    ['fit below the threshold', { industry: 'Retail' }, 'not_qualified', 15, 'fit_threshold'],
    ['a negative signal', { email: 'kim@student.edu' }, 'not_qualified', 5, 'fit_threshold'],
  ] as const)('%s', (_name, changes, verdict, fitScore, decidedBy) => {
    const result = evaluateDefinition(definition, lead(changes), NOW);
    expect(result).toMatchObject({ verdict, fitScore, decidedBy, fitThreshold: 20 });
  });

  it('requires engagement as well as fit', () => {
    const result = evaluateDefinition(definition, lead({ page_views: '3', demo_requested: null }), NOW);
    expect(result).toMatchObject({
      verdict: 'not_qualified',
      engagementScore: 0,
      decidedBy: 'engagement_threshold',
    });
    expect(result.explanation).toBe(
      'Not qualified under EMEA MQL v4: engagement score 0 is below the threshold of 15.',
    );
  });

  it('names both scores when both fall short', () => {
    const result = evaluateDefinition(
      definition,
      lead({ industry: 'Retail', page_views: '3', demo_requested: null }),
      NOW,
    );
    expect(result.explanation).toBe(
      'Not qualified under EMEA MQL v4: fit score 15 is below the threshold of 20 and engagement score 0 is below the threshold of 15.',
    );
  });

  it('reports each score rule with the points it awarded', () => {
    const result = evaluateDefinition(definition, lead({ demo_requested: daysAgo(7) }), NOW);
    expect(result.scores.map((s) => [s.path, s.met, s.awarded])).toEqual([
      ['scoring.fit[0]', true, 20],
      ['scoring.fit[1]', true, 15],
      ['scoring.fit[2]', false, 0],
      ['scoring.engagement[0]', true, 10],
      ['scoring.engagement[1]', true, 15],
    ]);
    expect(result.scores[2]?.label).toBe('Student');
    expect(result.engagementScore).toBe(25);
    expect(result.explanation).toBe(
      'Qualified under EMEA MQL v4: the rules were met, fit score 35 reached 20 and engagement score 25 reached 15.',
    );
  });

  it('ignores thresholds a definition does not set', () => {
    const rulesOnly = draftDefinition({
      scoring: { fit: [{ criterion: { operator: 'exists', property: 'industry' }, points: 5 }] },
    });
    const result = evaluateDefinition(rulesOnly, { email: 'a@b.co' }, NOW);
    expect(result).toMatchObject({
      verdict: 'qualified',
      fitScore: 0,
      fitThreshold: null,
      engagementThreshold: null,
    });
  });

  it('qualifies on scores alone when there is no rules tree', () => {
    const scoresOnly = draftDefinition({
      rules: undefined,
      scoring: {
        fit: [{ criterion: { operator: 'exists', property: 'industry' }, points: 5 }],
        fitThreshold: 5,
      },
    });
    expect(evaluateDefinition(scoresOnly, { industry: 'Software' }, NOW).verdict).toBe('qualified');
    const missed = evaluateDefinition(scoresOnly, {}, NOW);
    expect(missed.verdict).toBe('not_qualified');
    expect(missed.criteria).toEqual([]);
  });
});

describe('evaluateDefinition: inputs and dry runs', () => {
  it('accepts a record snapshot or a bare property bag alike', () => {
    const snapshot: RecordSnapshot = {
      recordId: '51',
      properties: goodLead,
      observedAt: NOW - 1000,
    };
    expect(evaluateDefinition(definition, snapshot, NOW)).toEqual(
      evaluateDefinition(definition, goodLead, NOW),
    );
  });

  it('gives the same result through an explicit compile', () => {
    const record = lead({ industry: 'Retail' });
    expect(compileDefinition(definition).evaluate(record, NOW)).toEqual(
      evaluateDefinition(definition, record, NOW),
    );
  });

  it('dry-runs a draft exactly as the activated version will evaluate', () => {
    const draft = draftDefinition({ rules: definition.rules, scoring: definition.scoring });
    const proposed = unwrap('propose', proposeDefinition(draft, 'marketer', NOW));
    const half = unwrap('approve', approveDefinition(proposed, 'marketing', 'marketer', NOW));
    const approved = unwrap('approve', approveDefinition(half, 'sales', 'rep', NOW));
    const { active } = unwrap('activate', activateDefinition(approved, NOW));
    for (const record of [
      goodLead,
      lead({ country: 'MX' }),
      lead({ page_views: '1', demo_requested: null }),
    ]) {
      expect(evaluateDefinition(draft, record, NOW)).toEqual(evaluateDefinition(active, record, NOW));
    }
  });
});
