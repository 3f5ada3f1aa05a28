import { describe, expect, it } from 'vitest';
import type { FunnelModel } from '../../../../src/core/funnel/funnel-model.ts';
import { createPresetModel, FUNNEL_PRESETS } from '../../../../src/core/funnel/presets.ts';
import { resolveStageFromProperties } from '../../../../src/core/funnel/stage-lookup.ts';
import { validateFunnelModel } from '../../../../src/core/funnel/validate-funnel-model.ts';
import { HUBSPOT_STAGE_MAPPINGS } from '../../../../src/crm/hubspot/defaults/hubspot-stage-mappings.ts';
import { hubspotModel } from '../../../fixtures/hubspot-defaults.ts';

const presetKeys = FUNNEL_PRESETS.map((p) => p.key);

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
];

/** The values HubSpot defines for each property the mapping reads. */
const HUBSPOT_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  lifecyclestage: LIFECYCLE,
  hs_lead_status: [
    'NEW',
    'OPEN',
    'IN_PROGRESS',
    'OPEN_DEAL',
    'UNQUALIFIED',
    'ATTEMPTED_TO_CONTACT',
    'CONNECTED',
    'BAD_TIMING',
  ],
  // HubSpot's default lead pipeline, as the adapter folds a Lead onto its contact.
  'lead.hs_pipeline_stage': [
    'new-stage-id',
    'attempting-stage-id',
    'connected-stage-id',
    'qualified-stage-id',
    'unqualified-stage-id',
  ],
};

function claims(model: FunnelModel) {
  return model.stages.flatMap((stage) =>
    stage.mapping.flatMap((m) =>
      m.values.map((value) => ({ stage: stage.key, key: `${m.property}=${value}` })),
    ),
  );
}

const stageOf = (model: FunnelModel, properties: Record<string, string>) => {
  const resolved = resolveStageFromProperties(model, properties);
  return resolved ? model.stages.indexOf(resolved.stage) : -1;
};

describe('HubSpot default stage mappings', () => {
  it.each(presetKeys)('%s: every mapped stage is a stage of the preset, and it validates', (key) => {
    const stages = createPresetModel(key).stages.map((s) => s.key);
    expect(stages).toEqual(expect.arrayContaining(Object.keys(HUBSPOT_STAGE_MAPPINGS[key])));
    expect(validateFunnelModel(hubspotModel(key)).ok).toBe(true);
  });

  it.each(presetKeys)('%s maps only values HubSpot defines, each to one stage', (key) => {
    const claimed = claims(hubspotModel(key));
    for (const { key: claim } of claimed) {
      const [property = '', value = ''] = claim.split('=');
      expect(HUBSPOT_VOCABULARY[property], claim).toContain(value);
    }
    expect(new Set(claimed.map((c) => c.key)).size, 'values claimed twice').toBe(claimed.length);
  });

  it.each(presetKeys)('%s places every lifecycle stage, never moving backwards', (key) => {
    const model = hubspotModel(key);
    const indices = LIFECYCLE.map((value) => {
      const index = stageOf(model, { lifecyclestage: value });
      expect(index, value).toBeGreaterThanOrEqual(0);
      return index;
    });
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it.each(presetKeys)('%s puts a new Lead object at the hand-off and a worked one past it', (key) => {
    const model = hubspotModel(key);
    const indexOf = (stage: string) =>
      stageOf(model, { lifecyclestage: 'lead', 'lead.hs_pipeline_stage': stage });
    const handoff = model.stages.findIndex((s) => s.milestones?.includes('handed_off'));
    const accepted = model.stages.findIndex((s) => s.milestones?.includes('accepted'));
    expect(indexOf('new-stage-id')).toBe(handoff);
    expect(indexOf('attempting-stage-id')).toBe(accepted);
    expect(indexOf('connected-stage-id')).toBe(accepted);
    expect(indexOf('qualified-stage-id')).toBeGreaterThanOrEqual(accepted);
  });

  it('places a demand-waterfall lead by the furthest matching field', () => {
    const model = hubspotModel('demand_waterfall');
    const at = (properties: Record<string, string>) => model.stages[stageOf(model, properties)]?.key;
    expect(at({ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' })).toBe('sal');
    expect(at({ lifecyclestage: 'customer', hs_lead_status: 'OPEN_DEAL' })).toBe('customer');
  });
});
