import type { FunnelPresetKey } from './funnel-model.ts';

/**
 * What marketing supplies to each phase of the sale (Kotler, Rackham & Krishnaswamy, as tabled in
 * the case-study thesis; DOMAIN.md §3 item 6). Cards show them per stage; tenants edit them.
 */
export const KOTLER_INPUTS = {
  prospecting: 'Shared lead and opportunity standards (prospecting and qualifying)',
  needsDefinition: 'Value proposition (needs definition)',
  solutionDevelopment: 'Templates for the solution (solution development)',
  decision: 'Success stories (decision)',
  negotiation: 'Pricing advice (negotiation)',
} as const;

const K = KOTLER_INPUTS;

/**
 * Each preset's stages matched to the sales phases they cover. Reassurance, the three-owner
 * journey's last stage, is where marketing supplies reassurance material (Le Meunier-FitzHugh).
 */
export const PRESET_MARKETING_SUPPLIES: Readonly<
  Record<FunnelPresetKey, Readonly<Record<string, readonly string[]>>>
> = {
  demand_waterfall: {
    inquiry: [K.prospecting],
    mql: [K.prospecting],
    sal: [K.needsDefinition],
    sql: [K.solutionDevelopment],
    opportunity: [K.decision, K.negotiation],
  },
  marketing_then_sales: {
    awareness: [K.prospecting],
    consideration: [K.prospecting],
    preference: [K.needsDefinition],
    purchase_intention: [K.solutionDevelopment, K.decision],
    purchase: [K.negotiation],
  },
  tofu_mofu_bofu: {
    tofu: [K.prospecting],
    mofu: [K.needsDefinition, K.solutionDevelopment],
    bofu: [K.decision, K.negotiation],
  },
  three_owner_journey: {
    discovery: [K.prospecting],
    engagement: [K.needsDefinition],
    evaluation: [K.solutionDevelopment],
    decision: [K.decision],
    purchase: [K.negotiation],
    reassurance: ['Reassurance material for the new customer'],
  },
  marketing_qualifies_sales_closes: {
    prospecting: [K.prospecting],
    qualifying: [K.prospecting],
    closing: [K.needsDefinition, K.solutionDevelopment, K.decision],
    order: [K.negotiation],
  },
};
