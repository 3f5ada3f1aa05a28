import type { AttributionModel } from '../attribution/attribution-result.ts';
import type { Channel } from '../attribution/channels.ts';
import { identifyKeyTouches } from '../attribution/key-touches.ts';
import { originOf } from '../attribution/lead-origin.ts';
import { attributeAll, MODEL_LABELS } from '../attribution/models.ts';
import type { Touch } from '../attribution/touch.ts';
import { journeyMilestones } from '../journey/journey-milestones.ts';
import type { LedgerEntry } from '../journey/ledger-entry.ts';
import type { Instant } from '../time.ts';
import type { CardAttribution, CardSource, CardTouch } from './card-view.ts';

/** The simple model and the fair model, side by side, unless the tenant picks others. */
export const DEFAULT_CARD_MODELS: readonly AttributionModel[] = ['first_touch', 'w_shaped'];

export function buildSource(
  touches: readonly Touch[],
  ledger: readonly LedgerEntry[],
  channels: readonly Channel[],
): CardSource {
  const milestones = journeyMilestones(ledger);
  const keys = identifyKeyTouches(touches, milestones);
  const origin = originOf(touches, milestones);
  const latest = [...touches].sort((a, b) => b.occurredAt - a.occurredAt || a.id.localeCompare(b.id))[0];
  const toCard = (t: Touch | undefined): CardTouch | null =>
    t
      ? {
          id: t.id,
          at: t.occurredAt,
          channel: t.channel,
          channelLabel: channels.find((c) => c.key === t.channel)?.label ?? t.channel,
          sourceDetail: t.sourceDetail ?? null,
          campaign: t.campaign ?? null,
        }
      : null;
  const originReason = {
    lead_creation_touch: 'from the touch that created the lead',
    first_touch: 'from the first touch',
    no_touches: 'no touches recorded yet',
  }[origin.decidedBy];
  return {
    origin: origin.origin,
    originReason,
    firstTouch: toCard(keys.first),
    leadCreationTouch: toCard(keys.lead_creation),
    latestTouch: toCard(latest),
    touchCount: new Set(touches.map((t) => t.id)).size,
  };
}

export function buildAttribution(
  touches: readonly Touch[],
  ledger: readonly LedgerEntry[],
  channels: readonly Channel[],
  models: readonly AttributionModel[],
  now: Instant,
): CardAttribution[] {
  if (touches.length === 0) return [];
  return attributeAll(touches, journeyMilestones(ledger), models, { now }).map((result) => ({
    model: result.model,
    label: MODEL_LABELS[result.model],
    byChannel: Object.entries(result.byChannel)
      .filter(([, share]) => share > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([channel, share]) => ({
        channel,
        label: channels.find((c) => c.key === channel)?.label ?? channel,
        share,
      })),
    pending: result.pending,
    explanation: result.explanation,
  }));
}
