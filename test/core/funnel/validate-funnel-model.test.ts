import { describe, expect, it } from 'vitest';
import type { FunnelModel } from '../../../src/core/funnel/funnel-model.ts';
import { funnelModelSchema, validateFunnelModel } from '../../../src/core/funnel/validate-funnel-model.ts';

const base: FunnelModel = {
  key: 'tenant_funnel',
  name: 'Tenant funnel',
  functions: [
    { key: 'marketing', label: 'Marketing' },
    { key: 'sales', label: 'Sales' },
    { key: 'delivery', label: 'Delivery' },
  ],
  calendar: {
    timeZone: 'UTC',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: '09:00',
    dayEnd: '17:00',
    holidays: ['2026-12-24'],
  },
  stages: [
    {
      key: 'inquiry',
      label: 'Inquiry',
      owners: [{ function: 'marketing', weight: 1 }],
      mapping: [{ property: 'lifecyclestage', values: ['lead'] }],
    },
    {
      key: 'mql',
      label: 'MQL',
      owners: [
        { function: 'marketing', weight: 0.75 },
        { function: 'sales', weight: 0.25 },
      ],
      sla: {
        targetMinutes: 2880,
        clock: 'business',
        atRiskShare: 0.75,
        breachActions: [{ kind: 'notify', target: 'owner' }],
        stopsOn: ['accepted', 'rejected'],
      },
      mapping: [{ property: 'Status', values: ['Open - Not Contacted'] }],
      milestones: ['qualified'],
    },
    {
      key: 'sal',
      label: 'SAL',
      owners: [{ function: 'sales', weight: 1 }],
      mapping: [],
      isHandoff: true,
    },
  ],
};

/** A copy of `base` with the value at `path` replaced (or removed, for `undefined`). */
function withChange(path: readonly (string | number)[], value: unknown): unknown {
  const copy: unknown = structuredClone(base);
  let node = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function issuePaths(input: unknown): string[] {
  const result = validateFunnelModel(input);
  return result.ok ? [] : result.issues.map((i) => i.path);
}

describe('validateFunnelModel', () => {
  it('accepts a sound model and returns it unchanged', () => {
    expect(validateFunnelModel(base)).toEqual({ ok: true, value: base });
    expect(funnelModelSchema.safeParse(base).success).toBe(true);
  });

  it.each<[string, readonly (string | number)[], unknown, string]>([
    ['not an object', [], null, ''],
    ['no stages', ['stages'], [], 'stages'],
    ['duplicate stage key', ['stages', 2, 'key'], 'inquiry', 'stages[2].key'],
    ['stage key not snake_case', ['stages', 0, 'key'], 'Sales Accepted', 'stages[0].key'],
    ['empty stage label', ['stages', 0, 'label'], '  ', 'stages[0].label'],
    ['duplicate function key', ['functions', 2, 'key'], 'sales', 'functions[2].key'],
    [
      'owner of an unknown function',
      ['stages', 2, 'owners', 0, 'function'],
      'legal',
      'stages[2].owners[0].function',
    ],
    ['stage with no owners', ['stages', 1, 'owners'], [], 'stages[1].owners'],
    ['weights summing to less than 1', ['stages', 1, 'owners', 1, 'weight'], 0.2, 'stages[1].owners'],
    ['weights summing to more than 1', ['stages', 0, 'owners', 0, 'weight'], 1.01, 'stages[0].owners'],
    ['zero weight', ['stages', 1, 'owners', 1, 'weight'], 0, 'stages[1].owners[1].weight'],
    ['negative weight', ['stages', 1, 'owners', 0, 'weight'], -0.25, 'stages[1].owners[0].weight'],
    [
      'the same function owning a stage twice',
      ['stages', 1, 'owners'],
      [
        { function: 'sales', weight: 0.5 },
        { function: 'sales', weight: 0.5 },
      ],
      'stages[1].owners[1].function',
    ],
    ['SLA target of 0 minutes', ['stages', 1, 'sla', 'targetMinutes'], 0, 'stages[1].sla.targetMinutes'],
    ['negative SLA target', ['stages', 1, 'sla', 'targetMinutes'], -60, 'stages[1].sla.targetMinutes'],
    ['atRiskShare of 0', ['stages', 1, 'sla', 'atRiskShare'], 0, 'stages[1].sla.atRiskShare'],
    ['atRiskShare of 1', ['stages', 1, 'sla', 'atRiskShare'], 1, 'stages[1].sla.atRiskShare'],
    ['atRiskShare above 1', ['stages', 1, 'sla', 'atRiskShare'], 1.5, 'stages[1].sla.atRiskShare'],
    ['unknown SLA clock', ['stages', 1, 'sla', 'clock'], 'wall', 'stages[1].sla.clock'],
    [
      'unknown breach action',
      ['stages', 1, 'sla', 'breachActions', 0],
      { kind: 'escalate' },
      'stages[1].sla.breachActions[0].kind',
    ],
    ['unknown SLA stop event', ['stages', 1, 'sla', 'stopsOn', 1], 'ignored', 'stages[1].sla.stopsOn[1]'],
    ['unknown preset', ['preset'], 'waterfall', 'preset'],
    ['unknown milestone', ['stages', 1, 'milestones', 0], 'mql', 'stages[1].milestones[0]'],
    ['mapping without values', ['stages', 0, 'mapping', 0, 'values'], [], 'stages[0].mapping[0].values'],
    ['mapping that is not a list', ['stages', 2, 'mapping'], {}, 'stages[2].mapping'],
    ['stage without a mapping', ['stages', 2, 'mapping'], undefined, 'stages[2].mapping'],
    ['misspelt stage field', ['stages', 2, 'isHandOff'], true, 'stages[2]'],
    ['unknown time zone', ['calendar', 'timeZone'], 'Mars/Olympus_Mons', 'calendar.timeZone'],
    ['no working days', ['calendar', 'workingDays'], [], 'calendar.workingDays'],
    ['working day 0', ['calendar', 'workingDays', 0], 0, 'calendar.workingDays[0]'],
    ['working day 8', ['calendar', 'workingDays', 4], 8, 'calendar.workingDays[4]'],
    ['fractional working day', ['calendar', 'workingDays', 1], 2.5, 'calendar.workingDays[1]'],
    ['working day listed twice', ['calendar', 'workingDays', 4], 1, 'calendar.workingDays[4]'],
    ['dayStart without leading zero', ['calendar', 'dayStart'], '9:00', 'calendar.dayStart'],
    ['dayEnd past midnight', ['calendar', 'dayEnd'], '25:00', 'calendar.dayEnd'],
    ['dayStart equal to dayEnd', ['calendar', 'dayStart'], '17:00', 'calendar.dayEnd'],
    ['dayStart after dayEnd', ['calendar', 'dayStart'], '18:30', 'calendar.dayEnd'],
    ['holiday that does not exist', ['calendar', 'holidays', 0], '2026-02-30', 'calendar.holidays[0]'],
    ['holiday with a time', ['calendar', 'holidays', 0], '2026-12-24T00:00', 'calendar.holidays[0]'],
    ['holiday in day-first order', ['calendar', 'holidays', 0], '24-12-2026', 'calendar.holidays[0]'],
  ])('reports %s at its path', (_case, path, value, expectedPath) => {
    const input = path.length === 0 ? value : withChange(path, value);
    const result = validateFunnelModel(input);
    expect(result.ok).toBe(false);
    expect(issuePaths(input)).toContain(expectedPath);
    for (const issue of result.ok ? [] : result.issues) expect(issue.message.trim()).not.toBe('');
  });

  it.each<[string, readonly (string | number)[], unknown]>([
    ['several hand-off stages', ['stages', 0, 'isHandoff'], true],
    ['a working day that runs to midnight', ['calendar', 'dayEnd'], '24:00'],
    ['a named IANA zone', ['calendar', 'timeZone'], 'Europe/Helsinki'],
    ['a leap-day holiday', ['calendar', 'holidays', 0], '2028-02-29'],
    [
      'thirds that only sum to 1 within rounding',
      ['stages', 1, 'owners'],
      [
        { function: 'marketing', weight: 1 / 3 },
        { function: 'sales', weight: 1 / 3 },
        { function: 'delivery', weight: 1 / 3 },
      ],
    ],
    ['a model without SLAs', ['stages', 1, 'sla'], undefined],
    ['a known preset', ['preset'], 'three_owner_journey'],
  ])('accepts %s', (_case, path, value) => {
    expect(issuePaths(withChange(path, value))).toEqual([]);
  });

  it('reports every cross-field conflict at once', () => {
    const input = withChange(['stages', 2], {
      key: 'inquiry',
      label: 'Inquiry again',
      owners: [{ function: 'legal', weight: 0.5 }],
      mapping: [],
    });
    expect(issuePaths(input)).toEqual(['stages[2].key', 'stages[2].owners[0].function', 'stages[2].owners']);
  });

  it('says what the weights add up to', () => {
    const result = validateFunnelModel(withChange(['stages', 1, 'owners', 1, 'weight'], 0.2));
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([
      'owner weights of stage "mql" sum to 0.95; they must sum to 1',
    ]);
  });
});
