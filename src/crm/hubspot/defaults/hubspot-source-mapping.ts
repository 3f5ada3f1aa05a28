import { FALLBACK_CHANNEL, type SourceMapping } from '../../../core/attribution/channels.ts';

/**
 * The `hs_analytics_source` enumeration onto Baton's channels. OFFLINE covers imports,
 * integrations and manual CRM entry alike, so it says nothing about who sourced the lead.
 */
export const HUBSPOT_SOURCE_MAPPING: SourceMapping = {
  ORGANIC_SEARCH: 'organic_search',
  PAID_SEARCH: 'paid_search',
  EMAIL_MARKETING: 'email',
  SOCIAL_MEDIA: 'social',
  REFERRALS: 'referrals',
  OTHER_CAMPAIGNS: 'other_campaigns',
  DIRECT_TRAFFIC: 'website',
  OFFLINE: FALLBACK_CHANNEL,
  PAID_SOCIAL: 'paid_social',
  AI_REFERRALS: 'ai_referrals',
};
