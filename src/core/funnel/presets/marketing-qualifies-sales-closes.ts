import {
  awaitingSalesStage,
  type FunnelPreset,
  MARKETING,
  SALES,
  salesTakesOverStage,
  soleOwner,
  wonStage,
} from './preset-parts.ts';

/** Malshe & Biemans 2014 (DOMAIN.md §3.5): marketing prospects and qualifies, sales closes and takes the order. */
export const marketingQualifiesSalesCloses: FunnelPreset = {
  key: 'marketing_qualifies_sales_closes',
  name: 'Marketing qualifies, sales closes',
  description:
    'Marketing prospects and qualifies; sales closes and owns the order; both see the whole pipeline.',
  functions: [MARKETING, SALES],
  stages: [
    {
      key: 'prospecting',
      label: 'Prospecting',
      owners: soleOwner(MARKETING),
      mapping: [],
    },
    awaitingSalesStage('qualifying', 'Qualifying'),
    salesTakesOverStage('closing', 'Closing'),
    wonStage('order', 'Order'),
  ],
};
