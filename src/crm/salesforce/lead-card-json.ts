import type { CardView, LadderStep } from '../../core/card/card-view.ts';
import { CARD_JSON_MAX_LENGTH } from './baton-lead-fields.ts';

/** Bumped when the stored shape changes, so the Lead page's component can tell versions apart. */
export const CARD_JSON_VERSION = 1;

/** Timeline items kept when the whole history would not fit the field. */
const TRIMMED_TIMELINE = 40;

/**
 * The card view as the Lead's `baton__Card__c` holds it. Everything that depends on the moment
 * it is read (the view's own time, waiting and remaining labels, the current stage's running
 * time) is left out: the component works those out from the stored instants when it renders, and
 * the field changes, and is written, only when the lead's facts do.
 */
export function leadCardJson(view: CardView): string {
  const { generatedAt: _generatedAt, stage, sla, ladder, ...rest } = view;
  const stored = {
    version: CARD_JSON_VERSION,
    ...rest,
    stage: stage ? { key: stage.key, label: stage.label, enteredAt: stage.enteredAt } : null,
    sla: sla ? withoutKey(sla, 'remainingLabel') : null,
    ladder: ladder.map(stableStep),
  };
  const json = JSON.stringify(stored);
  if (json.length <= CARD_JSON_MAX_LENGTH) return json;
  const trimmed = JSON.stringify({
    ...stored,
    timeline: view.timeline.slice(-TRIMMED_TIMELINE),
    timelineTrimmed: view.timeline.length - TRIMMED_TIMELINE,
    attribution: [],
  });
  if (trimmed.length <= CARD_JSON_MAX_LENGTH) return trimmed;
  throw new Error(`the card of ${view.recordId} does not fit ${CARD_JSON_MAX_LENGTH} characters`);
}

function stableStep(
  step: LadderStep,
): LadderStep | Omit<LadderStep, 'timeInStageMinutes' | 'timeInStageLabel'> {
  if (step.status !== 'current') return step;
  const { timeInStageMinutes: _minutes, timeInStageLabel: _label, ...rest } = step;
  return rest;
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}
