import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/core/sla/format-duration.ts';

describe('formatDuration', () => {
  it.each<readonly [number, 'day' | 'hour' | undefined, string]>([
    [0, undefined, '0 min'],
    [0.9, undefined, '0 min'],
    [45, undefined, '45 min'],
    [59.99, undefined, '59 min'],
    [60, undefined, '1 h'],
    [190, undefined, '3 h 10 min'],
    [1439, undefined, '23 h 59 min'],
    [1440, undefined, '1 d'],
    [51 * 60, undefined, '2 d 3 h'],
    [51 * 60 + 59, undefined, '2 d 3 h'],
    [70 * 1440, undefined, '70 d'],
    [48 * 60, 'hour', '48 h'],
    [51 * 60 + 5, 'hour', '51 h 5 min'],
    [-30, undefined, '-30 min'],
  ])('%d minutes (largest unit %s) reads "%s"', (minutes, largestUnit, text) => {
    expect(formatDuration(minutes, largestUnit)).toBe(text);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (minutes) => {
    expect(() => formatDuration(minutes)).toThrow(RangeError);
  });
});
