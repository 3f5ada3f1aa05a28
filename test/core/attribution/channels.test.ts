import { describe, expect, it } from 'vitest';
import {
  type Channel,
  DEFAULT_CHANNELS,
  DEFAULT_SOURCE_MAPPINGS,
  mapCrmSourceToChannel,
  validateChannels,
  validateSourceMapping,
} from '../../../src/core/attribution/channels.ts';

describe('default channel list', () => {
  it.each([
    'website',
    'blog',
    'premium_content',
    'email',
    'social',
    'paid_search',
    'paid_social',
    'events',
    'trade_shows',
    'direct_mail',
    'telemarketing',
    'purchased_lists',
    'seminars',
    'referrals',
    'partners',
    'inbound_calls',
    'cold_calls',
    'sales_self_generated',
    'ai_referrals',
    'other',
  ])('has the %s channel', (key) => {
    expect(DEFAULT_CHANNELS.map((c) => c.key)).toContain(key);
  });

  it.each([
    ['cold_calls', 'sales'],
    ['sales_self_generated', 'sales'],
    ['partners', 'partner'],
    ['paid_search', 'marketing'],
    ['other', 'other'],
  ])('%s defaults to %s origin', (key, origin) => {
    expect(DEFAULT_CHANNELS.find((c) => c.key === key)?.defaultOrigin).toBe(origin);
  });

  it('is valid, and every default mapping points at a channel on it', () => {
    expect(validateChannels(DEFAULT_CHANNELS).ok).toBe(true);
    expect(validateSourceMapping(DEFAULT_SOURCE_MAPPINGS, DEFAULT_CHANNELS).ok).toBe(true);
  });

  it.each<readonly [string, readonly Channel[], string]>([
    [
      'a bad key',
      [...DEFAULT_CHANNELS, { key: 'Trade Fair', label: 'Trade fair', defaultOrigin: 'marketing' }],
      '[24].key',
    ],
    [
      'a duplicate key',
      [...DEFAULT_CHANNELS, { key: 'blog', label: 'Blog 2', defaultOrigin: 'marketing' }],
      '[24].key',
    ],
    ['an empty label', [{ key: 'other', label: ' ', defaultOrigin: 'other' }], '[0].label'],
    ['no fallback channel', DEFAULT_CHANNELS.filter((c) => c.key !== 'other'), ''],
  ])('rejects a list with %s', (_, channels, path) => {
    const result = validateChannels(channels);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual([path]);
  });

  it('rejects tenant overrides that name an unknown channel', () => {
    const result = validateSourceMapping({ salesforce: { Podcast: 'podcasts' } }, DEFAULT_CHANNELS);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'salesforce["Podcast"]', message: expect.stringContaining('unknown channel "podcasts"') },
      ],
    });
  });
});

describe('mapCrmSourceToChannel', () => {
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
  ])('maps HubSpot %s to %s by default', (value, channel) => {
    expect(mapCrmSourceToChannel('hubspot', value, {})).toEqual({ channel, matchedBy: 'default' });
  });

  it.each([
    ['Web', 'website'],
    ['Phone Inquiry', 'inbound_calls'],
    ['Partner Referral', 'partners'],
    ['Purchased List', 'purchased_lists'],
    ['Other', 'other'],
    ['Advertisement', 'advertising'],
    ['Employee Referral', 'referrals'],
    ['External Referral', 'referrals'],
    ['Trade Show', 'trade_shows'],
    ['Word of mouth', 'referrals'],
    ['Seminar - Internal', 'seminars'],
    ['Seminar - Partner', 'partners'],
    ['Public Relations', 'public_relations'],
  ])('maps Salesforce %s to %s by default', (value, channel) => {
    expect(mapCrmSourceToChannel('salesforce', value, {})).toEqual({ channel, matchedBy: 'default' });
  });

  it.each([
    ['hubspot', 'organic_search', 'organic_search'],
    ['hubspot', '  Paid Social ', 'paid_social'],
    ['salesforce', 'WEB', 'website'],
    ['salesforce', 'seminar-internal', 'seminars'],
    ['salesforce', 'word  of  MOUTH', 'referrals'],
  ] as const)('ignores case, spacing and punctuation: %s %j', (crm, value, channel) => {
    expect(mapCrmSourceToChannel(crm, value, {})).toEqual({ channel, matchedBy: 'default' });
  });

  it.each([
    ['hubspot', 'TIKTOK_LIVE'],
    ['hubspot', null],
    ['hubspot', ''],
    ['salesforce', ' - '],
    ['salesforce', 'Billboard'],
    ['salesforce', 'ORGANIC_SEARCH'],
  ] as const)('sends unknown or empty %s value %j to other as a fallback', (crm, value) => {
    expect(mapCrmSourceToChannel(crm, value, {})).toEqual({ channel: 'other', matchedBy: 'fallback' });
  });

  it('prefers the tenant mapping, per CRM, and falls through to defaults', () => {
    const tenant = { hubspot: { offline: 'sales_self_generated', 'TIKTOK LIVE': 'paid_social' } };
    expect(mapCrmSourceToChannel('hubspot', 'OFFLINE', tenant)).toEqual({
      channel: 'sales_self_generated',
      matchedBy: 'mapping',
    });
    expect(mapCrmSourceToChannel('hubspot', 'TIKTOK_LIVE', tenant)).toEqual({
      channel: 'paid_social',
      matchedBy: 'mapping',
    });
    expect(mapCrmSourceToChannel('hubspot', 'PAID_SEARCH', tenant)).toEqual({
      channel: 'paid_search',
      matchedBy: 'default',
    });
    expect(mapCrmSourceToChannel('salesforce', 'OFFLINE', tenant)).toEqual({
      channel: 'other',
      matchedBy: 'fallback',
    });
  });

  it('uses the defaults when no tenant mapping is passed', () => {
    expect(mapCrmSourceToChannel('salesforce', 'Trade Show')).toEqual({
      channel: 'trade_shows',
      matchedBy: 'default',
    });
  });
});
