import { describe, expect, it } from 'vitest';
import { decayFactor } from '../../../src/core/qualification/decay.ts';
import type { ScoreDecay } from '../../../src/core/qualification/definition.ts';
import { evaluateDefinition } from '../../../src/core/qualification/evaluate-definition.ts';
import { DAY_MS } from '../../../src/core/time.ts';
import { daysAgo, draftDefinition, NOW } from './fixtures.ts';

const HALF_LIFE: ScoreDecay = { kind: 'half_life', halfLifeDays: 7 };
const WINDOW: ScoreDecay = { kind: 'window', windowDays: 30 };
const LINEAR: ScoreDecay = { kind: 'linear', windowDays: 30 };

function webinarDefinition(decay: ScoreDecay, decays = true) {
  return draftDefinition({
    scoring: {
      engagement: [
        {
          criterion: { operator: 'exists', property: 'webinar_attended' },
          points: 40,
          label: 'Attended a webinar',
          decays,
          dateProperty: 'webinar_date',
        },
      ],
      engagementThreshold: 10,
      decay,
    },
  });
}

function engagementAfter(decay: ScoreDecay, ageDays: number): number {
  const record = { email: 'a@b.co', webinar_attended: 'true', webinar_date: daysAgo(ageDays) };
  return evaluateDefinition(webinarDefinition(decay), record, NOW).engagementScore;
}

describe('decayFactor', () => {
  it.each([
    [HALF_LIFE, 0, 1],
    [HALF_LIFE, 7, 0.5],
    [HALF_LIFE, 14, 0.25],
    [HALF_LIFE, 3.5, Math.SQRT1_2],
    [WINDOW, 0, 1],
    [WINDOW, 30, 1],
    [WINDOW, 30.01, 0],
    [LINEAR, 0, 1],
    [LINEAR, 15, 0.5],
    [LINEAR, 30, 0],
    [LINEAR, 45, 0],
  ] as const)('%o after %s days keeps %s', (decay, ageDays, share) => {
    expect(decayFactor(decay, ageDays)).toBeCloseTo(share, 10);
  });
});

describe('decaying engagement points', () => {
  it.each([
    ['half-life, fresh', HALF_LIFE, 0, 40],
    ['half-life, one half-life old', HALF_LIFE, 7, 20],
    ['half-life, two half-lives old', HALF_LIFE, 14, 10],
    ['half-life, long past', HALF_LIFE, 35, 1.25],
    ['window, fresh', WINDOW, 0, 40],
    ['window, at its edge', WINDOW, 30, 40],
    ['window, past it', WINDOW, 31, 0],
    ['linear, fresh', LINEAR, 0, 40],
    ['linear, halfway', LINEAR, 15, 20],
    ['linear, at its end', LINEAR, 30, 0],
    ['linear, past it', LINEAR, 60, 0],
  ] as const)('%s', (_name, decay, ageDays, points) => {
    expect(engagementAfter(decay, ageDays)).toBe(points);
  });

  it('reports the age it decayed by', () => {
    const record = { webinar_attended: 'true', webinar_date: daysAgo(7) };
    const [score] = evaluateDefinition(webinarDefinition(HALF_LIFE), record, NOW).scores;
    expect(score).toMatchObject({ met: true, points: 40, awarded: 20, ageDays: 7 });
  });

  it('rounds decayed points to hundredths', () => {
    expect(engagementAfter(HALF_LIFE, 1)).toBe(Math.round(40 * 0.5 ** (1 / 7) * 100) / 100);
  });

  it('gives full points to an activity dated slightly in the future', () => {
    const record = { webinar_attended: 'true', webinar_date: String(NOW + DAY_MS) };
    expect(evaluateDefinition(webinarDefinition(HALF_LIFE), record, NOW).engagementScore).toBe(40);
  });

  it('awards nothing when the activity cannot be dated', () => {
    for (const webinar_date of [null, 'someday']) {
      const result = evaluateDefinition(
        webinarDefinition(HALF_LIFE),
        { webinar_attended: 'true', webinar_date },
        NOW,
      );
      expect(result.scores[0]).toMatchObject({ met: true, awarded: 0, ageDays: null });
      expect(result.verdict).toBe('not_qualified');
    }
  });

  it('leaves rules that do not decay at full value', () => {
    const record = { webinar_attended: 'true', webinar_date: daysAgo(365) };
    expect(evaluateDefinition(webinarDefinition(LINEAR, false), record, NOW).engagementScore).toBe(40);
  });
});
