import { describe, expect, it } from 'vitest';
import type { FunnelPresetKey } from '../../../src/core/funnel/funnel-model.ts';
import {
  createPresetModel,
  DEFAULT_BUSINESS_CALENDAR,
  FUNNEL_PRESETS,
} from '../../../src/core/funnel/presets.ts';
import { primaryOwnerFunction } from '../../../src/core/funnel/stage-lookup.ts';
import { validateFunnelModel } from '../../../src/core/funnel/validate-funnel-model.ts';

const presetKeys = FUNNEL_PRESETS.map((p) => p.key);

describe('FUNNEL_PRESETS', () => {
  it('lists all five presets of DOMAIN.md §3 once, each named and described', () => {
    expect([...presetKeys].sort()).toEqual(
      [
        'demand_waterfall',
        'marketing_qualifies_sales_closes',
        'marketing_then_sales',
        'three_owner_journey',
        'tofu_mofu_bofu',
      ].sort(),
    );
    for (const preset of FUNNEL_PRESETS) {
      expect(preset.name.trim()).not.toBe('');
      expect(preset.description.trim()).not.toBe('');
    }
  });
});

describe('createPresetModel', () => {
  it.each(presetKeys)('%s validates cleanly and names its preset', (key) => {
    const model = createPresetModel(key);
    expect(validateFunnelModel(model)).toEqual({ ok: true, value: model });
    expect(model.preset).toBe(key);
    expect(model.key).toBe(key);
    expect(model.name).toBe(FUNNEL_PRESETS.find((p) => p.key === key)?.name);
  });

  it.each<[FunnelPresetKey, string[], string[], string]>([
    [
      'demand_waterfall',
      ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'customer'],
      ['marketing', 'marketing', 'sales', 'sales', 'sales', 'sales'],
      'sal',
    ],
    [
      'marketing_then_sales',
      ['awareness', 'consideration', 'preference', 'purchase_intention', 'purchase'],
      ['marketing', 'marketing', 'marketing', 'sales', 'sales'],
      'purchase_intention',
    ],
    [
      'tofu_mofu_bofu',
      ['tofu', 'mofu', 'bofu', 'customer'],
      ['marketing', 'shared', 'sales', 'sales'],
      'bofu',
    ],
    [
      'three_owner_journey',
      ['discovery', 'engagement', 'evaluation', 'decision', 'purchase', 'customer_experience', 'reassurance'],
      ['marketing', 'sales', 'sales', 'sales', 'sales', 'delivery', 'delivery'],
      'engagement',
    ],
    [
      'marketing_qualifies_sales_closes',
      ['prospecting', 'qualifying', 'closing', 'order'],
      ['marketing', 'marketing', 'sales', 'sales'],
      'closing',
    ],
  ])('%s has its stages in order, their primary owners and one hand-off', (key, stages, owners, handoff) => {
    const model = createPresetModel(key);
    expect(model.stages.map((s) => s.key)).toEqual(stages);
    expect(model.stages.map(primaryOwnerFunction)).toEqual(owners);
    expect(model.stages.filter((s) => s.isHandoff).map((s) => s.key)).toEqual([handoff]);
  });

  it.each(presetKeys)('%s: the stage before the hand-off carries the accept-or-reject SLA', (key) => {
    const model = createPresetModel(key);
    const handoff = model.stages.findIndex((s) => s.isHandoff);
    const waiting = model.stages.filter((s) => s.sla?.stopsOn?.includes('accepted'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.milestones).toEqual(['qualified', 'handed_off']);
    expect(model.stages.indexOf(waiting[0] as (typeof model.stages)[number])).toBeLessThanOrEqual(handoff);
  });

  it('demand waterfall: MQL waits 48 business hours for a verdict, SAL 24 for first contact', () => {
    const [, mql, sal] = createPresetModel('demand_waterfall').stages;
    const escalate = [
      { kind: 'notify', target: 'owner' },
      { kind: 'notify', target: 'manager' },
    ];
    expect(mql?.sla).toMatchObject({ targetMinutes: 48 * 60, clock: 'calendar', atRiskShare: 0.75 });
    expect(mql?.sla?.breachActions).toEqual(escalate);
    expect(mql?.sla?.stopsOn).toEqual(expect.arrayContaining(['accepted', 'rejected']));
    expect(sal?.sla).toMatchObject({ targetMinutes: 24 * 60, clock: 'calendar', atRiskShare: 0.75 });
    expect(sal?.sla?.breachActions).toEqual(escalate);
    expect(sal?.sla?.stopsOn).toEqual(expect.arrayContaining(['first_contact']));
    expect(sal?.milestones).toEqual(['accepted']);
  });

  it('uses UTC weekdays 09:00–17:00 unless given a calendar', () => {
    expect(createPresetModel('demand_waterfall').calendar).toEqual({
      timeZone: 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      dayStart: '09:00',
      dayEnd: '17:00',
      holidays: [],
    });
    const helsinki = { ...DEFAULT_BUSINESS_CALENDAR, timeZone: 'Europe/Helsinki', holidays: ['2026-12-24'] };
    const model = createPresetModel('tofu_mofu_bofu', { calendar: helsinki });
    expect(model.calendar).toBe(helsinki);
    expect(validateFunnelModel(model).ok).toBe(true);
  });

  it.each(presetKeys)('%s is a CRM-neutral skeleton: no stage maps a CRM field', (key) => {
    expect(createPresetModel(key).stages.every((stage) => stage.mapping.length === 0)).toBe(true);
  });

  it('attaches a mapping to the stages it names, and none to the others', () => {
    const inquiry = [{ property: 'stage', values: ['new'] }];
    const model = createPresetModel('demand_waterfall', { mapping: { inquiry, nowhere: inquiry } });
    expect(model.stages.find((s) => s.key === 'inquiry')?.mapping).toEqual(inquiry);
    expect(model.stages.filter((s) => s.key !== 'inquiry').every((s) => s.mapping.length === 0)).toBe(true);
    expect(validateFunnelModel(model).ok).toBe(true);
  });
});

describe('three-owner journey weights (DOMAIN.md §3.4)', () => {
  type Grade = 'major' | 'minor' | 'trace' | 'joint' | 'half';
  const table: Readonly<Record<string, Readonly<Record<string, Grade>>>> = {
    discovery: { marketing: 'major', sales: 'minor' },
    engagement: { marketing: 'minor', sales: 'major', delivery: 'trace' },
    evaluation: { marketing: 'trace', sales: 'major', delivery: 'minor' },
    decision: { marketing: 'trace', sales: 'joint', delivery: 'joint' },
    purchase: { sales: 'half', delivery: 'half' },
    customer_experience: { marketing: 'trace', sales: 'minor', delivery: 'major' },
    reassurance: { marketing: 'minor', delivery: 'major' },
  };
  const rank: Readonly<Record<Grade, number>> = { trace: 0, minor: 1, half: 2, joint: 2, major: 2 };
  const model = createPresetModel('three_owner_journey');
  const weightsOf = (stage: string) =>
    Object.fromEntries(
      model.stages.find((s) => s.key === stage)?.owners.map((o) => [o.function, o.weight]) ?? [],
    );

  it.each(Object.entries(table))('%s has exactly the graded owners, ordered by grade', (stage, grades) => {
    const weights = weightsOf(stage);
    expect(Object.keys(weights).sort()).toEqual(Object.keys(grades).sort());
    const owners = Object.entries(grades);
    for (const [a, gradeA] of owners) {
      for (const [b, gradeB] of owners) {
        const [wa = Number.NaN, wb = Number.NaN] = [weights[a], weights[b]];
        if (rank[gradeA] > rank[gradeB]) expect(wa, `${a} vs ${b}`).toBeGreaterThan(wb);
        if (rank[gradeA] === rank[gradeB]) expect(wa, `${a} vs ${b}`).toBeCloseTo(wb, 12);
      }
    }
  });

  it('reads the grades as major 3 : minor 1 : trace 0.5, joint and half as equal co-leads', () => {
    expect(weightsOf('discovery')).toEqual({ marketing: 0.75, sales: 0.25 });
    expect(weightsOf('purchase')).toEqual({ sales: 0.5, delivery: 0.5 });
    const decision = weightsOf('decision');
    expect((decision.sales ?? 0) / (decision.marketing ?? 1)).toBeCloseTo(6, 12);
    expect(weightsOf('reassurance')).not.toHaveProperty('sales');
    // The three cells an earlier table had as minor are trace: 3 : 1 : 0.5 over 4.5.
    expect(weightsOf('engagement')).toEqual({ marketing: 1 / 4.5, sales: 3 / 4.5, delivery: 0.5 / 4.5 });
    expect(weightsOf('evaluation')).toEqual({ marketing: 0.5 / 4.5, sales: 3 / 4.5, delivery: 1 / 4.5 });
    expect(weightsOf('customer_experience')).toEqual({
      marketing: 0.5 / 4.5,
      sales: 1 / 4.5,
      delivery: 3 / 4.5,
    });
  });

  it('says its numeric weights are Baton’s own scale', () => {
    expect(FUNNEL_PRESETS.find((p) => p.key === 'three_owner_journey')?.description).toMatch(
      /Baton’s own scale/,
    );
  });
});
