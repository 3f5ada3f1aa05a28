import { type Channel, mapSourceToChannel, type SourceMapping } from '../../core/attribution/channels.ts';
import type { Touch, TouchOrigin } from '../../core/attribution/touch.ts';
import { parseInstant } from '../../core/parse-instant.ts';
import type { LeadRecord } from './lead-record.ts';

/**
 * A Lead's touches: its `LeadSource` when it was created, and each campaign it became a member
 * of (channel from the campaign's type, the campaign's name kept). Ids come from what the touch
 * is, so reading the same Lead again yields the same touches and a new membership adds one.
 */
export function touchesFromLead(
  lead: LeadRecord,
  channels: readonly Channel[],
  sourceMapping: SourceMapping,
): Touch[] {
  const originOf = (channel: string): TouchOrigin =>
    channels.find((c) => c.key === channel)?.defaultOrigin ?? 'other';
  const touches: Touch[] = [];
  const source = lead.properties.LeadSource;
  const createdAt = parseInstant(lead.properties.CreatedDate ?? '');
  if (source && createdAt !== null) {
    const { channel } = mapSourceToChannel(source, sourceMapping);
    touches.push({
      id: `lead_source:${lead.id}`,
      occurredAt: createdAt,
      channel,
      origin: originOf(channel),
      sourceDetail: source,
    });
  }
  for (const member of lead.campaignMembers) {
    const { channel } = mapSourceToChannel(member.campaignType, sourceMapping);
    touches.push({
      id: `campaign_member:${member.id}`,
      occurredAt: member.createdAt,
      channel,
      origin: originOf(channel),
      ...(member.campaignType ? { sourceDetail: member.campaignType } : {}),
      ...(member.campaignName ? { campaign: member.campaignName } : {}),
    });
  }
  return touches;
}
