import { describe, expect, it } from 'vitest';
import { KOTLER_INPUTS, PRESET_MARKETING_SUPPLIES } from '../../../src/core/funnel/marketing-inputs.ts';
import { createPresetModel, FUNNEL_PRESETS } from '../../../src/core/funnel/presets.ts';
import { validateFunnelModel } from '../../../src/core/funnel/validate-funnel-model.ts';

describe('what marketing supplies per stage', () => {
  it.each(FUNNEL_PRESETS.map((p) => p.key))(
    'names only stages of the %s preset, and the preset carries them',
    (key) => {
      const model = createPresetModel(key);
      const stageKeys = model.stages.map((s) => s.key);
      const supplies = PRESET_MARKETING_SUPPLIES[key];
      expect(stageKeys).toEqual(expect.arrayContaining(Object.keys(supplies)));
      for (const stage of model.stages) expect(stage.marketingSupplies).toEqual(supplies[stage.key]);
      expect(validateFunnelModel(model).ok).toBe(true);
    },
  );

  it('covers every one of Kotler’s five inputs in each sales-led preset, in funnel order', () => {
    for (const key of [
      'demand_waterfall',
      'marketing_then_sales',
      'marketing_qualifies_sales_closes',
    ] as const) {
      const inOrder = createPresetModel(key).stages.flatMap((s) => s.marketingSupplies ?? []);
      expect([...new Set(inOrder)]).toEqual(Object.values(KOTLER_INPUTS));
    }
  });

  it('is editable: a tenant’s own list is kept, and a bad one is refused naming the stage', () => {
    const model = createPresetModel('demand_waterfall');
    const own = {
      ...model,
      stages: model.stages.map((s) =>
        s.key === 'sql' ? { ...s, marketingSupplies: ['ROI calculator'] } : s,
      ),
    };
    const kept = validateFunnelModel(own);
    expect(kept.ok && kept.value.stages.find((s) => s.key === 'sql')?.marketingSupplies).toEqual([
      'ROI calculator',
    ]);
    const bad = validateFunnelModel({
      ...model,
      stages: model.stages.map((s, i) => (i === 2 ? { ...s, marketingSupplies: ['x'.repeat(201)] } : s)),
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['stages[2].marketingSupplies[0]']);
  });
});
