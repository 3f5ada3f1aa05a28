import {
  CARD_JSON_VERSION,
  dispositionValue,
  errorMessage,
  formatDuration,
  formatInstant,
  ownerKind,
  parseCard,
  readSla,
} from 'c/batonCardFormat';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LEAD_ID = '00Q5g00000AbCdEEAZ';

describe('formatDuration', () => {
  it.each([
    [0, '0 min'],
    [45.9, '45 min'],
    [60, '1 h'],
    [190, '3 h 10 min'],
    [24 * 60, '1 d'],
    [2 * 24 * 60 + 3 * 60 + 59, '2 d 3 h'],
    [-90, '-1 h 30 min'],
    [Number.NaN, '–'],
  ])('%s minutes read "%s"', (minutes, label) => {
    expect(formatDuration(minutes)).toBe(label);
  });
});

describe('formatInstant', () => {
  const at = Date.parse('2026-03-02T10:00:00Z');

  it('shows the instant in the user’s time zone', () => {
    expect(formatInstant(at, 'UTC', 'en-US')).toBe('Mar 2, 2026, 10:00 AM');
    expect(formatInstant(at, 'Asia/Tokyo', 'en-US')).toBe('Mar 2, 2026, 7:00 PM');
  });

  it('falls back to UTC when the time zone is not one', () => {
    expect(formatInstant(at, 'Not/AZone', 'en-US')).toBe('2026-03-02 10:00 UTC');
  });

  it('shows a dash for a missing instant', () => {
    expect(formatInstant(null, 'UTC', 'en-US')).toBe('–');
  });
});

describe('ownerKind', () => {
  it.each([
    ['0055g00000XyZabAAB', 'user'],
    ['00G5g00000QuEueEAA', 'queue'],
    ['0035g00000AbCdEEAZ', 'unknown'],
    [null, 'unknown'],
  ])('%s is a %s', (id, kind) => {
    expect(ownerKind(id)).toBe(kind);
  });
});

describe('readSla', () => {
  const started = Date.parse('2026-03-02T10:00:00Z');
  const running = {
    state: 'on_track',
    startedAt: started,
    atRiskAt: started + 40 * HOUR,
    dueAt: started + 48 * HOUR,
    targetLabel: '2 d',
    reason: 'On track: 1 h of the 2 d calendar target used, 1 d 23 h left',
  };

  it('turns a running clock at risk and then breached as time passes', () => {
    expect(readSla(running, started + HOUR)).toMatchObject({
      state: 'on_track',
      remaining: 'due in 1 d 23 h',
    });
    expect(readSla(running, started + 40 * HOUR)).toMatchObject({
      state: 'at_risk',
      remaining: 'due in 8 h',
    });
    expect(readSla(running, started + 48 * HOUR)).toMatchObject({
      state: 'at_risk',
      remaining: 'due in 0 min',
    });
    expect(readSla(running, started + 48 * HOUR + MINUTE)).toMatchObject({
      state: 'breached',
      label: 'Breached',
      badgeClass: 'slds-theme_error',
      remaining: 'overdue by 1 min',
    });
  });

  it('keeps a stopped clock’s verdict', () => {
    const met = { ...running, state: 'met_late', reason: 'Answered after 3 d, 1 d after the target' };
    expect(readSla(met, started + 100 * HOUR)).toMatchObject({
      state: 'met_late',
      label: 'Met late',
      running: false,
      remaining: null,
    });
  });
});

describe('dispositionValue', () => {
  it('writes the id and the action, and the reason code only with a rejection', () => {
    expect(JSON.parse(dispositionValue('id-1', 'accept', 'bad_fit'))).toEqual({
      id: 'id-1',
      action: 'accept',
    });
    expect(JSON.parse(dispositionValue('id-2', 'reject', 'bad_fit'))).toEqual({
      id: 'id-2',
      action: 'reject',
      reasonCode: 'bad_fit',
    });
  });

  it('refuses a value longer than the disposition field holds', () => {
    expect(() => dispositionValue('id-3', 'reject', 'x'.repeat(230))).toThrow(/too long/);
  });
});

describe('errorMessage', () => {
  it.each([
    [{ body: { message: 'Record is locked' } }, 'Record is locked'],
    [
      {
        body: {
          message: 'Update failed',
          output: { errors: [{ message: 'Lead is converted' }], fieldErrors: {} },
        },
      },
      'Lead is converted',
    ],
    [{ body: [{ message: 'First' }, { message: 'Second' }] }, 'First Second'],
    [new Error('Network down'), 'Network down'],
    ['Plain words', 'Plain words'],
    [{}, 'Salesforce gave no reason.'],
    [undefined, 'Salesforce gave no reason.'],
  ])('reads %j', (error, message) => {
    expect(errorMessage(error)).toBe(message);
  });
});

describe('parseCard', () => {
  const card = (overrides = {}) =>
    JSON.stringify({
      version: CARD_JSON_VERSION,
      recordId: LEAD_ID,
      stage: null,
      sla: null,
      ladder: [],
      timeline: [],
      owner: { function: null, coOwners: [], person: null },
      qualification: { basis: 'none', summary: 'Not qualified yet.', judgedBy: null, today: null },
      source: { origin: 'other', originReason: 'no touches' },
      actions: { canAccept: false, canReject: false, reason: 'not handed off', rejectReasons: [] },
      ...overrides,
    });

  it('reads an empty field as not scored yet', () => {
    expect(parseCard(null, LEAD_ID)).toEqual({ status: 'empty' });
    expect(parseCard('  ', LEAD_ID)).toEqual({ status: 'empty' });
  });

  it('reads a card of this version for this lead, by its 15- or 18-character id', () => {
    expect(parseCard(card(), LEAD_ID).status).toBe('ready');
    expect(parseCard(card(), LEAD_ID.slice(0, 15)).status).toBe('ready');
  });

  it('tells another lead’s card apart', () => {
    expect(parseCard(card({ recordId: '00Q5g00000ZzZzZEAV' }), LEAD_ID)).toEqual({ status: 'foreign' });
  });

  it.each([
    ['{not json', 'not valid JSON'],
    ['[1, 2]', 'not a card'],
    [card({ version: 2 }), 'version 2'],
    [card({ ladder: 'inquiry' }), 'no valid ladder'],
    [card({ actions: null }), 'no valid actions'],
    [card({ sla: 'on_track' }), 'no valid sla'],
  ])('refuses %s', (text, message) => {
    const parsed = parseCard(text, LEAD_ID);
    expect(parsed.status).toBe('broken');
    expect(parsed.message).toContain(message);
  });
});
