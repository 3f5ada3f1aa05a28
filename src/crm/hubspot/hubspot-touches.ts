import { type Channel, mapSourceToChannel, type SourceMapping } from '../../core/attribution/channels.ts';
import type { Touch, TouchOrigin } from '../../core/attribution/touch.ts';
import { parseInstant } from '../../core/parse-instant.ts';
import type { PropertyBag } from '../../core/record.ts';

/** The HubSpot contact properties touches are derived from. */
export const HUBSPOT_SOURCE_PROPERTIES = [
  'createdate',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
  'hs_analytics_first_timestamp',
  'hs_latest_source',
  'hs_latest_source_data_1',
  'hs_latest_source_data_2',
  'hs_latest_source_timestamp',
  'first_conversion_event_name',
  'first_conversion_date',
  'recent_conversion_event_name',
  'recent_conversion_date',
] as const;

/**
 * HubSpot keeps a contact's journey as summary properties, not as a touch list: the original
 * source (when first seen), the latest source, and the first and most recent form conversions.
 * Each becomes a touch with an id derived from what it is, so re-reading the same contact yields
 * the same touches and a new latest source adds one.
 */
export function touchesFromHubSpotContact(
  properties: PropertyBag,
  channels: readonly Channel[],
  sourceMapping: SourceMapping,
): Touch[] {
  const originOf = (channel: string, sourceDetail: string | null): TouchOrigin =>
    // A contact a rep typed into the CRM is sales-generated, whatever channel OFFLINE maps to.
    sourceDetail === 'CRM_UI' ? 'sales' : (channels.find((c) => c.key === channel)?.defaultOrigin ?? 'other');
  const source = (prefix: 'hs_analytics_source' | 'hs_latest_source') => {
    const value = properties[prefix] ?? null;
    if (!value) return null;
    const channel = mapSourceToChannel(value, sourceMapping).channel;
    const detail = properties[`${prefix}_data_1`] || null;
    const campaign = properties[`${prefix}_data_2`] || null;
    return { channel, detail, campaign, origin: originOf(channel, detail) };
  };
  const touch = (
    id: string,
    at: number,
    from: NonNullable<ReturnType<typeof source>>,
    content?: string,
  ): Touch => ({
    id,
    occurredAt: at,
    channel: from.channel,
    origin: from.origin,
    ...(from.detail ? { sourceDetail: from.detail } : {}),
    ...(from.campaign ? { campaign: from.campaign } : {}),
    ...(content ? { content } : {}),
  });

  const touches: Touch[] = [];
  const original = source('hs_analytics_source');
  const latest = source('hs_latest_source');
  const firstSeen =
    parseInstant(properties.hs_analytics_first_timestamp) ?? parseInstant(properties.createdate);
  const latestAt = parseInstant(properties.hs_latest_source_timestamp);
  if (original && firstSeen !== null) touches.push(touch('hubspot:original-source', firstSeen, original));
  if (latest && latestAt !== null && latestAt !== firstSeen) {
    touches.push(touch(`hubspot:latest-source:${latestAt}`, latestAt, latest));
  }
  for (const kind of ['first', 'recent'] as const) {
    const at = parseInstant(properties[`${kind}_conversion_date`]);
    const name = properties[`${kind}_conversion_event_name`] ?? undefined;
    // Credit a conversion to the source the contact came through most recently before it.
    const via = latest && latestAt !== null && at !== null && latestAt <= at ? latest : original;
    if (at !== null && via) touches.push(touch(`hubspot:conversion:${at}`, at, via, name ?? undefined));
  }
  return [...new Map(touches.map((t) => [t.id, t])).values()];
}
