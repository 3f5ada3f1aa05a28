import { describe, expect, it } from 'vitest';
import { evaluateDefinition } from '../../../../src/core/qualification/evaluate-definition.ts';
import { validateDefinition } from '../../../../src/core/qualification/validate-definition.ts';
import { createStarterDefinition } from '../../../../src/crm/hubspot/oauth/starter-definition.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const definition = createStarterDefinition({ actor: 'hubspot-install', now: NOW });

/** A VP at a 100–500 person company who converted twice and browsed today. */
const engagedBuyer: Record<string, string> = {
  email: 'dana@northwind.example',
  lifecyclestage: 'lead',
  jobtitle: 'VP Marketing',
  numberofemployees: '100-500',
  num_conversion_events: '2',
  recent_conversion_date: daysAgo(0),
  hs_analytics_num_page_views: '8',
  hs_analytics_last_visit_timestamp: String(NOW.getTime()),
};

describe('starter MQL definition', () => {
  it('is a valid draft awaiting both approvals', () => {
    const validated = validateDefinition(definition);
    expect(validated.ok ? [] : validated.issues).toEqual([]);
    expect(definition).toMatchObject({ key: 'mql', version: 1, status: 'draft', approvals: {} });
    expect(definition.createdAt).toBe(NOW.getTime());
  });

  it.each([
    ['an engaged buyer at a target company', {}, 'qualified', 'all_met'],
    ['a plain employee count within the target range', { numberofemployees: '250' }, 'qualified', 'all_met'],
    ['a student address', { email: 'dana@cs.stanford.edu' }, 'disqualified', 'disqualifier'],
    ['a student job title', { jobtitle: 'PhD Student' }, 'disqualified', 'disqualifier'],
    ['a lead sales already owns', { lifecyclestage: 'salesqualifiedlead' }, 'not_qualified', 'rules'],
    ['a lead without an email address', { email: '' }, 'not_qualified', 'rules'],
    [
      'a free email address at a small company',
      { email: 'dana@gmail.com', numberofemployees: '5-25' },
      'not_qualified',
      'fit_threshold',
    ],
    [
      'engagement three weeks old (three half-lives)',
      { recent_conversion_date: daysAgo(21), hs_analytics_last_visit_timestamp: daysAgo(21) },
      'not_qualified',
      'engagement_threshold',
    ],
  ])('judges %s', (_what, overrides, verdict, decidedBy) => {
    const result = evaluateDefinition(definition, { ...engagedBuyer, ...overrides }, NOW.getTime());
    expect({ verdict: result.verdict, decidedBy: result.decidedBy }).toEqual({ verdict, decidedBy });
  });

  it('halves engagement points every seven days', () => {
    const fresh = evaluateDefinition(definition, engagedBuyer, NOW.getTime());
    const weekOld = evaluateDefinition(
      definition,
      { ...engagedBuyer, recent_conversion_date: daysAgo(7), hs_analytics_last_visit_timestamp: daysAgo(7) },
      NOW.getTime(),
    );
    expect(fresh.engagementScore).toBe(25);
    expect(weekOld.engagementScore).toBe(12.5);
  });
});
