import type { ScoreDecay } from './definition.ts';

/** Share of its points a dated activity keeps after `ageDays` (1 = full value, 0 = none). */
export function decayFactor(decay: ScoreDecay, ageDays: number): number {
  switch (decay.kind) {
    case 'half_life':
      return 0.5 ** (ageDays / decay.halfLifeDays);
    case 'window':
      return ageDays <= decay.windowDays ? 1 : 0;
    case 'linear':
      return Math.max(0, 1 - ageDays / decay.windowDays);
  }
}
