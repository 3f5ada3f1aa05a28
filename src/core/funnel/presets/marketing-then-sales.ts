import {
  awaitingSalesStage,
  type FunnelPreset,
  MARKETING,
  SALES,
  salesTakesOverStage,
  soleOwner,
  wonStage,
} from './preset-parts.ts';

/** Kotler, Rackham & Krishnaswamy 2006 (DOMAIN.md §3.2): marketing builds preference, sales turns intention into purchase. */
export const marketingThenSales: FunnelPreset = {
  key: 'marketing_then_sales',
  name: 'Marketing then sales',
  description:
    'Awareness, consideration and preference are marketing’s; sales takes over at purchase intention.',
  functions: [MARKETING, SALES],
  stages: [
    {
      key: 'awareness',
      label: 'Awareness',
      owners: soleOwner(MARKETING),
      mapping: [],
    },
    {
      key: 'consideration',
      label: 'Consideration',
      owners: soleOwner(MARKETING),
      mapping: [],
    },
    awaitingSalesStage('preference', 'Preference'),
    salesTakesOverStage('purchase_intention', 'Purchase intention'),
    wonStage('purchase', 'Purchase'),
  ],
};
