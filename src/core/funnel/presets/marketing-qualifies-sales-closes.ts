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
      crmMapping: { hubspot: [lifecycle('subscriber', 'lead')] },
    },
    awaitingSalesStage('qualifying', 'Qualifying'),
    {
      key: 'closing',
      label: 'Closing',
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
    wonStage('order', 'Order'),
  ],
};
