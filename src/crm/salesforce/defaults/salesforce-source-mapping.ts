import { FALLBACK_CHANNEL, type SourceMapping } from '../../../core/attribution/channels.ts';

/**
 * Salesforce's standard `LeadSource` values and standard Campaign `Type` values onto Baton's
 * channels (an org's own values are added in the tenant's table; unknown ones land in "other").
 * Both lists feed one table: a lead's source and the campaigns it answered are touches alike.
 */
export const SALESFORCE_SOURCE_MAPPING: SourceMapping = {
  Web: 'website',
  'Phone Inquiry': 'inbound_calls',
  'Partner Referral': 'partners',
  'Purchased List': 'purchased_lists',
  Other: FALLBACK_CHANNEL,
  Advertisement: 'advertising',
  'Employee Referral': 'referrals',
  'External Referral': 'referrals',
  Partner: 'partners',
  'Public Relations': 'public_relations',
  'Seminar - Internal': 'seminars',
  'Seminar - Partner': 'seminars',
  'Trade Show': 'trade_shows',
  'Word of mouth': 'referrals',
  Conference: 'events',
  Webinar: 'premium_content',
  Partners: 'partners',
  'Referral Program': 'referrals',
  'Banner Ads': 'advertising',
  'Direct Mail': 'direct_mail',
  Email: 'email',
  Telemarketing: 'telemarketing',
};
