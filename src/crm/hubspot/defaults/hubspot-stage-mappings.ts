import type { FunnelPresetKey, PropertyMatch, StageMapping } from '../../../core/funnel/funnel-model.ts';

function lifecycle(...values: string[]): PropertyMatch {
  return { property: 'lifecyclestage', values };
}

function leadStatus(...values: string[]): PropertyMatch {
  return { property: 'hs_lead_status', values };
}

/** Lead statuses that mean a rep has picked the lead up. */
const SALES_WORKING = leadStatus('OPEN', 'IN_PROGRESS', 'ATTEMPTED_TO_CONTACT', 'CONNECTED');
const OPEN_DEAL = leadStatus('OPEN_DEAL');

/**
 * HubSpot's Lead object, folded onto its contact under the `lead.` prefix (see `hubspot-leads.ts`).
 * Creating a Lead is the hand-off (it waits in sales' workspace at the pipeline's first stage); a
 * rep working it accepts it; the qualified stage is sales qualification. The values are the
 * default lead pipeline's stage ids.
 */
const LEAD_STAGE = 'lead.hs_pipeline_stage';
const LEAD_CREATED: PropertyMatch = { property: LEAD_STAGE, values: ['new-stage-id'] };
const LEAD_WORKING: PropertyMatch = {
  property: LEAD_STAGE,
  values: ['attempting-stage-id', 'connected-stage-id'],
};
const LEAD_QUALIFIED: PropertyMatch = { property: LEAD_STAGE, values: ['qualified-stage-id'] };

const TOP = [lifecycle('subscriber', 'lead')];
const AWAITING_SALES = [lifecycle('marketingqualifiedlead'), LEAD_CREATED];
const SALES_TAKES_OVER = [
  SALES_WORKING,
  LEAD_WORKING,
  LEAD_QUALIFIED,
  lifecycle('salesqualifiedlead', 'opportunity'),
  OPEN_DEAL,
];
const WON = [lifecycle('customer', 'evangelist')];

/**
 * Where each preset's stages sit in a HubSpot portal: lifecycle stage, lead status and the Lead
 * pipeline. A CRM keeps earlier markers (the lifecycle stage) while later ones move on, so the
 * core picks the furthest-down stage that matches.
 */
export const HUBSPOT_STAGE_MAPPINGS: Readonly<Record<FunnelPresetKey, StageMapping>> = {
  demand_waterfall: {
    inquiry: TOP,
    mql: AWAITING_SALES,
    sal: [SALES_WORKING, LEAD_WORKING],
    sql: [lifecycle('salesqualifiedlead'), LEAD_QUALIFIED],
    opportunity: [lifecycle('opportunity'), OPEN_DEAL],
    customer: WON,
  },
  marketing_then_sales: {
    awareness: [lifecycle('subscriber')],
    consideration: [lifecycle('lead')],
    preference: AWAITING_SALES,
    purchase_intention: SALES_TAKES_OVER,
    purchase: WON,
  },
  tofu_mofu_bofu: {
    tofu: TOP,
    mofu: AWAITING_SALES,
    bofu: [LEAD_WORKING, LEAD_QUALIFIED, lifecycle('salesqualifiedlead', 'opportunity'), OPEN_DEAL],
    customer: WON,
  },
  three_owner_journey: {
    discovery: TOP,
    engagement: AWAITING_SALES,
    evaluation: [lifecycle('salesqualifiedlead'), LEAD_WORKING, LEAD_QUALIFIED],
    decision: [lifecycle('opportunity'), OPEN_DEAL],
    customer_experience: [lifecycle('customer')],
    reassurance: [lifecycle('evangelist')],
  },
  marketing_qualifies_sales_closes: {
    prospecting: TOP,
    qualifying: AWAITING_SALES,
    closing: SALES_TAKES_OVER,
    order: WON,
  },
};
