import { identifyKeyTouches } from './key-touches.ts';
import type { ConversionMilestones, Touch, TouchOrigin } from './touch.ts';

export interface LeadOrigin {
  readonly origin: TouchOrigin;
  /** Which touch decided: the lead-creation touch, else the first touch, else none at all. */
  readonly decidedBy: 'lead_creation_touch' | 'first_touch' | 'no_touches';
  readonly touchId?: string;
}

/** The lead's origin for the marketing-/sales-/partner-generated split. */
export function originOf(touches: readonly Touch[], milestones: ConversionMilestones): LeadOrigin {
  const keys = identifyKeyTouches(touches, milestones);
  if (keys.lead_creation !== undefined) {
    return {
      origin: keys.lead_creation.origin,
      decidedBy: 'lead_creation_touch',
      touchId: keys.lead_creation.id,
    };
  }
  if (keys.first !== undefined) {
    return { origin: keys.first.origin, decidedBy: 'first_touch', touchId: keys.first.id };
  }
  return { origin: 'other', decidedBy: 'no_touches' };
}
