import { describe, expect, it } from 'vitest';
import type { FunnelStage, OwnerShare } from '../../../src/core/funnel/funnel-model.ts';
import { createPresetModel } from '../../../src/core/funnel/presets.ts';
import {
  findStage,
  mappedProperties,
  primaryOwnerFunction,
  resolveStageFromProperties,
  stageIndex,
} from '../../../src/core/funnel/stage-lookup.ts';
import type { PropertyBag } from '../../../src/core/record.ts';
import { hubspotModel } from '../../fixtures/hubspot-defaults.ts';

const waterfall = hubspotModel('demand_waterfall');

const stageOwnedBy = (owners: readonly OwnerShare[]): FunnelStage => ({
  key: 'decision',
  label: 'Decision',
  owners,
  mapping: [],
});

describe('stageIndex and findStage', () => {
  it.each([
    ['inquiry', 0],
    ['sal', 2],
    ['customer', 5],
    ['SAL', -1],
    ['nurture', -1],
  ])('%s is at index %i', (key, index) => {
    expect(stageIndex(waterfall, key)).toBe(index);
    expect(findStage(waterfall, key)).toBe(index === -1 ? undefined : waterfall.stages[index]);
  });
});

describe('primaryOwnerFunction', () => {
  it.each<[string, OwnerShare[], string]>([
    ['a sole owner', [{ function: 'sales', weight: 1 }], 'sales'],
    [
      'the largest share wherever it is listed',
      [
        { function: 'marketing', weight: 0.2 },
        { function: 'delivery', weight: 0.6 },
        { function: 'sales', weight: 0.2 },
      ],
      'delivery',
    ],
    [
      'the first listed on a tie',
      [
        { function: 'delivery', weight: 0.5 },
        { function: 'sales', weight: 0.5 },
      ],
      'delivery',
    ],
    [
      'the first listed of the tied leaders, ignoring a smaller first share',
      [
        { function: 'marketing', weight: 0.1 },
        { function: 'sales', weight: 0.45 },
        { function: 'delivery', weight: 0.45 },
      ],
      'sales',
    ],
  ])('picks %s', (_case, owners, expected) => {
    expect(primaryOwnerFunction(stageOwnedBy(owners))).toBe(expected);
  });

  it('refuses a stage nobody owns', () => {
    expect(() => primaryOwnerFunction(stageOwnedBy([]))).toThrow(/no owners/);
  });
});

describe('resolveStageFromProperties', () => {
  it.each<[string, PropertyBag, string, string, string]>([
    ['a raw lead', { lifecyclestage: 'lead', hs_lead_status: 'NEW' }, 'inquiry', 'lifecyclestage', 'lead'],
    [
      'an MQL a rep has opened',
      { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' },
      'sal',
      'hs_lead_status',
      'OPEN',
    ],
    [
      'an SQL whose lead status lags behind',
      { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'CONNECTED' },
      'sql',
      'lifecyclestage',
      'salesqualifiedlead',
    ],
    [
      'a lead with an open deal',
      { lifecyclestage: 'lead', hs_lead_status: 'OPEN_DEAL' },
      'opportunity',
      'hs_lead_status',
      'OPEN_DEAL',
    ],
    [
      'a customer with a stale deal status',
      { lifecyclestage: 'customer', hs_lead_status: 'OPEN_DEAL' },
      'customer',
      'lifecyclestage',
      'customer',
    ],
  ])('places %s in the furthest matching HubSpot stage', (_case, properties, stage, property, value) => {
    const resolved = resolveStageFromProperties(waterfall, properties);
    expect(resolved?.stage.key).toBe(stage);
    expect(resolved?.matched.property).toBe(property);
    expect(resolved?.matched.value).toBe(value);
    expect(resolved?.matched.values).toContain(value);
  });

  it.each<[string, PropertyBag]>([
    ['no properties', {}],
    ['empty values', { lifecyclestage: null, hs_lead_status: null }],
    ['a lifecycle stage no stage maps', { lifecyclestage: 'other' }],
    ['values differing only in case', { lifecyclestage: 'Lead' }],
    ['an exit status', { hs_lead_status: 'UNQUALIFIED' }],
  ])('returns null for %s', (_case, properties) => {
    expect(resolveStageFromProperties(waterfall, properties)).toBeNull();
  });

  it('places nothing in a preset skeleton, which maps no CRM field', () => {
    expect(
      resolveStageFromProperties(createPresetModel('demand_waterfall'), { lifecyclestage: 'lead' }),
    ).toBeNull();
  });
});

describe('mappedProperties', () => {
  it('lists each property the model maps once, and none for a skeleton', () => {
    expect(mappedProperties(waterfall)).toEqual([
      'hs_lead_status',
      'lead.hs_pipeline_stage',
      'lifecyclestage',
    ]);
    expect(mappedProperties(createPresetModel('demand_waterfall'))).toEqual([]);
  });
});
