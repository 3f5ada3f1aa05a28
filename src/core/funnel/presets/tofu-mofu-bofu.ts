import {
  awaitingSalesStage,
  type FunnelPreset,
  MARKETING,
  SALES,
  SHARED,
  soleOwner,
  wonStage,
} from './preset-parts.ts';

/** The marketing-automation funnel (DOMAIN.md §3.3): top is marketing's, middle is shared, bottom is sales'. */
export const tofuMofuBofu: FunnelPreset = {
  key: 'tofu_mofu_bofu',
  name: 'TOFU / MOFU / BOFU',
  description: 'Top of funnel for marketing, a shared middle, bottom of funnel and customers for sales.',
  functions: [MARKETING, SHARED, SALES],
  stages: [
    {
      key: 'tofu',
      label: 'Top of funnel',
      owners: soleOwner(MARKETING),
      mapping: [],
    },
    awaitingSalesStage('mofu', 'Middle of funnel', soleOwner(SHARED)),
    {
      key: 'bofu',
      label: 'Bottom of funnel',
      owners: soleOwner(SALES),
      mapping: [],
      isHandoff: true,
      milestones: ['accepted', 'sales_qualified'],
    },
    wonStage('customer', 'Customer'),
  ],
};
