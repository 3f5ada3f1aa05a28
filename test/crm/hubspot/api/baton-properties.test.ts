import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CardView, TimelineItem } from '../../../../src/core/card/card-view.ts';
import {
  BATON_PROPERTIES,
  BATON_PROPERTY_NAMES,
  batonPropertyValues,
  changedBatonProperties,
} from '../../../../src/crm/hubspot/baton-properties.ts';

const T = (iso: string) => Date.parse(iso);

function event(at: string, type: TimelineItem['event'], reasonCode: string | null = null): TimelineItem {
  return {
    at: T(at),
    event: type,
    label: type,
    stage: null,
    ownerFunction: null,
    ownerPerson: null,
    actor: null,
    reasonCode,
    reasonLabel: null,
    feedback: null,
    definitionVersion: null,
    waitedLabel: null,
  };
}

const touch = (channel: string, at: string) => ({
  id: `t-${channel}`,
  at: T(at),
  channel,
  channelLabel: channel,
  sourceDetail: null,
  campaign: null,
});

const emptyView: CardView = {
  recordId: '501',
  generatedAt: T('2026-03-05T12:00:00Z'),
  model: { key: 'demand_waterfall', name: 'Demand waterfall' },
  stage: null,
  owner: { function: null, coOwners: [], person: null },
  ladder: [],
  sla: null,
  qualification: { basis: 'none', summary: 'Not qualified yet.', judgedBy: null, today: null },
  source: {
    origin: 'other',
    originReason: 'no touches',
    firstTouch: null,
    leadCreationTouch: null,
    latestTouch: null,
    touchCount: 0,
  },
  attribution: [],
  timeline: [],
  actions: { canAccept: false, canReject: false, canLogContact: false, reason: '', rejectReasons: [] },
};

/** Recycled once: rejected, re-qualified, handed off again and accepted. Newest first, as cards list it. */
const recycledView: CardView = {
  ...emptyView,
  stage: {
    key: 'sal',
    label: 'SAL',
    enteredAt: T('2026-03-04T09:30:00Z'),
    waitingMinutes: 90,
    waitingLabel: '1 h 30 min',
  },
  owner: {
    function: { key: 'sales', label: 'Sales', weight: 1 },
    coOwners: [],
    person: { id: '42', name: null },
  },
  sla: {
    stage: 'sal',
    state: 'at_risk',
    clock: 'calendar',
    startedAt: T('2026-03-04T09:30:00Z'),
    dueAt: T('2026-03-05T09:30:00Z'),
    atRiskAt: T('2026-03-04T15:30:00Z'),
    targetLabel: '24 h',
    remainingLabel: '2 h left',
    reason: 'three quarters of the window used',
  },
  qualification: {
    basis: 'definition',
    summary: 'Qualified under Enterprise MQL v3.',
    today: null,
    judgedBy: {
      frozenAt: 'handed_off',
      verdict: 'qualified',
      definitionKey: 'enterprise_mql',
      definitionName: 'Enterprise MQL',
      definitionVersion: 3,
      fitScore: 72.5,
      fitThreshold: 60,
      engagementScore: 40,
      engagementThreshold: 30,
      explanation: 'fit and engagement above threshold',
      met: [],
      missed: [],
      disqualifiedBy: [],
      evaluatedAt: T('2026-03-04T09:00:00Z'),
    },
  },
  source: {
    origin: 'marketing',
    originReason: 'first touch was paid search',
    firstTouch: touch('paid_search', '2026-02-20T08:00:00Z'),
    leadCreationTouch: touch('webinar', '2026-02-25T16:00:00Z'),
    latestTouch: touch('email', '2026-03-03T07:00:00Z'),
    touchCount: 5,
  },
  timeline: [
    event('2026-03-04T09:30:00Z', 'accepted'),
    event('2026-03-04T09:05:00Z', 'handed_off'),
    event('2026-03-04T09:00:00Z', 'qualified'),
    event('2026-03-02T15:00:00Z', 'rejected', 'no_need_or_timing'),
    event('2026-03-02T10:05:00Z', 'handed_off'),
    event('2026-03-02T10:00:00Z', 'qualified'),
    event('2026-02-25T16:00:00Z', 'created'),
  ],
};

describe("Baton's HubSpot properties", () => {
  it('are named baton_*, unique, and enumerations carry their options', () => {
    expect(new Set(BATON_PROPERTY_NAMES).size).toBe(BATON_PROPERTIES.length);
    expect(BATON_PROPERTY_NAMES.every((n) => /^baton_[a-z_]+$/.test(n))).toBe(true);
    for (const property of BATON_PROPERTIES) {
      if (property.type === 'enumeration') expect(property.options.length).toBeGreaterThan(1);
    }
  });

  it('are documented as they are defined, in docs/hubspot-properties.md', () => {
    const doc = readFileSync(new URL('../../../../docs/hubspot-properties.md', import.meta.url), 'utf8');
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('| `baton_'))
      .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')));
    expect(rows.map(([, name, label, type, fieldType]) => [name, label, type, fieldType])).toEqual(
      BATON_PROPERTIES.map((p) => [p.name, p.label, p.type, p.fieldType]),
    );
  });

  it("map a recycled lead's card to HubSpot values, taking the latest of each hand-off", () => {
    expect(batonPropertyValues(recycledView)).toEqual({
      baton_stage: 'sal',
      baton_owner_function: 'sales',
      baton_stage_entered_at: '2026-03-04T09:30:00.000Z',
      baton_mql_at: '2026-03-04T09:00:00.000Z',
      baton_handed_off_at: '2026-03-04T09:05:00.000Z',
      baton_accepted_at: '2026-03-04T09:30:00.000Z',
      baton_rejected_at: '2026-03-02T15:00:00.000Z',
      baton_rejection_reason: 'no_need_or_timing',
      baton_first_contact_at: '',
      baton_sql_at: '',
      baton_sla_due_at: '2026-03-05T09:30:00.000Z',
      baton_sla_state: 'at_risk',
      baton_qualification_verdict: 'qualified',
      baton_fit_score: '72.5',
      baton_engagement_score: '40',
      baton_definition_key: 'enterprise_mql',
      baton_definition_version: '3',
      baton_origin: 'marketing',
      baton_first_touch_channel: 'paid_search',
      baton_lead_creation_touch_channel: 'webinar',
      baton_latest_touch_channel: 'email',
    });
  });

  it('write the verdict the lead was judged by, not a different re-evaluation of today', () => {
    const { judgedBy } = recycledView.qualification;
    if (!judgedBy) throw new Error('the fixture carries a frozen verdict');
    const view: CardView = {
      ...recycledView,
      qualification: {
        ...recycledView.qualification,
        today: { ...judgedBy, verdict: 'not_qualified', definitionVersion: 4, fitScore: 10 },
      },
    };
    expect(batonPropertyValues(view)).toMatchObject({
      baton_qualification_verdict: 'qualified',
      baton_definition_version: '3',
      baton_fit_score: '72.5',
    });
  });

  it('clear what Baton does not know yet with empty strings', () => {
    const values = batonPropertyValues(emptyView);
    expect(Object.keys(values)).toEqual(BATON_PROPERTY_NAMES);
    expect(Object.entries(values).filter(([, v]) => v !== '')).toEqual([['baton_origin', 'other']]);
  });
});

describe('changed Baton properties', () => {
  it.each([
    ['the same instant in epoch ms', 'baton_mql_at', '1772445600000', '2026-03-02T10:00:00.000Z', false],
    [
      'the same instant without milliseconds',
      'baton_mql_at',
      '2026-03-02T10:00:00Z',
      '2026-03-02T10:00:00.000Z',
      false,
    ],
    ['a later instant', 'baton_mql_at', '2026-03-02T10:00:00Z', '2026-03-02T10:00:01.000Z', true],
    ['the same number written differently', 'baton_fit_score', '40.0', '40', false],
    ['a different number', 'baton_fit_score', '40', '41', true],
    ['unset and empty', 'baton_stage', null, '', false],
    ['unset and a value', 'baton_stage', null, 'mql', true],
    ['a value being cleared', 'baton_sla_due_at', '2026-03-05T09:30:00.000Z', '', true],
    ['the same option', 'baton_sla_state', 'met', 'met', false],
    ['another option', 'baton_sla_state', 'at_risk', 'breached', true],
  ])('%s: changed = %s', (_case, name, held, wanted, changed) => {
    expect(changedBatonProperties({ [name]: held }, { [name]: wanted })).toEqual(
      changed ? { [name]: wanted } : {},
    );
  });

  it('sends nothing when HubSpot already holds what Baton wrote, as HubSpot formats it on read', () => {
    const written = batonPropertyValues(recycledView);
    const readBack = {
      ...written,
      baton_mql_at: String(T('2026-03-04T09:00:00Z')),
      baton_fit_score: '72.50',
      baton_first_contact_at: null,
      baton_sql_at: null,
    };
    expect(changedBatonProperties(readBack, written)).toEqual({});
  });

  it('sends exactly the properties that moved when the lead moves on', () => {
    const before = batonPropertyValues(recycledView);
    const after = batonPropertyValues({
      ...recycledView,
      sla: recycledView.sla && { ...recycledView.sla, state: 'met' },
      timeline: [event('2026-03-04T11:00:00Z', 'first_contact'), ...recycledView.timeline],
    });
    expect(changedBatonProperties(before, after)).toEqual({
      baton_first_contact_at: '2026-03-04T11:00:00.000Z',
      baton_sla_state: 'met',
    });
  });
});
