import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../../src/core/attribution/channels.ts';
import { buildCardView, type CardInput } from '../../../src/core/card/build-card-view.ts';
import { deriveJourney, type JourneyObservation } from '../../../src/core/journey/derive-journey.ts';
import { emptyJourneyState } from '../../../src/core/journey/journey-state.ts';
import type { LedgerEntry } from '../../../src/core/journey/ledger-entry.ts';
import { DEFAULT_REASON_CODES } from '../../../src/core/journey/reason-codes.ts';
import { HUBSPOT_JOURNEY_MAPPING, hubspotModel } from '../../fixtures/hubspot-defaults.ts';

const waterfall = hubspotModel('demand_waterfall');
// A tenant that measures the accept-or-reject target in business hours (Mon–Fri 09–17 UTC).
const model = {
  ...waterfall,
  stages: waterfall.stages.map((s) =>
    s.key === 'mql' && s.sla ? { ...s, sla: { ...s.sla, clock: 'business' as const } } : s,
  ),
};
const MON = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;

function journey(observations: readonly JourneyObservation[]) {
  let state = emptyJourneyState('9');
  const ledger: LedgerEntry[] = [];
  for (const o of observations) {
    const step = deriveJourney(state, o, { model, mapping: HUBSPOT_JOURNEY_MAPPING });
    state = step.state;
    ledger.push(...step.entries);
  }
  return { state, ledger };
}

const snap = (at: number, properties: Record<string, string>): JourneyObservation => ({
  kind: 'snapshot',
  snapshot: { recordId: '9', observedAt: at, properties },
});

function card(observations: readonly JourneyObservation[], now: number, extra: Partial<CardInput> = {}) {
  const { state, ledger } = journey(observations);
  return buildCardView({
    model,
    state,
    ledger,
    touches: [],
    qualification: null,
    reasonCodes: DEFAULT_REASON_CODES,
    channels: DEFAULT_CHANNELS,
    now,
    ...extra,
  });
}

const mqlOnMonday = [
  snap(MON - HOUR, { lifecyclestage: 'lead' }),
  snap(MON, { lifecyclestage: 'marketingqualifiedlead' }),
];

describe('buildCardView', () => {
  it.each([
    // 48 business hours from Monday 10:00 UTC (Mon–Fri 09–17) fall due on Tuesday of the next week at 10:00.
    ['on track early on', MON + 2 * HOUR, 'on_track'],
    ['at risk after three quarters of the window', Date.parse('2026-03-09T12:00:00Z'), 'at_risk'],
    ['breached once past due', Date.parse('2026-03-10T10:00:01Z'), 'breached'],
  ])('shows the accept-or-reject clock %s', (_label, now, state) => {
    const view = card(mqlOnMonday, now);
    expect(view.sla).toMatchObject({
      stage: 'mql',
      state,
      clock: 'business',
      dueAt: Date.parse('2026-03-10T10:00:00Z'),
    });
    expect(view.sla?.targetLabel).toBe('48 h (business hours)');
  });

  it('stops the clock when sales answers, even before the CRM stage moves', () => {
    const accepted: JourneyObservation = {
      kind: 'event',
      event: 'accepted',
      occurredAt: MON + 3 * HOUR,
      actor: 'sam',
    };
    const view = card([...mqlOnMonday, accepted], Date.parse('2026-03-20T10:00:00Z'));
    expect(view.sla?.state).toBe('met');
    expect(view.actions).toMatchObject({ canAccept: false, reason: 'already accepted' });
    expect(view.timeline[0]).toMatchObject({ event: 'accepted', label: 'Accepted by sales', actor: 'sam' });
    // Newest first, each move with the wait since the one before it: sales answered in 3 h.
    expect(view.timeline.map((t) => [t.event, t.waitedLabel])).toEqual([
      ['accepted', '3 h'],
      ['handed_off', '0 min'],
      ['qualified', '1 h'],
      ['created', null],
    ]);
  });

  it('offers accept and reject with the tenant reason codes while sales has not answered', () => {
    const view = card(mqlOnMonday, MON + HOUR);
    expect(view.actions).toMatchObject({ canAccept: true, canReject: true });
    expect(view.actions.rejectReasons.map((r) => r.key)).toContain('no_budget');
    expect(view.stage).toMatchObject({ key: 'mql', label: 'MQL', waitingLabel: '1 h' });
    expect(view.owner.function).toMatchObject({ key: 'marketing', label: 'Marketing' });
  });

  it('sums time over every visit to a stage and marks skipped stages', () => {
    const view = card(
      [
        snap(MON, { lifecyclestage: 'marketingqualifiedlead' }),
        snap(MON + 2 * HOUR, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' }),
        snap(MON + 3 * HOUR, { lifecyclestage: 'lead' }),
        snap(MON + 10 * HOUR, { lifecyclestage: 'marketingqualifiedlead' }),
        snap(MON + 11 * HOUR, { lifecyclestage: 'salesqualifiedlead' }),
      ],
      MON + 12 * HOUR,
    );
    const step = (key: string) => view.ladder.find((s) => s.key === key);
    expect(step('mql')).toMatchObject({ status: 'done', timeInStageMinutes: 180, timeInStageLabel: '3 h' });
    expect(step('inquiry')).toMatchObject({ status: 'done', timeInStageMinutes: 420 });
    expect(step('sql')).toMatchObject({ status: 'current', timeInStageMinutes: 60 });
    expect(step('opportunity')).toMatchObject({ status: 'upcoming', timeInStageMinutes: null });
    expect(view.timeline.filter((t) => t.event === 'recycled')).toHaveLength(1);
  });

  it('shows weighted co-owners, largest share first', () => {
    const journeyModel = hubspotModel('three_owner_journey');
    const decision = journeyModel.stages.find((s) => s.key === 'decision');
    if (!decision) throw new Error('preset has no decision stage');
    const state = {
      ...emptyJourneyState('9'),
      stage: 'decision',
      stageEnteredAt: MON,
      ownerFunction: 'sales',
    };
    const view = buildCardView({
      model: journeyModel,
      state,
      ledger: [],
      touches: [],
      qualification: null,
      reasonCodes: DEFAULT_REASON_CODES,
      channels: DEFAULT_CHANNELS,
      now: MON,
    });
    const weights = view.owner.coOwners.map((o) => o.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(view.owner.coOwners.map((o) => o.key).sort()).toEqual(
      decision.owners.map((o) => o.function).sort(),
    );
    expect(view.ladder.find((s) => s.key === 'decision')?.owners).toEqual(view.owner.coOwners);
  });

  it('renders a record Baton has not seen move yet', () => {
    const view = card([], MON);
    expect(view).toMatchObject({
      stage: null,
      sla: null,
      qualification: { basis: 'none', judgedBy: null, today: null },
      attribution: [],
      timeline: [],
    });
    expect(view.source).toMatchObject({ origin: 'other', firstTouch: null, touchCount: 0 });
    expect(view.actions.reason).toBe('not handed off to sales yet');
    expect(view.ladder.every((s) => s.status === 'upcoming')).toBe(true);
  });

  it('credits channels under the simple and the fair model side by side', () => {
    const touches = [
      { id: 't1', occurredAt: MON - 30 * HOUR, channel: 'paid_search', origin: 'marketing' as const },
      { id: 't2', occurredAt: MON - 2 * HOUR, channel: 'webinars', origin: 'marketing' as const },
    ];
    const view = card(mqlOnMonday, MON, { touches });
    expect(view.attribution.map((a) => a.model)).toEqual(['first_touch', 'w_shaped']);
    expect(view.attribution[0]?.byChannel).toEqual([
      { channel: 'paid_search', label: expect.any(String), share: 1 },
    ]);
    const fair = view.attribution[1];
    const credited = (fair?.byChannel ?? []).reduce((sum, c) => sum + c.share, 0);
    expect(credited + (fair?.pending ?? 0)).toBeCloseTo(1, 9);
    expect(fair?.pending).toBeGreaterThan(0);
  });
});
