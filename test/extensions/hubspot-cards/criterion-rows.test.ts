import { describe, expect, it } from 'vitest';
import { rowOfIssue, rowsOf, rulesOf } from '../../../extensions/hubspot/src/app/settings/criterion-rows.ts';

describe('the criteria editor’s rows', () => {
  it('turns each operator’s text into the value Baton takes, and back', () => {
    const rules = rulesOf([
      { property: ' country ', operator: 'in', value: 'US, CA,', label: '' },
      { property: 'numberofemployees', operator: 'between', value: '50..', label: 'At least 50 staff' },
      { property: 'createdate', operator: 'date_between', value: '2026-01-01..2026-03-31', label: '' },
      { property: 'recent_conversion_date', operator: 'within_last', value: '30', label: '' },
      { property: 'email', operator: 'exists', value: 'ignored', label: '' },
      { property: 'jobtitle', operator: 'contains', value: 'director', label: '' },
    ]);
    expect(rules).toEqual({
      all: [
        { property: 'country', operator: 'in', value: ['US', 'CA'] },
        {
          property: 'numberofemployees',
          operator: 'between',
          value: { min: 50 },
          label: 'At least 50 staff',
        },
        { property: 'createdate', operator: 'date_between', value: { from: '2026-01-01', to: '2026-03-31' } },
        { property: 'recent_conversion_date', operator: 'within_last', value: 30 },
        { property: 'email', operator: 'exists' },
        { property: 'jobtitle', operator: 'contains', value: 'director' },
      ],
    });
    expect(rulesOf(rowsOf(rules) ?? [])).toEqual(rules);
  });

  it('leaves any/none trees to the JSON editor', () => {
    expect(rowsOf({ any: [{ property: 'email', operator: 'exists' }] })).toBeNull();
    expect(rowsOf({ all: [{ none: [{ property: 'email', operator: 'exists' }] }] })).toBeNull();
    expect(rowsOf(undefined)).toEqual([]);
  });

  it('finds the row a field issue is about', () => {
    expect(rowOfIssue('rules.all[2].value')).toBe(2);
    expect(rowOfIssue('name')).toBeNull();
  });
});
