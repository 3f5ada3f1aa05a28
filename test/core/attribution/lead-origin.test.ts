import { describe, expect, it } from 'vitest';
import { type LeadOrigin, originOf } from '../../../src/core/attribution/lead-origin.ts';
import type { ConversionMilestones, Touch } from '../../../src/core/attribution/touch.ts';
import { day, touch } from './attribution-fixtures.ts';

describe('originOf', () => {
  it.each<readonly [string, readonly Touch[], ConversionMilestones, LeadOrigin]>([
    [
      'the lead-creation touch decides, not the first touch',
      [touch('web', 0, 'website', 'marketing'), touch('call', 3, 'cold_calls', 'sales')],
      { leadCreatedAt: day(3) },
      { origin: 'sales', decidedBy: 'lead_creation_touch', touchId: 'call' },
    ],
    [
      'without a lead-creation time the first touch decides',
      [touch('call', 3, 'cold_calls', 'sales'), touch('partner', 1, 'partners', 'partner')],
      {},
      { origin: 'partner', decidedBy: 'first_touch', touchId: 'partner' },
    ],
    [
      'a lead created before any touch falls back to the first touch',
      [touch('web', 2, 'website', 'marketing')],
      { leadCreatedAt: day(0) },
      { origin: 'marketing', decidedBy: 'first_touch', touchId: 'web' },
    ],
    ['no touches means other', [], { leadCreatedAt: day(0) }, { origin: 'other', decidedBy: 'no_touches' }],
  ])('%s', (_, touches, milestones, expected) => {
    expect(originOf(touches, milestones)).toEqual(expected);
  });
});
