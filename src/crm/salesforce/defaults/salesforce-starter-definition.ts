import type { Criterion } from '../../../core/qualification/criteria.ts';
import type { QualificationDefinition } from '../../../core/qualification/definition.ts';

const anyContains = (property: string, needles: readonly string[], label: string): Criterion => ({
  any: needles.map((value) => ({ property, operator: 'contains' as const, value })),
  label,
});

/**
 * The draft MQL definition a new Salesforce tenant starts from, on standard Lead fields only:
 * a reachable lead not yet converted, scored on company size and title for fit and on the
 * Lead's Rating for engagement. Marketing and sales edit it, then both approve it.
 */
export function createSalesforceStarterDefinition(change: {
  readonly actor: string;
  readonly now: Date;
}): QualificationDefinition {
  return {
    key: 'mql',
    version: 1,
    name: 'Marketing qualified lead (starter)',
    description:
      'A starting point for B2B teams: a reachable lead not yet converted, from a company of a size you sell to, with a senior title and a warm or hot rating. Edit it, then have marketing and sales approve it.',
    status: 'draft',
    scope: {},
    rules: {
      all: [
        { property: 'Email', operator: 'exists', label: 'Has an email address' },
        { property: 'IsConverted', operator: 'not_in', value: ['true'], label: 'Not converted yet' },
      ],
    },
    disqualifiers: [
      {
        any: [
          anyContains('Email', ['.edu', '.ac.uk', '@student.', '@students.'], 'Student email address'),
          { property: 'Title', operator: 'contains', value: 'student', label: 'Student title' },
        ],
        label: 'Student',
      },
    ],
    scoring: {
      fit: [
        {
          criterion: { property: 'NumberOfEmployees', operator: 'between', value: { min: 50, max: 1000 } },
          points: 20,
          label: 'Company of 50 to 1,000 employees',
        },
        {
          criterion: { property: 'NumberOfEmployees', operator: 'between', value: { min: 1001 } },
          points: 15,
          label: 'Company of more than 1,000 employees',
        },
        {
          criterion: anyContains(
            'Title',
            ['chief', 'vp', 'vice president', 'director', 'head of', 'founder', 'owner'],
            'Senior title',
          ),
          points: 15,
          label: 'Decision-maker title',
        },
        {
          criterion: { property: 'Title', operator: 'contains', value: 'manager' },
          points: 5,
          label: 'Manager title',
        },
      ],
      engagement: [
        {
          criterion: { property: 'Rating', operator: 'in', value: ['Hot'] },
          points: 20,
          label: 'Rated hot',
        },
        {
          criterion: { property: 'Rating', operator: 'in', value: ['Warm'] },
          points: 10,
          label: 'Rated warm',
        },
      ],
      fitThreshold: 20,
      engagementThreshold: 20,
    },
    approvals: {},
    createdBy: change.actor,
    createdAt: change.now.getTime(),
    changeNote: 'Created by Baton when Salesforce was connected',
  };
}
