import { describe, expect, it } from 'vitest';
import { identifyKeyTouches, rolesByTouch } from '../../../src/core/attribution/key-touches.ts';
import type { ConversionMilestones, KeyTouchRole, Touch } from '../../../src/core/attribution/touch.ts';
import { day, FIVE, touch } from './attribution-fixtures.ts';

const ids = (keys: Partial<Record<KeyTouchRole, Touch>>) =>
  Object.fromEntries(Object.entries(keys).map(([role, t]) => [role, t.id]));

describe('identifyKeyTouches', () => {
  it.each<readonly [string, readonly Touch[], ConversionMilestones, Record<string, string>]>([
    ['no touches', [], FIVE.milestones, {}],
    [
      'one touch per milestone',
      FIVE.touches,
      FIVE.milestones,
      { first: 'a', lead_creation: 'b', pre_mql: 'c', opportunity_creation: 'd', closed_won: 'e' },
    ],
    [
      'a touch exactly at a milestone counts as at or before it',
      [touch('a', 0), touch('b', 5)],
      { leadCreatedAt: day(5) },
      { first: 'a', lead_creation: 'b' },
    ],
    [
      'the last touch before the milestone, not the nearest after it',
      [touch('a', 0), touch('b', 4), touch('c', 6)],
      { leadCreatedAt: day(5), mqlAt: day(5) },
      { first: 'a', lead_creation: 'b', pre_mql: 'b' },
    ],
    [
      'missing milestones leave their roles out',
      [touch('a', 0), touch('b', 4)],
      { opportunityCreatedAt: day(4) },
      { first: 'a', opportunity_creation: 'b' },
    ],
    [
      'a milestone before every touch has no touch',
      [touch('a', 3), touch('b', 4)],
      { leadCreatedAt: day(1), mqlAt: day(3) },
      { first: 'a', pre_mql: 'a' },
    ],
    [
      'unsorted input with duplicates',
      [touch('c', 9), touch('b', 4), touch('a', 2), touch('b', 4), touch('z', 20)],
      { leadCreatedAt: day(5), closedWonAt: day(10) },
      { first: 'a', lead_creation: 'b', closed_won: 'c' },
    ],
    [
      'touches after closed-won are never key touches, not even first',
      [touch('late', 12), touch('won', 10)],
      { closedWonAt: day(10) },
      { first: 'won', closed_won: 'won' },
    ],
  ])('%s', (_, touches, milestones, expected) => {
    expect(ids(identifyKeyTouches(touches, milestones))).toEqual(expected);
  });
});

describe('rolesByTouch', () => {
  it('lists every role a touch holds, in journey order', () => {
    const keys = identifyKeyTouches([touch('a', 0), touch('b', 3)], {
      leadCreatedAt: day(0),
      mqlAt: day(3),
      opportunityCreatedAt: day(4),
    });
    expect(Object.fromEntries(rolesByTouch(keys))).toEqual({
      a: ['first', 'lead_creation'],
      b: ['pre_mql', 'opportunity_creation'],
    });
  });
});
