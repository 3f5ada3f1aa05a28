import { describe, expect, it } from 'vitest';
import { emptyJourneyState, type JourneyState } from '../../../src/core/journey/journey-state.ts';
import { planHandoffAction } from '../../../src/core/journey/plan-handoff-action.ts';
import { DEFAULT_REASON_CODES, validateReasonCodes } from '../../../src/core/journey/reason-codes.ts';

const at = Date.parse('2026-03-03T12:00:00Z');
const base = emptyJourneyState('101');
const handedOff: JourneyState = {
  ...base,
  stage: 'mql',
  cycleEvents: { qualified: at - 1, handed_off: at - 1 },
};
const accepted: JourneyState = { ...handedOff, cycleEvents: { ...handedOff.cycleEvents, accepted: at - 1 } };
const rejected: JourneyState = { ...handedOff, cycleEvents: { ...handedOff.cycleEvents, rejected: at - 1 } };
const input = { actor: 'rep@example.com', at, reasonCodes: DEFAULT_REASON_CODES };

describe('planHandoffAction', () => {
  it.each([
    ['accept a handed-off lead', handedOff, { kind: 'accept' } as const, 'accepted'],
    [
      'reject with a known reason',
      handedOff,
      { kind: 'reject', reasonCode: 'no_budget', feedback: ' Q3 ' } as const,
      'rejected',
    ],
    [
      'log an attempt before answering',
      handedOff,
      { kind: 'log_contact_attempt' } as const,
      'first_contact_attempt',
    ],
    ['log a contact after accepting', accepted, { kind: 'log_contact' } as const, 'first_contact'],
  ])('allows: %s', (_label, state, action, event) => {
    const planned = planHandoffAction(state, action, input);
    expect(planned.ok).toBe(true);
    if (planned.ok) expect(planned.value).toMatchObject({ event, occurredAt: at, actor: 'rep@example.com' });
  });

  it('keeps the reason and trimmed feedback on a rejection', () => {
    const planned = planHandoffAction(
      handedOff,
      { kind: 'reject', reasonCode: 'no_budget', feedback: ' Q3 ' },
      input,
    );
    expect(planned).toMatchObject({ ok: true, value: { reasonCode: 'no_budget', feedback: 'Q3' } });
  });

  it.each([
    ['accept before hand-off', base, { kind: 'accept' } as const, 'kind', /not handed off/],
    ['accept twice', accepted, { kind: 'accept' } as const, 'kind', /already accepted/],
    [
      'reject after accepting',
      accepted,
      { kind: 'reject', reasonCode: 'bad_fit' } as const,
      'kind',
      /already accepted/,
    ],
    [
      'unknown reason code',
      handedOff,
      { kind: 'reject', reasonCode: 'vibes' } as const,
      'reasonCode',
      /bad_fit/,
    ],
    [
      'feedback too long',
      handedOff,
      { kind: 'reject', reasonCode: 'bad_fit', feedback: 'x'.repeat(2001) } as const,
      'feedback',
      /2000/,
    ],
    ['contact after rejecting', rejected, { kind: 'log_contact' } as const, 'kind', /already rejected/],
  ])('refuses: %s', (_label, state, action, path, message) => {
    const planned = planHandoffAction(state, action, input);
    expect(planned.ok).toBe(false);
    if (!planned.ok) {
      expect(planned.issues[0]?.path).toBe(path);
      expect(planned.issues[0]?.message).toMatch(message);
    }
  });
});

it('refuses a reason code that only applies to lost deals', () => {
  const reasonCodes = [
    ...DEFAULT_REASON_CODES,
    { key: 'price', label: 'Price', appliesTo: ['lost'] as const },
  ];
  const planned = planHandoffAction(
    handedOff,
    { kind: 'reject', reasonCode: 'price' },
    { ...input, reasonCodes },
  );
  expect(planned).toMatchObject({ ok: false, issues: [{ path: 'reasonCode' }] });
});

describe('validateReasonCodes', () => {
  it('accepts the defaults', () => {
    expect(validateReasonCodes(DEFAULT_REASON_CODES).ok).toBe(true);
  });

  it.each([
    [[], ''],
    [[{ key: 'Bad Fit', label: 'x', appliesTo: ['rejected'] }], '[0].key'],
    [
      [
        { key: 'a', label: 'A', appliesTo: ['lost'] },
        { key: 'a', label: 'B', appliesTo: ['lost'] },
      ],
      '[1].key',
    ],
    [[{ key: 'a', label: ' ', appliesTo: ['lost'] }], '[0].label'],
    [[{ key: 'a', label: 'A', appliesTo: [] }], '[0].appliesTo'],
  ] as const)('rejects %j at %s', (codes, path) => {
    const result = validateReasonCodes(codes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });
});
