import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
} from '../../../src/core/attribution/attribution-result.ts';
import { attribute } from '../../../src/core/attribution/models.ts';
import {
  day,
  expectWeights,
  FIVE,
  type Journey,
  ONE,
  TWO,
  touch,
  weightsOf,
} from './attribution-fixtures.ts';

type Row = readonly [string, Journey, AttributionModel, Readonly<Record<string, number>>, number];
describe('attribute: coinciding and missing roles', () => {
  it.each<Row>([
    [
      'first touch also creates the lead: U shares add, the rest is the others',
      { touches: [touch('a', 0), touch('b', 1), touch('c', 2)], milestones: { leadCreatedAt: day(0) } },
      'u_shaped',
      { a: 0.8, b: 0.1, c: 0.1 },
      0,
    ],
    [
      'first + lead creation on a, opportunity on b, c is the rest',
      {
        touches: [touch('a', 0), touch('b', 7), touch('c', 9)],
        milestones: { leadCreatedAt: day(0), opportunityCreatedAt: day(7) },
      },
      'w_shaped',
      { a: 0.6, b: 0.3, c: 0.1 },
      0,
    ],
    [
      'one touch holds every full-path role: 0.9 plus the unplaced rest',
      {
        touches: [touch('a', 0)],
        milestones: { leadCreatedAt: day(0), opportunityCreatedAt: day(1), closedWonAt: day(2) },
      },
      'full_path',
      { a: 1 },
      0,
    ],
    [
      'no opportunity yet: W keeps the opportunity 0.3 pending, c is the rest',
      { touches: [touch('a', 0), touch('b', 7), touch('c', 14)], milestones: { leadCreatedAt: day(7) } },
      'w_shaped',
      { a: 0.3, b: 0.3, c: 0.1 },
      0.3,
    ],
    [
      'open opportunity: full path keeps closed-won 0.225 pending; c and e (after it) share the rest',
      {
        touches: FIVE.touches,
        milestones: { leadCreatedAt: day(7), mqlAt: day(14), opportunityCreatedAt: day(21) },
      },
      'full_path',
      { a: 0.225, b: 0.225, c: 0.05, d: 0.225, e: 0.05 },
      0.225,
    ],
    [
      'no milestones at all: every positioned share but the first is pending',
      { touches: [touch('a', 0), touch('b', 1)], milestones: {} },
      'full_path',
      { a: 0.225, b: 0.1 },
      0.675,
    ],
    [
      'won without a recorded opportunity: the skipped 0.225 and the 0.1 rest follow a 0.45 : b 0.225',
      {
        touches: [touch('a', 0), touch('b', 5)],
        milestones: { leadCreatedAt: day(0), closedWonAt: day(10) },
      },
      'full_path',
      { a: 2 / 3, b: 1 / 3 },
      0,
    ],
    [
      'lead created before every touch: its 0.4 has no touch and follows a 0.4 : b 0.1 : c 0.1',
      { touches: [touch('a', 1), touch('b', 2), touch('c', 3)], milestones: { leadCreatedAt: day(0) } },
      'u_shaped',
      { a: 2 / 3, b: 1 / 6, c: 1 / 6 },
      0,
    ],
  ])('%s', (_, journey, model, expected, pending) => {
    expectWeights(attribute(journey.touches, journey.milestones, model), expected, pending);
  });

  it('names pending roles and says why shares moved', () => {
    const open = attribute(TWO.touches, TWO.milestones, 'full_path');
    expect(open.pendingRoles).toEqual(['opportunity_creation', 'closed_won']);
    expect(open.explanation).toContain('pending');
    expect(open.explanation).toContain('redistributed proportionally');
    const shared = attribute(ONE.touches, ONE.milestones, 'u_shaped');
    expect(shared.explanation).toContain('a holds first touch + lead creation: shares add');
    expect(attribute(FIVE.touches, FIVE.milestones, 'full_path').pendingRoles).toEqual([]);
  });

  it('reports every key role a touch holds, whatever the model weights', () => {
    const result = attribute(FIVE.touches, FIVE.milestones, 'first_touch');
    expect(result.credits.map((c) => [c.touchId, c.roles])).toEqual([
      ['a', ['first']],
      ['b', ['lead_creation']],
      ['c', ['pre_mql']],
      ['d', ['opportunity_creation']],
      ['e', ['closed_won']],
    ]);
  });
});

describe('attribute: input hygiene', () => {
  const shuffled = [
    touch('d', 21, 'cold_calls', 'sales'),
    touch('a', 0, 'paid_search'),
    touch('e', 28, 'partners', 'partner'),
    touch('c', 14),
    touch('a', 0, 'paid_search'),
    touch('b', 7),
    touch('e', 28, 'partners', 'partner'),
  ];

  it.each(ATTRIBUTION_MODELS)('%s: unsorted input with duplicate ids gives the sorted result', (model) => {
    const clean = attribute(FIVE.touches, FIVE.milestones, model);
    const messy = attribute(shuffled, FIVE.milestones, model);
    expect(messy.credits.map((c) => c.touchId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(weightsOf(messy)).toEqual(weightsOf(clean));
    expect(messy.explanation).toContain('2 duplicate touch(es) counted once');
  });

  it('keeps the first occurrence of a duplicate id', () => {
    const result = attribute(
      [touch('a', 3, 'email'), touch('a', 0, 'blog'), touch('b', 1)],
      {},
      'first_touch',
    );
    expect(result.credits.map((c) => [c.touchId, c.channel, c.weight])).toEqual([
      ['b', 'email', 1],
      ['a', 'email', 0],
    ]);
  });

  it('breaks time ties by touch id so the answer does not depend on input order', () => {
    const forward = attribute([touch('x', 0), touch('y', 0)], {}, 'first_touch');
    const backward = attribute([touch('y', 0), touch('x', 0)], {}, 'first_touch');
    expect(weightsOf(forward)).toEqual({ x: 1, y: 0 });
    expect(weightsOf(backward)).toEqual({ x: 1, y: 0 });
  });

  it.each(ATTRIBUTION_MODELS)('%s: touches after closed-won are ignored', (model) => {
    const late = [...FIVE.touches, touch('f', 35), touch('g', 29)];
    const result = attribute(late, FIVE.milestones, model);
    expect(result.credits.map((c) => c.touchId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(weightsOf(result)).toEqual(weightsOf(attribute(FIVE.touches, FIVE.milestones, model)));
    expect(result.explanation).toContain('2 touch(es) after closed-won ignored');
  });

  it.each(ATTRIBUTION_MODELS)('%s: no touches gives empty credit and no pending share', (model) => {
    for (const touches of [[], [touch('late', 40)]]) {
      const result = attribute(touches, FIVE.milestones, model);
      expect(result.credits).toEqual([]);
      expect(result.pending).toBe(0);
      expect(result.byChannel).toEqual({});
      expect(result.byOrigin).toEqual({ marketing: 0, sales: 0, partner: 0, other: 0 });
      expect(result.explanation).toContain('no touches');
    }
  });
});
