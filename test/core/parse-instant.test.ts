import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/core/parse-instant.ts';

describe('parseInstant', () => {
  it.each([
    ['1772442000000', 1772442000000],
    [' 1772442000000 ', 1772442000000],
    ['2026-03-02T09:00:00Z', Date.parse('2026-03-02T09:00:00Z')],
    ['2026-03-02T11:00:00+02:00', Date.parse('2026-03-02T09:00:00Z')],
    ['2026-03-02', Date.parse('2026-03-02T00:00:00Z')],
    ['', null],
    [null, null],
    [undefined, null],
    ['yesterday', null],
    ['02/03/2026', null],
    ['2026-13-45', null],
    ['99999999999999999999', null],
  ])('%j → %j', (input, expected) => {
    expect(parseInstant(input)).toBe(expected);
  });
});
