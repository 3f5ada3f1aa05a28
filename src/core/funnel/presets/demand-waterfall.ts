import { FIRST_CONTACT_SLA } from '../../sla/default-sla.ts';
import {
  awaitingSalesStage,
  type FunnelPreset,
  HUBSPOT_LEAD_QUALIFIED,
  HUBSPOT_LEAD_WORKING,
  HUBSPOT_OPEN_DEAL,
  HUBSPOT_SALES_WORKING,
  lifecycle,
  MARKETING,
  SALES,
  SALESFORCE_CONVERTED,
  SALESFORCE_WORKING,
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
      crmMapping: { hubspot: [lifecycle('subscriber', 'lead')] },
    },
    awaitingSalesStage('mql', 'MQL'),
    {
      key: 'sal',
      label: 'SAL',
      owners: soleOwner(SALES),
      sla: FIRST_CONTACT_SLA,
      crmMapping: {
        hubspot: [HUBSPOT_SALES_WORKING, HUBSPOT_LEAD_WORKING],
        salesforce: [SALESFORCE_WORKING],
      },
      isHandoff: true,
      milestones: ['accepted'],
    },
    {
      key: 'sql',
      label: 'SQL',
      owners: soleOwner(SALES),
      crmMapping: { hubspot: [lifecycle('salesqualifiedlead'), HUBSPOT_LEAD_QUALIFIED] },
      milestones: ['sales_qualified'],
    },
    {
      key: 'opportunity',
      label: 'Opportunity',
      owners: soleOwner(SALES),
      crmMapping: {
        hubspot: [lifecycle('opportunity'), HUBSPOT_OPEN_DEAL],
        salesforce: SALESFORCE_CONVERTED,
      },
      milestones: ['opportunity'],
    },
    wonStage('customer', 'Customer'),
  ],
};
