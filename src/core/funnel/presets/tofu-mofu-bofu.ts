import {
  awaitingSalesStage,
  type FunnelPreset,
  HUBSPOT_LEAD_QUALIFIED,
  HUBSPOT_LEAD_WORKING,
  HUBSPOT_OPEN_DEAL,
  lifecycle,
  MARKETING,
  SALES,
  SALESFORCE_AWAITING_SALES,
  SALESFORCE_CONVERTED,
  SALESFORCE_WORKING,
  SHARED,
  soleOwner,
  wonStage,
} from './preset-parts.ts';

/** HubSpot/Marketo-style funnel (DOMAIN.md §3.3): top is marketing's, middle is shared, bottom is sales'. */
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
      crmMapping: { hubspot: [lifecycle('subscriber', 'lead')] },
    },
    awaitingSalesStage('mofu', 'Middle of funnel', soleOwner(SHARED), [
      SALESFORCE_AWAITING_SALES,
      SALESFORCE_WORKING,
    ]),
    {
      key: 'bofu',
      label: 'Bottom of funnel',
      owners: soleOwner(SALES),
      crmMapping: {
        hubspot: [
          HUBSPOT_LEAD_WORKING,
          HUBSPOT_LEAD_QUALIFIED,
          lifecycle('salesqualifiedlead', 'opportunity'),
          HUBSPOT_OPEN_DEAL,
        ],
        salesforce: SALESFORCE_CONVERTED,
      },
      isHandoff: true,
      milestones: ['accepted', 'sales_qualified'],
    },
    wonStage('customer', 'Customer'),
  ],
};
