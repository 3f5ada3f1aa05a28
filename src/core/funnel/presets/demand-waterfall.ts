import { FIRST_CONTACT_SLA } from '../../sla/default-sla.ts';
import {
  awaitingSalesStage,
  type FunnelPreset,
  MARKETING,
  SALES,
  soleOwner,
  wonStage,
} from './preset-parts.ts';

/** SiriusDecisions demand waterfall (DOMAIN.md §3.1): the MQL → SAL step is the hand-off. */
export const demandWaterfall: FunnelPreset = {
  key: 'demand_waterfall',
  name: 'Demand waterfall',
  description: 'Inquiry → MQL → SAL → SQL → Opportunity → Customer; marketing hands off to sales at SAL.',
  functions: [MARKETING, SALES],
  stages: [
    {
      key: 'inquiry',
      label: 'Inquiry',
      owners: soleOwner(MARKETING),
      mapping: [],
    },
    awaitingSalesStage('mql', 'MQL'),
    {
      key: 'sal',
      label: 'SAL',
      owners: soleOwner(SALES),
      sla: FIRST_CONTACT_SLA,
      mapping: [],
      isHandoff: true,
      milestones: ['accepted'],
    },
    {
      key: 'sql',
      label: 'SQL',
      owners: soleOwner(SALES),
      mapping: [],
      milestones: ['sales_qualified'],
    },
    {
      key: 'opportunity',
      label: 'Opportunity',
      owners: soleOwner(SALES),
      mapping: [],
      milestones: ['opportunity'],
    },
    wonStage('customer', 'Customer'),
  ],
};
