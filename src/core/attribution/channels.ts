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

export interface ChannelMatch {
  readonly channel: string;
  /** `mapping`: the source table had the value; `fallback`: unknown or empty value. */
  readonly matchedBy: 'mapping' | 'fallback';
}

function normalizeSourceValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const INDEXES = new WeakMap<SourceMapping, ReadonlyMap<string, string>>();

/** Later entries win, so a tenant's override spread after the defaults replaces any spelling of a value. */
function indexOf(mapping: SourceMapping): ReadonlyMap<string, string> {
  let index = INDEXES.get(mapping);
  if (!index) {
    index = new Map(
      Object.entries(mapping).map(([value, channel]) => [normalizeSourceValue(value), channel]),
    );
    INDEXES.set(mapping, index);
  }
  return index;
}

/** Maps a CRM source value onto a channel key through the tenant's source table, else `other`. */
export function mapSourceToChannel(value: string | null, mapping: SourceMapping): ChannelMatch {
  const normalized = value === null ? '' : normalizeSourceValue(value);
  const channel = normalized === '' ? undefined : indexOf(mapping).get(normalized);
  return channel === undefined
    ? { channel: FALLBACK_CHANNEL, matchedBy: 'fallback' }
    : { channel, matchedBy: 'mapping' };
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

/** Checks that every source value points at a channel on the tenant's list. */
export function validateSourceMapping(
  mapping: SourceMapping,
  channels: readonly Channel[],
): Validated<SourceMapping> {
  const known = new Set(channels.map((c) => c.key));
  const issues: ValidationIssue[] = Object.entries(mapping)
    .filter(([, channel]) => !known.has(channel))
    .map(([value, channel]) => ({
      path: `["${value}"]`,
      message: `unknown channel "${channel}"; add it to the channel list first`,
    }));
  return issues.length === 0 ? { ok: true, value: mapping } : { ok: false, issues };
}
