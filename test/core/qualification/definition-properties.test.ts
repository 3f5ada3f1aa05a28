import { describe, expect, it } from 'vitest';
import type { QualificationDefinition } from '../../../src/core/qualification/definition.ts';
import { propertiesOfDefinition } from '../../../src/core/qualification/definition-properties.ts';

describe('propertiesOfDefinition', () => {
  it('collects properties from nested rules, disqualifiers, score rules and decay dates, once each', () => {
    const definition = {
      key: 'k',
      version: 1,
      name: 'n',
      status: 'draft',
      scope: {},
      rules: {
        all: [
          { property: 'country', operator: 'in', value: ['FI', 'SE'] },
          {
            any: [
              { property: 'jobtitle', operator: 'exists' },
              { none: [{ property: 'country', operator: 'equals', value: 'US' }] },
            ],
          },
        ],
      },
      disqualifiers: [{ property: 'email', operator: 'contains', value: '@student.' }],
      scoring: {
        fit: [
          {
            criterion: { property: 'numberofemployees', operator: 'between', value: { min: 50 } },
            points: 10,
          },
        ],
        engagement: [
          {
            criterion: { property: 'recent_conversion_event_name', operator: 'exists' },
            points: 20,
            decays: true,
            dateProperty: 'recent_conversion_date',
          },
        ],
      },
      approvals: {},
      createdAt: 0,
    } satisfies QualificationDefinition;
    expect(propertiesOfDefinition(definition)).toEqual([
      'country',
      'email',
      'jobtitle',
      'numberofemployees',
      'recent_conversion_date',
      'recent_conversion_event_name',
    ]);
  });
});
