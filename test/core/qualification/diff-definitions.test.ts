import { describe, expect, it } from 'vitest';
import type { QualificationDefinition } from '../../../src/core/qualification/definition.ts';
import { diffDefinitions } from '../../../src/core/qualification/diff-definitions.ts';

const v1: QualificationDefinition = {
  key: 'mql',
  version: 1,
  name: 'Mid-market MQL',
  status: 'active',
  scope: {},
  rules: { all: [{ property: 'numberofemployees', operator: 'between', value: { min: 50, max: 1000 } }] },
  disqualifiers: [],
  scoring: { fit: [], engagement: [], fitThreshold: 60 },
  approvals: { marketing: { by: 'mia', at: 1 }, sales: { by: 'sam', at: 2 } },
  createdAt: 0,
};

describe('diffDefinitions', () => {
  it('names each changed value by its path, with what it was and became', () => {
    const v2: QualificationDefinition = {
      ...v1,
      version: 2,
      status: 'draft',
      approvals: {},
      name: 'Mid-market MQL (wider)',
      rules: { all: [{ property: 'numberofemployees', operator: 'between', value: { min: 20, max: 1000 } }] },
      scoring: { fit: [], engagement: [], fitThreshold: 70, engagementThreshold: 30 },
      disqualifiers: [{ property: 'email', operator: 'contains', value: '@competitor.com' }],
    };
    expect(diffDefinitions(v1, v2)).toEqual([
      { path: 'name', before: 'Mid-market MQL', after: 'Mid-market MQL (wider)' },
      { path: 'rules.all[0].value.min', before: 50, after: 20 },
      {
        path: 'disqualifiers[0]',
        after: { property: 'email', operator: 'contains', value: '@competitor.com' },
      },
      { path: 'scoring.engagementThreshold', after: 30 },
      { path: 'scoring.fitThreshold', before: 60, after: 70 },
    ]);
  });

  it('ignores the lifecycle (version, status, approvals) and finds nothing between equal bodies', () => {
    expect(diffDefinitions(v1, { ...v1, version: 3, status: 'retired', approvals: {} })).toEqual([]);
  });

  it('reports a removed value with what it was', () => {
    const { rules: _, ...withoutRules } = v1;
    expect(diffDefinitions(v1, withoutRules)).toEqual([{ path: 'rules', before: v1.rules }]);
  });
});
