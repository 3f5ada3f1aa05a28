import type { Crm } from '../funnel/funnel-model.ts';
import type { Validated, ValidationIssue } from '../validation.ts';
import type { TouchOrigin } from './touch.ts';

/** One entry of the tenant's channel list. Keys are stable; labels and default origins are editable. */
export interface Channel {
  readonly key: string;
  readonly label: string;
  readonly defaultOrigin: TouchOrigin;
}

/** Where unknown or empty CRM source values land, so every touch still counts somewhere. */
export const FALLBACK_CHANNEL = 'other';

export const DEFAULT_CHANNELS: readonly Channel[] = [
  { key: 'website', label: 'Website', defaultOrigin: 'marketing' },
  { key: 'organic_search', label: 'Organic search', defaultOrigin: 'marketing' },
  { key: 'blog', label: 'Blog', defaultOrigin: 'marketing' },
  { key: 'premium_content', label: 'Premium content (white papers, webinars)', defaultOrigin: 'marketing' },
  { key: 'email', label: 'Email', defaultOrigin: 'marketing' },
  { key: 'social', label: 'Social (LinkedIn, Facebook, X, YouTube, Instagram)', defaultOrigin: 'marketing' },
  { key: 'paid_search', label: 'Paid search', defaultOrigin: 'marketing' },
  { key: 'paid_social', label: 'Paid social', defaultOrigin: 'marketing' },
  { key: 'advertising', label: 'Advertising', defaultOrigin: 'marketing' },
  { key: 'public_relations', label: 'Public relations', defaultOrigin: 'marketing' },
  { key: 'other_campaigns', label: 'Other campaigns', defaultOrigin: 'marketing' },
  { key: 'events', label: 'Events', defaultOrigin: 'marketing' },
  { key: 'trade_shows', label: 'Trade shows', defaultOrigin: 'marketing' },
  { key: 'seminars', label: 'Seminars', defaultOrigin: 'marketing' },
  { key: 'direct_mail', label: 'Direct mail', defaultOrigin: 'marketing' },
  { key: 'telemarketing', label: 'Telemarketing', defaultOrigin: 'marketing' },
  { key: 'purchased_lists', label: 'Purchased lists', defaultOrigin: 'marketing' },
  { key: 'inbound_calls', label: 'Inbound calls', defaultOrigin: 'marketing' },
  { key: 'ai_referrals', label: 'AI referrals', defaultOrigin: 'marketing' },
  { key: 'referrals', label: 'Referrals', defaultOrigin: 'other' },
  { key: 'partners', label: 'Partners', defaultOrigin: 'partner' },
  { key: 'cold_calls', label: 'Cold calls', defaultOrigin: 'sales' },
  { key: 'sales_self_generated', label: 'Sales self-generated', defaultOrigin: 'sales' },
  { key: FALLBACK_CHANNEL, label: 'Other', defaultOrigin: 'other' },
];

/** CRM source value → channel key. Keys are matched case-, space- and punctuation-insensitively. */
export type SourceMapping = Readonly<Record<string, string>>;

export const DEFAULT_SOURCE_MAPPINGS: Readonly<Record<Crm, SourceMapping>> = {
  // hs_analytics_source enumeration; OFFLINE covers imports, integrations and manual CRM entry alike.
  hubspot: {
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
  },
  // LeadSource picklist: the org defaults plus values admins commonly add.
  salesforce: {
    Web: 'website',
    'Phone Inquiry': 'inbound_calls',
    'Partner Referral': 'partners',
    'Purchased List': 'purchased_lists',
    Other: FALLBACK_CHANNEL,
    Advertisement: 'advertising',
    'Employee Referral': 'referrals',
    'External Referral': 'referrals',
    'Word of mouth': 'referrals',
    'Trade Show': 'trade_shows',
    'Seminar - Internal': 'seminars',
    'Seminar - Partner': 'partners',
    'Public Relations': 'public_relations',
    Webinar: 'premium_content',
    'Content Download': 'premium_content',
    Email: 'email',
    'Social Media': 'social',
    Blog: 'blog',
    'Paid Search': 'paid_search',
    Event: 'events',
    'Direct Mail': 'direct_mail',
    Telemarketing: 'telemarketing',
    'Cold Call': 'cold_calls',
    'Self Generated': 'sales_self_generated',
    Partner: 'partners',
  },
};

export interface ChannelMatch {
  readonly channel: string;
  /** `mapping`: the tenant's override; `default`: Baton's default table; `fallback`: unknown or empty value. */
  readonly matchedBy: 'mapping' | 'default' | 'fallback';
}

function normalizeSourceValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function indexMapping(mapping: SourceMapping): ReadonlyMap<string, string> {
  return new Map(Object.entries(mapping).map(([value, channel]) => [normalizeSourceValue(value), channel]));
}

const DEFAULT_INDEX: Readonly<Record<Crm, ReadonlyMap<string, string>>> = {
  hubspot: indexMapping(DEFAULT_SOURCE_MAPPINGS.hubspot),
  salesforce: indexMapping(DEFAULT_SOURCE_MAPPINGS.salesforce),
};

/** Maps a CRM source value onto a channel key: tenant overrides first, then Baton's defaults, else `other`. */
export function mapCrmSourceToChannel(
  crm: Crm,
  value: string | null,
  mapping: Partial<Readonly<Record<Crm, SourceMapping>>> = {},
): ChannelMatch {
  const normalized = value === null ? '' : normalizeSourceValue(value);
  if (normalized === '') return { channel: FALLBACK_CHANNEL, matchedBy: 'fallback' };
  const override = mapping[crm];
  const tenantChannel = override === undefined ? undefined : indexMapping(override).get(normalized);
  if (tenantChannel !== undefined) return { channel: tenantChannel, matchedBy: 'mapping' };
  const defaultChannel = DEFAULT_INDEX[crm].get(normalized);
  if (defaultChannel !== undefined) return { channel: defaultChannel, matchedBy: 'default' };
  return { channel: FALLBACK_CHANNEL, matchedBy: 'fallback' };
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export function validateChannels(channels: readonly Channel[]): Validated<readonly Channel[]> {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  channels.forEach((channel, i) => {
    if (!KEY_PATTERN.test(channel.key)) {
      issues.push({ path: `[${i}].key`, message: 'must be lower snake_case, starting with a letter' });
    }
    if (seen.has(channel.key))
      issues.push({ path: `[${i}].key`, message: `duplicate channel "${channel.key}"` });
    seen.add(channel.key);
    if (channel.label.trim() === '') issues.push({ path: `[${i}].label`, message: 'must not be empty' });
  });
  if (!seen.has(FALLBACK_CHANNEL)) {
    issues.push({
      path: '',
      message: `must keep the "${FALLBACK_CHANNEL}" channel: unknown sources land there`,
    });
  }
  return issues.length === 0 ? { ok: true, value: channels } : { ok: false, issues };
}

/** Checks that every tenant override points at a channel on the tenant's list. */
export function validateSourceMapping(
  mapping: Partial<Readonly<Record<Crm, SourceMapping>>>,
  channels: readonly Channel[],
): Validated<Partial<Readonly<Record<Crm, SourceMapping>>>> {
  const known = new Set(channels.map((c) => c.key));
  const issues: ValidationIssue[] = [];
  for (const [crm, values] of Object.entries(mapping)) {
    for (const [value, channel] of Object.entries(values ?? {})) {
      if (!known.has(channel)) {
        issues.push({
          path: `${crm}["${value}"]`,
          message: `unknown channel "${channel}"; add it to the channel list first`,
        });
      }
    }
  }
  return issues.length === 0 ? { ok: true, value: mapping } : { ok: false, issues };
}
