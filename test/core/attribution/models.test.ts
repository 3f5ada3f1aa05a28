import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
} from '../../../src/core/attribution/attribution-result.ts';
import { attribute, attributeAll } from '../../../src/core/attribution/models.ts';
import { day, expectWeights, FIVE, type Journey, ONE, THREE, TWO } from './attribution-fixtures.ts';

type Row = readonly [string, Journey, AttributionModel, Readonly<Record<string, number>>, number];

// Time decay uses now = the last touch of ONE and TWO; THREE and FIVE convert at their last touch. With a
// 7-day half-life and touches a week apart, each older touch weighs half the next one.
const NOW = { now: day(7) };

describe('attribute: standard weights by number of touches', () => {
  it.each<Row>([
    ['1 touch', ONE, 'first_touch', { a: 1 }, 0],
    ['1 touch', ONE, 'last_touch', { a: 1 }, 0],
    ['1 touch', ONE, 'linear', { a: 1 }, 0],
    // a is first + lead creation (0.4 + 0.4); no other touch, so the 0.2 rest follows the placed credit to a.
    ['1 touch', ONE, 'u_shaped', { a: 1 }, 0],
    // a: 0.3 + 0.3 + 0.1 rest redistributed; opportunity 0.3 pending.
    ['1 touch', ONE, 'w_shaped', { a: 0.7 }, 0.3],
    // a: 0.225 + 0.225 + 0.1 rest; opportunity and closed-won 2 × 0.225 pending.
    ['1 touch', ONE, 'full_path', { a: 0.55 }, 0.45],
    ['1 touch', ONE, 'time_decay', { a: 1 }, 0],

    ['2 touches', TWO, 'first_touch', { a: 1 }, 0],
    ['2 touches', TWO, 'last_touch', { b: 1 }, 0],
    ['2 touches', TWO, 'linear', { a: 0.5, b: 0.5 }, 0],
    // 0.4 / 0.4, rest 0.2 split in the 1:1 ratio of placed credit.
    ['2 touches', TWO, 'u_shaped', { a: 0.5, b: 0.5 }, 0],
    // 0.3 / 0.3, rest 0.1 split 1:1 → 0.35 each; opportunity 0.3 pending.
    ['2 touches', TWO, 'w_shaped', { a: 0.35, b: 0.35 }, 0.3],
    // 0.225 / 0.225, rest 0.1 split 1:1 → 0.275 each; 0.45 pending.
    ['2 touches', TWO, 'full_path', { a: 0.275, b: 0.275 }, 0.45],
    // a is one half-life before now: weights 1/2 : 1 → 1/3, 2/3.
    ['2 touches', TWO, 'time_decay', { a: 1 / 3, b: 2 / 3 }, 0],

    ['3 touches', THREE, 'first_touch', { a: 1 }, 0],
    ['3 touches', THREE, 'last_touch', { c: 1 }, 0],
    ['3 touches', THREE, 'linear', { a: 1 / 3, b: 1 / 3, c: 1 / 3 }, 0],
    // c holds no U-shaped role, so it is the rest.
    ['3 touches', THREE, 'u_shaped', { a: 0.4, b: 0.4, c: 0.2 }, 0],
    // 0.3 each, no rest touch: 0.1 split 1:1:1.
    ['3 touches', THREE, 'w_shaped', { a: 1 / 3, b: 1 / 3, c: 1 / 3 }, 0],
    // 0.225 each + 0.1/3 rest; the open opportunity keeps closed-won's 0.225 pending.
    ['3 touches', THREE, 'full_path', { a: 0.225 + 0.1 / 3, b: 0.225 + 0.1 / 3, c: 0.225 + 0.1 / 3 }, 0.225],
    // Measured back from opportunity creation (day 14): 1/4 : 1/2 : 1 → /1.75.
    ['3 touches', THREE, 'time_decay', { a: 1 / 7, b: 2 / 7, c: 4 / 7 }, 0],

    ['5 touches', FIVE, 'first_touch', { a: 1 }, 0],
    ['5 touches', FIVE, 'last_touch', { e: 1 }, 0],
    ['5 touches', FIVE, 'linear', { a: 0.2, b: 0.2, c: 0.2, d: 0.2, e: 0.2 }, 0],
    // c, d and e share the 0.2 rest.
    ['5 touches', FIVE, 'u_shaped', { a: 0.4, b: 0.4, c: 0.2 / 3, d: 0.2 / 3, e: 0.2 / 3 }, 0],
    // pre-MQL c and closed-won e are the W-shaped rest.
    ['5 touches', FIVE, 'w_shaped', { a: 0.3, b: 0.3, c: 0.05, d: 0.3, e: 0.05 }, 0],
    ['5 touches', FIVE, 'full_path', { a: 0.225, b: 0.225, c: 0.1, d: 0.225, e: 0.225 }, 0],
    // Measured back from closed-won (day 28): 1/16 : 1/8 : 1/4 : 1/2 : 1 → /(31/16).
    ['5 touches', FIVE, 'time_decay', { a: 1 / 31, b: 2 / 31, c: 4 / 31, d: 8 / 31, e: 16 / 31 }, 0],
  ])('%s, %s', (_, journey, model, expected, pending) => {
    const result = attribute(journey.touches, journey.milestones, model, NOW);
    expect(result.model).toBe(model);
    expectWeights(result, expected, pending);
  });
});

describe('attribute: totals', () => {
  const journeys = {
    ONE,
    TWO,
    THREE,
    FIVE,
    OPEN: { touches: FIVE.touches, milestones: { leadCreatedAt: day(7) } },
  };

  it.each(
    Object.entries(journeys).flatMap(([name, journey]) =>
      ATTRIBUTION_MODELS.map((m) => [name, m, journey] as const),
    ),
  )('%s, %s: weights plus pending sum to 1 and match byChannel and byOrigin', (_, model, journey) => {
    const result = attribute(journey.touches, journey.milestones, model, NOW);
    const credited = result.credits.reduce((sum, c) => sum + c.weight, 0);
    expect(Math.abs(credited + result.pending - 1)).toBeLessThan(1e-9);
    expect(result.credits.every((c) => c.weight >= 0)).toBe(true);
    const channelTotal = Object.values(result.byChannel).reduce((sum, w) => sum + w, 0);
    const originTotal = Object.values(result.byOrigin).reduce((sum, w) => sum + w, 0);
    expect(channelTotal).toBeCloseTo(credited, 12);
    expect(originTotal).toBeCloseTo(credited, 12);
  });

  it('groups W-shaped credit by channel and origin', () => {
    // a paid_search 0.3; b email 0.3 + c email 0.05; d cold_calls (sales) 0.3; e partners (partner) 0.05.
    const result = attribute(FIVE.touches, FIVE.milestones, 'w_shaped');
    const expectedChannels = { paid_search: 0.3, email: 0.35, cold_calls: 0.3, partners: 0.05 };
    expect(Object.keys(result.byChannel).sort()).toEqual(Object.keys(expectedChannels).sort());
    for (const [channel, weight] of Object.entries(expectedChannels)) {
      expect(result.byChannel[channel]).toBeCloseTo(weight, 12);
    }
    const expectedOrigins = { marketing: 0.65, sales: 0.3, partner: 0.05, other: 0 };
    for (const [origin, weight] of Object.entries(expectedOrigins)) {
      expect(result.byOrigin[origin as keyof typeof expectedOrigins]).toBeCloseTo(weight, 12);
    }
  });
});

describe('attributeAll', () => {
  it('returns one result per model in the order asked, equal to attributing each alone', () => {
    const models: AttributionModel[] = ['last_touch', 'w_shaped', 'time_decay'];
    const results = attributeAll(FIVE.touches, FIVE.milestones, models);
    expect(results.map((r) => r.model)).toEqual(models);
    results.forEach((result, i) => {
      expect(result).toEqual(attribute(FIVE.touches, FIVE.milestones, models[i] ?? 'linear'));
    });
  });
});
