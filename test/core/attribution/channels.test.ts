import { describe, expect, it } from 'vitest';
import {
  type Channel,
  DEFAULT_CHANNELS,
  mapSourceToChannel,
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

  it('is valid', () => {
    expect(validateChannels(DEFAULT_CHANNELS).ok).toBe(true);
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
    const result = validateSourceMapping({ Podcast: 'podcasts', Web: 'website' }, DEFAULT_CHANNELS);
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '["Podcast"]', message: expect.stringContaining('unknown channel "podcasts"') }],
    });
  });
});

describe('mapSourceToChannel', () => {
  const table = {
    Web: 'website',
    'Trade Show': 'trade_shows',
    'Seminar - Internal': 'seminars',
    OFFLINE: 'other',
  };

  it.each([
    ['Web', 'website'],
    ['WEB', 'website'],
    ['  trade   show ', 'trade_shows'],
    ['seminar-internal', 'seminars'],
    ['OFFLINE', 'other'],
  ])('ignores case, spacing and punctuation: %j is %s', (value, channel) => {
    expect(mapSourceToChannel(value, table)).toEqual({ channel, matchedBy: 'mapping' });
  });

  it.each([['Billboard'], [null], [''], [' - ']])(
    'sends unknown or empty %j to other as a fallback',
    (value) => {
      expect(mapSourceToChannel(value, table)).toEqual({ channel: 'other', matchedBy: 'fallback' });
    },
  );

  it("lets a tenant's table laid over the defaults win, whatever spelling it uses", () => {
    const layered = { ...table, offline: 'sales_self_generated', 'TIKTOK LIVE': 'paid_social' };
    expect(mapSourceToChannel('OFFLINE', layered).channel).toBe('sales_self_generated');
    expect(mapSourceToChannel('TIKTOK_LIVE', layered).channel).toBe('paid_social');
    expect(mapSourceToChannel('Web', layered).channel).toBe('website');
  });
});
