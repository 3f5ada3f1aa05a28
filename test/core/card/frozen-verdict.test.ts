import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../../src/core/attribution/channels.ts';
import { buildCardView, type FrozenQualification } from '../../../src/core/card/build-card-view.ts';
import { deriveJourney, type JourneyObservation } from '../../../src/core/journey/derive-journey.ts';
import { emptyJourneyState } from '../../../src/core/journey/journey-state.ts';
import type { LedgerEntry } from '../../../src/core/journey/ledger-entry.ts';
import { DEFAULT_REASON_CODES } from '../../../src/core/journey/reason-codes.ts';
import type { QualificationResult } from '../../../src/core/qualification/qualification-result.ts';
import { HUBSPOT_JOURNEY_MAPPING, hubspotModel } from '../../fixtures/hubspot-defaults.ts';

const model = hubspotModel('demand_waterfall');
const T = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;

const snap = (hours: number, properties: Record<string, string>): JourneyObservation => ({
  kind: 'snapshot',
  snapshot: { recordId: '9', observedAt: T + hours * HOUR, properties },
});

function result(
  verdict: QualificationResult['verdict'],
  version: number,
  employees: boolean,
): QualificationResult {
  const criterion = (label: string, met: boolean) => ({
    path: 'rules.all[0]',
    label,
    operator: 'between' as const,
    property: 'numberofemployees',
    expected: { min: 50 },
    observed: met ? '120' : '12',
    met,
  });
  return {
    verdict,
    definitionKey: 'mql',
    definitionVersion: version,
    fitScore: 40,
    engagementScore: 0,
    fitThreshold: 30,
    engagementThreshold: null,
    criteria: [criterion('At least 50 employees', employees)],
    disqualifiedBy: [],
    scores: [],
    decidedBy: verdict === 'qualified' ? 'all_met' : 'rules',
    decisiveCriterion: null,
    explanation: verdict === 'qualified' ? 'every criterion met' : 'fewer than 50 employees',
  };
}

const frozenAt = (occasion: FrozenQualification['occasion'], hours: number, r: QualificationResult) => ({
  occasion,
  occurredAt: T + hours * HOUR,
  result: r,
  definitionName: 'Mid-market MQL',
});

function cardOf(
  observations: readonly JourneyObservation[],
  frozen: readonly FrozenQualification[],
  today: QualificationResult | null,
) {
  let state = emptyJourneyState('9');
  const ledger: LedgerEntry[] = [];
  for (const o of observations) {
    const step = deriveJourney(state, o, { model, mapping: HUBSPOT_JOURNEY_MAPPING });
    state = step.state;
    ledger.push(...step.entries);
  }
  return buildCardView({
    model,
    state,
    ledger,
    touches: [],
    qualification: today
      ? { result: today, definitionName: 'Mid-market MQL', evaluatedAt: T + 100 * HOUR }
      : null,
    frozen,
    reasonCodes: DEFAULT_REASON_CODES,
    channels: DEFAULT_CHANNELS,
    now: T + 100 * HOUR,
  }).qualification;
}

const handedOff = [
  snap(-1, { lifecyclestage: 'lead' }),
  snap(0, { lifecyclestage: 'marketingqualifiedlead' }),
];
const laterSql = [...handedOff, snap(5, { lifecyclestage: 'salesqualifiedlead' })];

describe('the verdict a lead carries', () => {
  it.each([
    {
      case: 'a qualified lead later moving to SQL keeps its hand-off verdict; today agrees, so no today line',
      observations: laterSql,
      frozen: [
        frozenAt('qualified', 0, result('qualified', 1, true)),
        frozenAt('handed_off', 0, result('qualified', 1, true)),
      ],
      today: result('qualified', 1, true),
      expected: { basis: 'definition', judged: ['qualified', 1, 'handed_off'], today: null },
    },
    {
      case: "a lead whose record no longer meets the criteria keeps its verdict, and today's shows beside it",
      observations: laterSql,
      frozen: [frozenAt('handed_off', 0, result('qualified', 1, true))],
      today: result('not_qualified', 1, false),
      expected: { basis: 'definition', judged: ['qualified', 1, 'handed_off'], today: ['not_qualified', 1] },
    },
    {
      case: 'a definition re-versioned after hand-off: the frozen verdict keeps the old version',
      observations: laterSql,
      frozen: [frozenAt('handed_off', 0, result('qualified', 1, true))],
      today: result('qualified', 2, true),
      expected: { basis: 'definition', judged: ['qualified', 1, 'handed_off'], today: ['qualified', 2] },
    },
    {
      case: 'a lead re-qualified after recycling carries the new cycle verdict, not the first one',
      observations: [
        ...handedOff,
        snap(1, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' }),
        snap(2, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'BAD_TIMING' }),
        snap(30, { lifecyclestage: 'lead', hs_lead_status: 'NEW' }),
        snap(40, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'NEW' }),
      ],
      frozen: [
        frozenAt('handed_off', 0, result('qualified', 1, true)),
        frozenAt('handed_off', 40, result('qualified', 3, true)),
      ],
      today: result('qualified', 3, true),
      expected: { basis: 'definition', judged: ['qualified', 3, 'handed_off'], today: null },
    },
    {
      case: 'a recycled lead the CRM qualifies again, with no verdict frozen in the new cycle, carries none of the old one',
      observations: [
        ...handedOff,
        snap(1, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' }),
        snap(2, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'BAD_TIMING' }),
        snap(30, { lifecyclestage: 'lead', hs_lead_status: 'NEW' }),
      ],
      frozen: [frozenAt('handed_off', 0, result('qualified', 1, true))],
      today: result('not_qualified', 1, false),
      expected: { basis: 'crm', judged: null, today: ['not_qualified', 1] },
    },
    {
      case: 'a lead the CRM qualified with no definition active says so',
      observations: handedOff,
      frozen: [],
      today: null,
      expected: { basis: 'crm', judged: null, today: null },
    },
    {
      case: 'a lead not qualified yet shows only today',
      observations: [snap(-1, { lifecyclestage: 'lead' })],
      frozen: [],
      today: result('not_qualified', 1, false),
      expected: { basis: 'none', judged: null, today: ['not_qualified', 1] },
    },
  ])('$case', ({ observations, frozen, today, expected }) => {
    const q = cardOf(observations, frozen, today);
    expect(q.basis).toBe(expected.basis);
    expect(
      q.judgedBy ? [q.judgedBy.verdict, q.judgedBy.definitionVersion, q.judgedBy.frozenAt] : null,
    ).toEqual(expected.judged);
    expect(q.today ? [q.today.verdict, q.today.definitionVersion] : null).toEqual(expected.today);
    expect(q.summary.length).toBeGreaterThan(0);
  });

  it('keeps the value observed when it was judged, not the value seen today', () => {
    const q = cardOf(
      laterSql,
      [frozenAt('handed_off', 0, result('qualified', 1, true))],
      result('not_qualified', 1, false),
    );
    expect(q.judgedBy?.met).toEqual([
      { label: 'At least 50 employees', property: 'numberofemployees', met: true, observed: '120' },
    ]);
    expect(q.today?.missed.map((c) => c.observed)).toEqual(['12']);
    expect(q.summary).toBe('Qualified under Mid-market MQL v1 when it was handed off.');
  });

  it('says plainly when the CRM qualified a lead Baton judged not qualified', () => {
    const q = cardOf(handedOff, [frozenAt('handed_off', 0, result('not_qualified', 1, false))], null);
    expect(q.summary).toBe(
      'The CRM moved it on; Mid-market MQL v1 judged it not qualified when it was handed off.',
    );
  });
});
