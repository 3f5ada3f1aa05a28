import {
  type AttributionModel,
  type AttributionOptions,
  type AttributionResult,
  formatShare,
  type TouchCredit,
  type WeightPlan,
} from './attribution-result.ts';
import {
  findKeyTouches,
  type KeyTouches,
  type PreparedTouches,
  prepareTouches,
  rolesByTouch,
} from './key-touches.ts';
import { creditPositions } from './positional-credit.ts';
import { creditTimeDecay } from './time-decay-credit.ts';
import type { ConversionMilestones, Touch, TouchOrigin } from './touch.ts';

/** Each model's name as people read it, in explanations and on cards. */
export const MODEL_LABELS: Readonly<Record<AttributionModel, string>> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  u_shaped: 'U-shaped',
  w_shaped: 'W-shaped',
  full_path: 'Full path',
  time_decay: 'Time decay',
};

function creditSingle(sorted: readonly Touch[], index: number, model: AttributionModel): WeightPlan {
  const touch = sorted[index];
  const which = model === 'first_touch' ? 'earliest' : 'latest';
  return {
    weights: sorted.map((_, i) => (i === index ? 1 : 0)),
    pending: 0,
    pendingRoles: [],
    explanation: `${MODEL_LABELS[model]}: 100% to the ${which} touch ${touch?.id ?? ''} (${touch?.channel ?? ''}).`,
  };
}

function creditLinear(sorted: readonly Touch[]): WeightPlan {
  const each = 1 / sorted.length;
  return {
    weights: sorted.map(() => each),
    pending: 0,
    pendingRoles: [],
    explanation: `Linear: ${formatShare(each)} to each of ${sorted.length} touch(es).`,
  };
}

function planWeights(
  sorted: readonly Touch[],
  keys: KeyTouches,
  milestones: ConversionMilestones,
  model: AttributionModel,
  options: AttributionOptions,
): WeightPlan {
  switch (model) {
    case 'first_touch':
      return creditSingle(sorted, 0, model);
    case 'last_touch':
      return creditSingle(sorted, sorted.length - 1, model);
    case 'linear':
      return creditLinear(sorted);
    case 'u_shaped':
    case 'w_shaped':
    case 'full_path':
      return creditPositions(sorted, keys, milestones, model);
    case 'time_decay':
      return creditTimeDecay(sorted, milestones, options);
  }
}

function emptyByOrigin(): Record<TouchOrigin, number> {
  return { marketing: 0, sales: 0, partner: 0, other: 0 };
}

function describeDropped(prepared: PreparedTouches): string {
  const notes: string[] = [];
  if (prepared.duplicatesDropped > 0)
    notes.push(` ${prepared.duplicatesDropped} duplicate touch(es) counted once.`);
  if (prepared.ignoredAfterClosedWon > 0) {
    notes.push(` ${prepared.ignoredAfterClosedWon} touch(es) after closed-won ignored.`);
  }
  return notes.join('');
}

function attributePrepared(
  prepared: PreparedTouches,
  milestones: ConversionMilestones,
  model: AttributionModel,
  options: AttributionOptions,
): AttributionResult {
  const sorted = prepared.touches;
  if (sorted.length === 0) {
    return {
      model,
      credits: [],
      pending: 0,
      pendingRoles: [],
      byChannel: {},
      byOrigin: emptyByOrigin(),
      explanation: `${MODEL_LABELS[model]}: no touches to credit.${describeDropped(prepared)}`,
    };
  }
  const keys = findKeyTouches(sorted, milestones);
  const plan = planWeights(sorted, keys, milestones, model, options);
  const roles = rolesByTouch(keys);
  const byChannel: Record<string, number> = {};
  const byOrigin = emptyByOrigin();
  const credits: TouchCredit[] = sorted.map((touch, i) => {
    const weight = plan.weights[i] ?? 0;
    byChannel[touch.channel] = (byChannel[touch.channel] ?? 0) + weight;
    byOrigin[touch.origin] += weight;
    return {
      touchId: touch.id,
      channel: touch.channel,
      origin: touch.origin,
      weight,
      roles: roles.get(touch.id) ?? [],
    };
  });
  return {
    model,
    credits,
    pending: plan.pending,
    pendingRoles: plan.pendingRoles,
    byChannel,
    byOrigin,
    explanation: `${plan.explanation}${describeDropped(prepared)}`,
  };
}

/**
 * Splits one lead's credit across its touches under `model`. Touches are deduped by id and those after
 * closed-won are ignored; see `creditPositions` and `creditTimeDecay` for how shares are placed.
 */
export function attribute(
  touches: readonly Touch[],
  milestones: ConversionMilestones,
  model: AttributionModel,
  options: AttributionOptions = {},
): AttributionResult {
  return attributePrepared(prepareTouches(touches, milestones), milestones, model, options);
}

/** The same lead under several models, in the order asked, for a simple-vs-fair side-by-side view. */
export function attributeAll(
  touches: readonly Touch[],
  milestones: ConversionMilestones,
  models: readonly AttributionModel[],
  options: AttributionOptions = {},
): readonly AttributionResult[] {
  const prepared = prepareTouches(touches, milestones);
  return models.map((model) => attributePrepared(prepared, milestones, model, options));
}
