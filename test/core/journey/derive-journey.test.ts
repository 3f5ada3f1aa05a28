import { describe, expect, it } from 'vitest';
import { deriveJourney, type JourneyObservation } from '../../../src/core/journey/derive-journey.ts';
import { emptyJourneyState, type JourneyState } from '../../../src/core/journey/journey-state.ts';
import type { LedgerEntry } from '../../../src/core/journey/ledger-entry.ts';
import { replayLedger } from '../../../src/core/journey/replay-ledger.ts';
import { HUBSPOT_JOURNEY_MAPPING } from '../../fixtures/hubspot-defaults.ts';
import { context, HOUR, snapshot, T0 } from './journey-fixtures.ts';

function run(observations: readonly JourneyObservation[], start: JourneyState = emptyJourneyState('101')) {
  let state = start;
  const entries: LedgerEntry[] = [];
  for (const o of observations) {
    const step = deriveJourney(state, o, context);
    state = step.state;
    entries.push(...step.entries);
  }
  return { state, entries };
}

const snap = (h: number, p: Record<string, string | null>): JourneyObservation => ({
  kind: 'snapshot',
  snapshot: snapshot(h, p),
});
const describeEntry = (e: LedgerEntry) =>
  e.kind === 'handoff_event' ? `event:${e.event}` : `${e.kind}:${e.stage ?? ''}`;

describe('deriveJourney', () => {
  it('reads a rep marking a waiting hand-off unqualified as a rejection, and an accepted one as disqualified', () => {
    const handoffEvents = (observations: readonly JourneyObservation[]) =>
      run(observations)
        .entries.filter((e) => e.kind === 'handoff_event')
        .map((e) => [e.event, e.reasonCode ?? null]);
    const mql = { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: 's-7' };
    expect(handoffEvents([snap(0, mql), snap(3, { ...mql, hs_lead_status: 'UNQUALIFIED' })])).toEqual([
      ['created', null],
      ['qualified', null],
      ['handed_off', null],
      ['rejected', 'bad_fit'],
    ]);
    expect(
      handoffEvents([
        snap(0, mql),
        snap(2, { ...mql, hs_lead_status: 'IN_PROGRESS' }),
        snap(5, { ...mql, hs_lead_status: 'UNQUALIFIED' }),
      ]).slice(-1),
    ).toEqual([['disqualified', 'bad_fit']]);
    const recycled = run([
      snap(0, mql),
      snap(2, { ...mql, hs_lead_status: 'IN_PROGRESS' }),
      snap(5, { ...mql, hs_lead_status: 'BAD_TIMING' }),
    ]);
    expect(recycled.entries.filter((e) => e.event === 'recycled')).toHaveLength(1);
    expect(recycled.entries.filter((e) => e.event === 'rejected')).toEqual([]);
    expect(recycled.state).toMatchObject({ stage: 'mql', cycle: 1 });
  });

  it('infers a hand-off the record still shows it went through, and none without such evidence', () => {
    const jumped = run([
      snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 'm-1' }),
      snap(4, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', hubspot_owner_id: 's-7' }),
    ]);
    const events = jumped.entries.filter((e) => e.kind === 'handoff_event');
    expect(events.map((e) => [e.event, e.occurredAt, e.actor ?? null])).toEqual([
      ['created', T0, null],
      ['qualified', T0 + 4 * HOUR, 'inferred'],
      ['handed_off', T0 + 4 * HOUR, 'inferred'],
      ['accepted', T0 + 4 * HOUR, null],
    ]);

    const handoffEvents = (observations: readonly JourneyObservation[]) =>
      run(observations)
        .entries.filter((e) => e.kind === 'handoff_event')
        .map((e) => e.event);
    // Sales working a lead it found itself: no MQL in sight, so no hand-off.
    expect(
      handoffEvents([
        snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 's-7' }),
        snap(4, { lifecyclestage: 'lead', hs_lead_status: 'OPEN', hubspot_owner_id: 's-7' }),
      ]),
    ).toEqual(['created', 'accepted']);
    expect(handoffEvents([snap(0, { hs_lead_status: 'OPEN', hubspot_owner_id: 's-7' })])).toEqual([
      'created',
      'accepted',
    ]);
  });

  it("hands the lead to a HubSpot Lead object's assignee and back to the contact owner when it goes", () => {
    const { state, entries } = run([
      snap(0, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: 'm-1' }),
      snap(2, {
        lifecyclestage: 'marketingqualifiedlead',
        hubspot_owner_id: 'm-1',
        'lead.hs_pipeline_stage': 'new-stage-id',
        'lead.hubspot_owner_id': 's-4',
      }),
      snap(3, {
        lifecyclestage: 'marketingqualifiedlead',
        hubspot_owner_id: 'm-1',
        'lead.hs_pipeline_stage': 'attempting-stage-id',
        'lead.hubspot_owner_id': 's-4',
      }),
    ]);
    const holders = entries.filter((e) => e.kind === 'owner_person_changed');
    expect(holders.map((e) => [e.ownerPerson, e.occurredAt])).toEqual([
      ['m-1', T0],
      ['s-4', T0 + 2 * HOUR],
    ]);
    expect(entries.filter((e) => e.kind === 'handoff_event').map((e) => e.event)).toEqual([
      'created',
      'qualified',
      'handed_off',
      'first_contact_attempt',
    ]);
    expect(state).toMatchObject({ stage: 'mql', ownerPerson: 's-4' });
    const released = run(
      [
        snap(5, {
          lifecyclestage: 'marketingqualifiedlead',
          hubspot_owner_id: 'm-1',
          'lead.hubspot_owner_id': null,
        }),
      ],
      state,
    );
    expect(released.state.ownerPerson).toBe('m-1');
  });

  it('records entry, stage moves, owners and milestones at CRM event time', () => {
    const { state, entries } = run([
      snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 'm-1', createdate: String(T0 - HOUR) }),
      snap(5, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: 'm-1' }),
      snap(9, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', hubspot_owner_id: 's-7' }),
    ]);
    expect(entries.map(describeEntry)).toEqual([
      'event:created',
      'stage_entered:inquiry',
      'owner_function_changed:inquiry',
      'owner_person_changed:inquiry',
      'stage_exited:inquiry',
      'stage_entered:mql',
      'event:qualified',
      'event:handed_off',
      'stage_exited:mql',
      'stage_entered:sal',
      'owner_function_changed:sal',
      'event:accepted',
      'owner_person_changed:sal',
    ]);
    expect(entries[0]?.occurredAt).toBe(T0 - HOUR);
    expect(entries.find((e) => e.event === 'accepted')?.occurredAt).toBe(T0 + 9 * HOUR);
    expect(entries.find((e) => e.event === 'qualified')).toMatchObject({
      definitionKey: 'mql_default',
      definitionVersion: 3,
      ownerFunction: 'marketing',
    });
    expect(state).toMatchObject({ stage: 'sal', ownerFunction: 'sales', ownerPerson: 's-7' });
    expect(state.visits.map((v) => [v.stage, v.exitedAt !== null])).toEqual([
      ['inquiry', true],
      ['mql', true],
      ['sal', false],
    ]);
  });

  it('is idempotent: replaying the same snapshot adds nothing', () => {
    const first = run([snap(0, { lifecyclestage: 'marketingqualifiedlead' })]);
    const again = deriveJourney(first.state, snap(0, { lifecyclestage: 'marketingqualifiedlead' }), context);
    expect(again.entries).toEqual([]);
    expect(again.outcome).toBe('unchanged');
  });

  it.each([
    [
      'an older snapshot arriving late',
      [snap(8, { lifecyclestage: 'salesqualifiedlead' }), snap(2, { lifecyclestage: 'lead' })],
    ],
    [
      'a duplicate of an earlier delivery after a newer one',
      [
        snap(2, { lifecyclestage: 'lead' }),
        snap(8, { lifecyclestage: 'salesqualifiedlead' }),
        snap(2, { lifecyclestage: 'lead' }),
      ],
    ],
  ])('never rewinds on %s', (_label, observations) => {
    const { state, entries } = run(observations);
    expect(state.stage).toBe('sql');
    expect(entries.filter((e) => e.kind === 'stage_entered').at(-1)?.stage).toBe('sql');
    expect(state.lastSnapshotAt).toBe(T0 + 8 * HOUR);
  });

  it('reports a stale snapshot as stale without touching state', () => {
    const { state } = run([snap(8, { lifecyclestage: 'salesqualifiedlead' })]);
    const step = deriveJourney(state, snap(1, { lifecyclestage: 'lead' }), context);
    expect(step).toMatchObject({ outcome: 'stale', entries: [] });
    expect(step.state).toBe(state);
  });

  it('counts an explicit accept and the later CRM stage change once', () => {
    const { state } = run([snap(0, { lifecyclestage: 'marketingqualifiedlead' })]);
    const accepted = deriveJourney(
      state,
      { kind: 'event', event: 'accepted', occurredAt: T0 + HOUR, actor: 'rep@example.com' },
      context,
    );
    expect(accepted.entries).toHaveLength(1);
    const crm = deriveJourney(
      accepted.state,
      snap(2, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' }),
      context,
    );
    expect(crm.entries.filter((e) => e.event === 'accepted')).toEqual([]);
    expect(crm.state.stage).toBe('sal');
  });

  it('fires a status event only when the status is newly set, and counts contact attempts', () => {
    const { state, entries } = run([
      snap(0, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'ATTEMPTED_TO_CONTACT' }),
      snap(1, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'ATTEMPTED_TO_CONTACT' }),
      snap(2, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'NEW' }),
      snap(3, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'ATTEMPTED_TO_CONTACT' }),
    ]);
    expect(entries.filter((e) => e.event === 'first_contact_attempt').map((e) => e.occurredAt)).toEqual([
      T0,
      T0 + 3 * HOUR,
    ]);
    expect(state.contactAttempts).toBe(2);
  });

  it('recycles a lead that sales sends back to marketing and starts a new cycle', () => {
    const { state, entries } = run([
      snap(0, { lifecyclestage: 'marketingqualifiedlead' }),
      snap(1, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' }),
      snap(4, { lifecyclestage: 'lead' }),
      snap(30, { lifecyclestage: 'marketingqualifiedlead' }),
    ]);
    expect(entries.filter((e) => e.event === 'recycled')).toHaveLength(1);
    expect(entries.filter((e) => e.event === 'qualified').map((e) => e.occurredAt)).toEqual([
      T0,
      T0 + 30 * HOUR,
    ]);
    expect(state.cycle).toBe(1);
    expect(state.ownerFunction).toBe('marketing');
  });

  it('lets a sales-generated lead enter mid-funnel without inventing earlier stages', () => {
    const { entries } = run([snap(0, { lifecyclestage: 'salesqualifiedlead' })]);
    expect(entries.filter((e) => e.kind === 'stage_entered').map((e) => e.stage)).toEqual(['sql']);
    expect(entries.some((e) => e.event === 'qualified')).toBe(false);
  });

  it('ignores records that map to no stage', () => {
    const step = deriveJourney(emptyJourneyState('101'), snap(0, { lifecyclestage: 'other' }), context);
    expect(step.entries).toEqual([]);
    expect(step.state.stage).toBeNull();
  });

  it('gives every entry a dedupe key derived from the fact, unique within the journey', () => {
    const { entries } = run([
      snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 'm-1' }),
      snap(5, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: 'm-2' }),
      snap(9, { lifecyclestage: 'customer', hubspot_owner_id: 's-7' }),
    ]);
    const keys = entries.map((e) => e.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    const rerun = run([
      snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 'm-1' }),
      snap(5, { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: 'm-2' }),
      snap(9, { lifecyclestage: 'customer', hubspot_owner_id: 's-7' }),
    ]);
    expect(rerun.entries.map((e) => e.dedupeKey)).toEqual(keys);
  });
});

describe('replayLedger', () => {
  it('rebuilds the same state incremental derivation reached, whatever order the ledger is read in', () => {
    const observations = [
      snap(0, { lifecyclestage: 'lead', hubspot_owner_id: 'm-1' }),
      snap(5, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'ATTEMPTED_TO_CONTACT' }),
      snap(9, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', hubspot_owner_id: 's-7' }),
      snap(12, { lifecyclestage: 'lead' }),
    ];
    const { state, entries } = run(observations);
    const last = observations.at(-1);
    if (last?.kind !== 'snapshot') throw new Error('fixture');
    const replayed = replayLedger('101', [...entries].reverse(), last.snapshot, HUBSPOT_JOURNEY_MAPPING);
    expect(replayed).toEqual(state);
  });

  it('continues a journey from a replayed state exactly as if it had never stopped', () => {
    const head = run([snap(0, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' })]);
    const first = head.entries;
    const replayed = replayLedger(
      '101',
      first,
      snapshot(0, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' }),
      HUBSPOT_JOURNEY_MAPPING,
    );
    const tail = snap(3, { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'CONNECTED' });
    expect(deriveJourney(replayed, tail, context).entries).toEqual(
      deriveJourney(head.state, tail, context).entries,
    );
  });
});
