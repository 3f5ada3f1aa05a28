import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHANNELS,
  mapSourceToChannel,
  validateSourceMapping,
} from '../../../../src/core/attribution/channels.ts';
import { HUBSPOT_SOURCE_MAPPING } from '../../../../src/crm/hubspot/defaults/hubspot-source-mapping.ts';

describe('HubSpot default source mapping', () => {
  it('points every hs_analytics_source value at a channel on the default list', () => {
    expect(validateSourceMapping(HUBSPOT_SOURCE_MAPPING, DEFAULT_CHANNELS).ok).toBe(true);
  });

  it.each([
    ['ORGANIC_SEARCH', 'organic_search'],
    ['PAID_SEARCH', 'paid_search'],
    ['EMAIL_MARKETING', 'email'],
    ['SOCIAL_MEDIA', 'social'],
    ['REFERRALS', 'referrals'],
    ['OTHER_CAMPAIGNS', 'other_campaigns'],
    ['DIRECT_TRAFFIC', 'website'],
    ['OFFLINE', 'other'],
    ['PAID_SOCIAL', 'paid_social'],
    ['AI_REFERRALS', 'ai_referrals'],
  ])('maps %s to %s', (value, channel) => {
    expect(mapSourceToChannel(value, HUBSPOT_SOURCE_MAPPING).channel).toBe(channel);
  });

  it('sends a source HubSpot adds later to other', () => {
    expect(mapSourceToChannel('TIKTOK_LIVE', HUBSPOT_SOURCE_MAPPING)).toEqual({
      channel: 'other',
      matchedBy: 'fallback',
    });
  });
});
