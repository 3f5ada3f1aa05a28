import type { Instant } from '../time.ts';
import type { KeyTouchRole, TouchOrigin } from './touch.ts';

export type AttributionModel =
  | 'first_touch'
  | 'last_touch'
  | 'linear'
  | 'u_shaped'
  | 'w_shaped'
  | 'full_path'
  | 'time_decay';

export const ATTRIBUTION_MODELS: readonly AttributionModel[] = [
  'first_touch',
  'last_touch',
  'linear',
  'u_shaped',
  'w_shaped',
  'full_path',
  'time_decay',
];

export interface AttributionOptions {
  /** Conversion point for time decay when the lead has neither an opportunity nor a win. */
  readonly now?: Instant;
  /** Time-decay half-life; defaults to 7 days. */
  readonly halfLifeMs?: number;
}

export interface TouchCredit {
  readonly touchId: string;
  readonly channel: string;
  readonly origin: TouchOrigin;
  /** Share of the lead's credit, 0..1. */
  readonly weight: number;
  /** Every key role the touch holds, whether or not this model weights it. */
  readonly roles: readonly KeyTouchRole[];
}

/**
 * One lead's credit under one model. Credit weights plus `pending` sum to 1; with no touches the credits
 * are empty and `pending` is 0.
 */
export interface AttributionResult {
  readonly model: AttributionModel;
  /** Every considered touch in chronological order, including those this model gives 0. */
  readonly credits: readonly TouchCredit[];
  /** Share held back for milestones the journey has not reached yet (an open opportunity keeps its share). */
  readonly pending: number;
  readonly pendingRoles: readonly KeyTouchRole[];
  readonly byChannel: Readonly<Record<string, number>>;
  readonly byOrigin: Readonly<Record<TouchOrigin, number>>;
  readonly explanation: string;
}

/** A model's answer before it is attached to touches: weights aligned with the chronological touch list. */
export interface WeightPlan {
  readonly weights: readonly number[];
  readonly pending: number;
  readonly pendingRoles: readonly KeyTouchRole[];
  readonly explanation: string;
}

export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}
