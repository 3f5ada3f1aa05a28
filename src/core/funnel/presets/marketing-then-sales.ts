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
      crmMapping: { hubspot: [lifecycle('subscriber')] },
    },
    {
      key: 'consideration',
      label: 'Consideration',
      owners: soleOwner(MARKETING),
      crmMapping: { hubspot: [lifecycle('lead')] },
    },
    awaitingSalesStage('preference', 'Preference'),
    {
      key: 'purchase_intention',
      label: 'Purchase intention',
      owners: soleOwner(SALES),
      sla: FIRST_CONTACT_SLA,
      crmMapping: {
        hubspot: [
          HUBSPOT_SALES_WORKING,
          HUBSPOT_LEAD_WORKING,
          HUBSPOT_LEAD_QUALIFIED,
          lifecycle('salesqualifiedlead', 'opportunity'),
          HUBSPOT_OPEN_DEAL,
        ],
        salesforce: [SALESFORCE_WORKING, ...SALESFORCE_CONVERTED],
      },
      isHandoff: true,
      milestones: ['accepted'],
    },
    wonStage('purchase', 'Purchase'),
  ],
};
