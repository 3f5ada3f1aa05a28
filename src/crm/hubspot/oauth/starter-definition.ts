import type { Criterion } from '../../../core/qualification/criteria.ts';
import type { QualificationDefinition } from '../../../core/qualification/definition.ts';

export const STARTER_DEFINITION_KEY = 'mql';

const anyContains = (property: string, needles: readonly string[], label: string): Criterion => ({
  any: needles.map((value) => ({ property, operator: 'contains' as const, value })),
  label,
});

/**
 * A B2B MQL definition every new HubSpot tenant starts from, as a draft: marketing and sales
 * edit it, then both approve it before it judges any lead. It reads only HubSpot's default
 * contact properties. On contacts `numberofemployees` is a dropdown of ranges ("50-100",
 * "1000+"), so company size accepts either a range option or a plain number.
 */
export function createStarterDefinition(change: {
  readonly actor: string;
  readonly now: Date;
}): QualificationDefinition {
  return {
    key: STARTER_DEFINITION_KEY,
    version: 1,
    name: 'Marketing qualified lead (starter)',
    description:
      'A starting point for B2B teams: a reachable lead sales does not own yet, from a company of a size you sell to, with a senior title and recent engagement. Edit it, then have marketing and sales approve it.',
    status: 'draft',
    scope: {},
    rules: {
      all: [
        { property: 'email', operator: 'exists', label: 'Has an email address' },
        {
          property: 'lifecyclestage',
          operator: 'not_in',
          value: ['salesqualifiedlead', 'opportunity', 'customer', 'evangelist'],
          label: 'Not yet with sales or already a customer',
        },
      ],
    },
    disqualifiers: [
      {
        any: [
          anyContains('email', ['.edu', '.ac.uk', '@student.', '@students.'], 'Student email address'),
          { property: 'jobtitle', operator: 'contains', value: 'student', label: 'Student job title' },
        ],
        label: 'Student',
      },
    ],
    scoring: {
      fit: [
        {
          criterion: {
            any: [
              { property: 'numberofemployees', operator: 'in', value: ['50-100', '100-500', '500-1000'] },
              { property: 'numberofemployees', operator: 'between', value: { min: 50, max: 1000 } },
            ],
          },
          points: 20,
          label: 'Company of 50 to 1,000 employees',
        },
        {
          criterion: {
            any: [
              { property: 'numberofemployees', operator: 'in', value: ['1000+'] },
              { property: 'numberofemployees', operator: 'between', value: { min: 1001 } },
            ],
          },
          points: 15,
          label: 'Company of more than 1,000 employees',
        },
        {
          criterion: anyContains(
            'jobtitle',
            ['chief', 'vp', 'vice president', 'director', 'head of', 'founder', 'owner'],
            'Senior title',
          ),
          points: 15,
          label: 'Decision-maker title',
        },
        {
          criterion: { property: 'jobtitle', operator: 'contains', value: 'manager' },
          points: 5,
          label: 'Manager title',
        },
        {
          criterion: anyContains(
            'email',
            [
              '@gmail.',
              '@googlemail.',
              '@yahoo.',
              '@hotmail.',
              '@outlook.',
              '@live.',
              '@aol.',
              '@icloud.',
              '@gmx.',
              '@proton',
            ],
            'Free email provider',
          ),
          points: -20,
          label: 'Free email address instead of a company domain',
        },
      ],
      engagement: [
        {
          criterion: { property: 'num_conversion_events', operator: 'between', value: { min: 1 } },
          points: 15,
          label: 'Converted on a form',
          decays: true,
          dateProperty: 'recent_conversion_date',
        },
        {
          criterion: { property: 'num_conversion_events', operator: 'between', value: { min: 3 } },
          points: 10,
          label: 'Converted three times or more',
          decays: true,
          dateProperty: 'recent_conversion_date',
        },
        {
          criterion: { property: 'hs_analytics_num_page_views', operator: 'between', value: { min: 5 } },
          points: 10,
          label: 'Viewed five pages or more',
          decays: true,
          dateProperty: 'hs_analytics_last_visit_timestamp',
        },
      ],
      fitThreshold: 20,
      engagementThreshold: 20,
      decay: { kind: 'half_life', halfLifeDays: 7 },
    },
    approvals: {},
    createdBy: change.actor,
    createdAt: change.now.getTime(),
    changeNote: 'Created by Baton when the HubSpot app was installed',
  };
}
