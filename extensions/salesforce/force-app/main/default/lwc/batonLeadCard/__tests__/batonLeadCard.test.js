import { formatInstant } from 'c/batonCardFormat';
import BatonLeadCard from 'c/batonLeadCard';
import { getRecord, notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { createElement } from 'lwc';
import fixtures from './data/lead-cards.json';

// The card fixtures are what the backend writes for its test card views (see
// test/extensions/salesforce/lead-card-fixtures.ts); their lead moved to MQL at this instant.
const MQL_AT = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LEAD_ID = fixtures.leadId;
const USER_ID = '0055g00000XyZabAAB';
const QUEUE_ID = '00G5g00000QuEueEAA';
const UUID = '6f1c2b9e-8a41-4c1e-9d7a-3b2f0e5d4c11';
// The i18n stubs of sfdx-lwc-jest: the card shows instants in the user's zone and locale.
const TIME_ZONE = 'America/Los_Angeles';
const LOCALE = 'en-US';

/** A fixture card as the field holds it: its JSON text. */
const card = (name) => JSON.stringify(fixtures.cards[name]);
const edited = (name, edit) => {
  const parsed = JSON.parse(card(name));
  edit(parsed);
  return JSON.stringify(parsed);
};

/** The Lead as getRecord answers; the optional Owner.Name is left out, as for a user who may not read it. */
function leadRecord(cardText, { ownerId = USER_ID, ownerName = 'Ana Rep' } = {}) {
  const fields = {
    baton__Card__c: { value: cardText ?? null, displayValue: null },
    OwnerId: { value: ownerId, displayValue: null },
  };
  if (ownerName !== null) {
    fields.Owner = {
      value: { apiName: 'Name', fields: { Name: { value: ownerName, displayValue: null } } },
      displayValue: ownerName,
    };
  }
  return { apiName: 'Lead', id: LEAD_ID, fields };
}

async function flush() {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

async function renderCard(cardText, { now = MQL_AT + HOUR, owner } = {}) {
  jest.spyOn(Date, 'now').mockReturnValue(now);
  const element = createElement('c-baton-lead-card', { is: BatonLeadCard });
  element.recordId = LEAD_ID;
  document.body.appendChild(element);
  if (cardText !== undefined) {
    getRecord.emit(leadRecord(cardText, owner));
    await flush();
  }
  return element;
}

/** The text a reader sees in a node: its text pieces, each trimmed, one space between them. */
function words(node) {
  const pieces = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) pieces.push(walker.currentNode.textContent.replace(/\s+/g, ' ').trim());
  return pieces.filter(Boolean).join(' ');
}

const $ = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (element, id) => {
  const node = $(element, id);
  return node ? words(node) : undefined;
};
const ladder = (element) =>
  $$(element, '[data-id="ladder"] li').map((li) => ({
    step: li.dataset.step,
    status: li.dataset.status,
    text: words(li),
  }));

beforeEach(() => {
  // Browsers have crypto.randomUUID; the jsdom of Jest 29 does not.
  crypto.randomUUID = jest.fn(() => UUID);
  updateRecord.mockReset();
  updateRecord.mockResolvedValue({});
  notifyRecordUpdateAvailable.mockClear();
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('c-baton-lead-card', () => {
  it('reads the card, the owner and the owner’s name through getRecord, and shows a spinner meanwhile', async () => {
    const element = await renderCard(undefined);
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(getRecord.getLastConfig()).toEqual({
      recordId: LEAD_ID,
      fields: [
        { objectApiName: 'Lead', fieldApiName: 'baton__Card__c' },
        { objectApiName: 'Lead', fieldApiName: 'OwnerId' },
      ],
      optionalFields: [{ objectApiName: 'Lead', fieldApiName: 'Owner.Name' }],
    });
  });

  it('says Baton has not scored the lead while its card field is empty', async () => {
    const element = await renderCard(null);
    expect(text(element, 'empty')).toContain('Baton has not scored this lead yet');
    expect($(element, 'summary')).toBeNull();
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
  });

  it('says plainly when the card is not JSON, and shows none of it', async () => {
    const element = await renderCard('{"version":1,"ladder":');
    expect(text(element, 'broken')).toContain('not valid JSON');
    expect($(element, 'summary')).toBeNull();
  });

  it('names the version when a newer Baton wrote the card', async () => {
    const element = await renderCard(edited('onTrack', (c) => (c.version = 2)));
    expect(text(element, 'broken')).toContain('version 2; this component reads version 1');
  });

  it('shows no other lead’s card, as a cloned lead carries', async () => {
    const element = await renderCard(edited('onTrack', (c) => (c.recordId = '00Q5g00000ZzZzZEAV')));
    expect(text(element, 'foreign')).toContain('another lead’s card');
    expect($(element, 'summary')).toBeNull();
  });

  it('tells a rep without Baton’s field access what to ask for, with Salesforce’s reason', async () => {
    const element = await renderCard(undefined);
    getRecord.error({ message: "No such column 'baton__Card__c' on entity 'Lead'" });
    await flush();
    expect(text(element, 'load-error')).toContain('Baton Sales Rep permission set');
    expect(text(element, 'load-error')).toContain("No such column 'baton__Card__c'");
  });

  it('shows the stage ladder with each stage’s owning functions and the hand-off', async () => {
    const element = await renderCard(card('onTrack'));
    expect(text(element, 'stage')).toBe('MQL');
    expect(text(element, 'owned-by')).toBe('Marketing');
    expect(element.shadowRoot.querySelector('lightning-progress-indicator').currentStep).toBe('mql');
    expect(ladder(element)).toEqual([
      { step: 'inquiry', status: 'done', text: 'Inquiry · Done · Marketing · 1 h' },
      { step: 'mql', status: 'current', text: 'MQL · Current · Marketing · 1 h so far' },
      { step: 'sal', status: 'upcoming', text: 'SAL · Upcoming · Sales · hand-off' },
      { step: 'sql', status: 'upcoming', text: 'SQL · Upcoming · Sales' },
      { step: 'opportunity', status: 'upcoming', text: 'Opportunity · Upcoming · Sales' },
      { step: 'customer', status: 'upcoming', text: 'Customer · Upcoming · Sales' },
    ]);
  });

  it('shows co-owners of a stage with their weights', async () => {
    const shared = [
      { key: 'marketing', label: 'Marketing', weight: 0.6 },
      { key: 'sales', label: 'Sales', weight: 0.4 },
    ];
    const element = await renderCard(
      edited('onTrack', (c) => {
        c.owner.coOwners = shared;
        c.ladder[1].owners = shared;
      }),
    );
    expect(text(element, 'owned-by')).toBe('Marketing 60% + Sales 40%');
    expect(ladder(element)[1].text).toBe('MQL · Current · Marketing 60% + Sales 40% · 1 h so far');
  });

  it('tells a user holding the lead from a queue by the owner id', async () => {
    const byUser = await renderCard(card('onTrack'));
    expect(text(byUser, 'holder')).toBe('Ana Rep');
    expect($(byUser, 'holder-kind').label).toBe('User');
    document.body.removeChild(byUser);

    const byQueue = await renderCard(card('onTrack'), {
      owner: { ownerId: QUEUE_ID, ownerName: 'Inbound leads' },
    });
    expect(text(byQueue, 'holder')).toBe('Inbound leads');
    expect($(byQueue, 'holder-kind').label).toBe('Queue');
  });

  it('names the holder from the card, then by id, when the owner’s name cannot be read', async () => {
    const fromCard = await renderCard(
      edited('onTrack', (c) => (c.owner.person = { id: USER_ID, name: 'Ana from Baton' })),
      { owner: { ownerName: null } },
    );
    expect(text(fromCard, 'holder')).toBe('Ana from Baton');
    expect($(fromCard, 'holder-kind').label).toBe('User');
    document.body.removeChild(fromCard);

    // Baton last saw Ana hold it; the lead has since moved to a queue.
    const byId = await renderCard(card('onTrack'), { owner: { ownerId: QUEUE_ID, ownerName: null } });
    expect(text(byId, 'holder')).toBe(`Owner ${QUEUE_ID}`);
    expect($(byId, 'holder-kind').label).toBe('Queue');
  });

  it('works out how long the lead has waited in its stage when it renders', async () => {
    const soon = await renderCard(card('onTrack'), { now: MQL_AT + 90 * MINUTE });
    expect(text(soon, 'waiting')).toBe('1 h 30 min');
    document.body.removeChild(soon);

    const later = await renderCard(card('onTrack'), { now: MQL_AT + 26 * HOUR });
    expect(text(later, 'waiting')).toBe('1 d 2 h');
    expect(ladder(later)[1].text).toBe('MQL · Current · Marketing · 1 d 2 h so far');
  });

  it('moves the waiting time on while the page stays open', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    const element = await renderCard(card('onTrack'), { now: MQL_AT + HOUR });
    Date.now.mockReturnValue(MQL_AT + HOUR + 5 * MINUTE);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(text(element, 'waiting')).toBe('1 h 5 min');
  });

  it('reads the SLA clock at render: on track, then at risk, then breached, from the same stored card', async () => {
    const due = formatInstant(MQL_AT + 48 * HOUR, TIME_ZONE, LOCALE);
    const cases = [
      [MQL_AT + HOUR, 'On track', `due in 1 d 23 h (${due})`],
      [MQL_AT + 40 * HOUR, 'At risk', `due in 8 h (${due})`],
      [MQL_AT + 60 * HOUR, 'Breached', `overdue by 12 h (${due})`],
    ];
    for (const [now, state, line] of cases) {
      const element = await renderCard(card('onTrack'), { now });
      expect($(element, 'sla-state').label).toBe(state);
      expect(text(element, 'sla-line')).toBe(line);
      expect(text(element, 'sla-target')).toBe('Target 2 d');
      document.body.removeChild(element);
    }
  });

  it('keeps a stopped clock’s verdict, whenever it is read', async () => {
    const element = await renderCard(card('met'), { now: MQL_AT + 200 * HOUR });
    expect($(element, 'sla-state').label).toBe('Met');
    expect(text(element, 'sla-line')).toBe('Answered after 3 h, within the 2 d calendar target');
  });

  it('shows the frozen verdict with its definition, version and each criterion met or missed', async () => {
    const element = await renderCard(card('onTrack'));
    expect(text(element, 'qualification-summary')).toBe(
      'Qualified under Mid-market MQL v1 when it was handed off.',
    );
    expect(text(element, 'definition')).toBe('Mid-market MQL v1');
    expect($(element, 'verdict').label).toBe('Qualified');
    expect(text(element, 'judged-by')).toContain(`At hand-off ${formatInstant(MQL_AT, TIME_ZONE, LOCALE)}`);
    const criteria = $$(element, '[data-id="criteria"] li').map((li) => [li.dataset.kind, words(li)]);
    expect(criteria).toEqual([
      ['met', '✓ 50–1000 employees: 120'],
      ['met', '✓ Has a job title: Head of Operations'],
    ]);
    expect($(element, 'today')).toBeNull();

    const missed = await renderCard(
      edited('onTrack', (c) => {
        const [first, second] = c.qualification.judgedBy.met;
        c.qualification.judgedBy.met = [first];
        c.qualification.judgedBy.missed = [{ ...second, met: false, observed: null }];
      }),
    );
    const missedCriteria = $$(missed, '[data-id="criteria"] li').map(words);
    expect(missedCriteria).toEqual(['✓ 50–1000 employees: 120', '✗ Has a job title: no value']);
  });

  it('adds today’s verdict only when it says something else', async () => {
    const element = await renderCard(card('qualifiedByDefinitionTodayDiffers'));
    expect(text(element, 'definition')).toBe('Mid-market MQL v1');
    expect(text(element, 'today')).toContain('Today: Not qualified by Mid-market MQL v1');
  });

  it('shows the source: origin and the first, lead-creation and latest touches', async () => {
    const element = await renderCard(card('onTrack'));
    expect(text(element, 'origin')).toBe('Marketing-sourced: from the touch that created the lead');
    const touches = $$(element, '[data-id="touches"] [data-touch]').map(words);
    expect(touches).toEqual([
      `First touch Organic search (google), ${formatInstant(MQL_AT - 20 * HOUR, TIME_ZONE, LOCALE)}`,
      `Lead-creation touch Email (Nurture 3), ${formatInstant(MQL_AT - HOUR, TIME_ZONE, LOCALE)}`,
      `Latest touch Email (Nurture 3), ${formatInstant(MQL_AT - HOUR, TIME_ZONE, LOCALE)}`,
    ]);
  });

  it('shows the hand-off timeline newest first, with the rejection’s reason and feedback', async () => {
    const element = await renderCard(card('rejected'));
    const items = $$(element, '[data-id="timeline"] li').map(words);
    expect(items[0]).toBe(
      `Rejected by sales · ${formatInstant(MQL_AT + 5 * HOUR, TIME_ZONE, LOCALE)} · MQL · No budget · after 5 h “Budget frozen until Q3”`,
    );
    expect(items.at(-1)).toContain('Entered the funnel');
    expect(items).toHaveLength(4);
    expect($(element, 'timeline-trimmed')).toBeNull();

    const trimmed = await renderCard(edited('rejected', (c) => (c.timelineTrimmed = 12)));
    expect(text(trimmed, 'timeline-trimmed')).toBe('12 earlier moves are not shown.');
  });

  it('offers no Accept or Reject once the lead is answered, and says why', async () => {
    const element = await renderCard(card('met'));
    expect($(element, 'accept')).toBeNull();
    expect($(element, 'reject')).toBeNull();
    expect(text(element, 'actions-reason')).toBe('already accepted');
  });

  it('accepts by writing a fresh disposition id through updateRecord, pending meanwhile, then toasts', async () => {
    let answer;
    updateRecord.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = await renderCard(card('onTrack'));
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));

    $(element, 'accept').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: LEAD_ID,
        baton__Disposition__c: JSON.stringify({ id: UUID, action: 'accept' }),
        baton__Disposition_Feedback__c: null,
      },
    });
    expect($(element, 'accept').disabled).toBe(true);
    expect($(element, 'reject').disabled).toBe(true);
    expect(text(element, 'pending')).toBe('Sending to Baton…');
    $(element, 'accept').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledTimes(1);

    answer({});
    await flush();
    expect(toasts).toEqual([
      {
        title: 'Lead accepted',
        message: 'Sent to Baton. The card updates once Baton has recorded it.',
        variant: 'success',
      },
    ]);
    expect(text(element, 'sent')).toContain('Sent to Baton');
    expect($(element, 'accept')).toBeNull();
    expect($(element, 'pending')).toBeNull();
  });

  it('asks Salesforce again for the card after a disposition, and offers actions again once Baton rewrote it', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    const element = await renderCard(card('onTrack'));
    $(element, 'accept').click();
    await flush();
    expect($(element, 'accept')).toBeNull();

    jest.advanceTimersByTime(3_000);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: LEAD_ID }]);

    // The same card again (only the disposition changed) keeps the actions hidden.
    getRecord.emit(leadRecord(card('onTrack')));
    await flush();
    expect($(element, 'accept')).toBeNull();

    getRecord.emit(leadRecord(card('met')));
    await flush();
    expect($(element, 'sent')).toBeNull();
    expect(text(element, 'actions-reason')).toBe('already accepted');
    jest.advanceTimersByTime(60_000);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledTimes(1);
  });

  it('rejects only with a reason, and sends the reason code and the feedback', async () => {
    const element = await renderCard(card('onTrack'));
    const reason = $(element, 'reason');
    expect(reason.options).toEqual([
      { label: 'Bad fit', value: 'bad_fit' },
      { label: 'No budget', value: 'no_budget' },
      { label: 'No authority', value: 'no_authority' },
      { label: 'No need or bad timing', value: 'no_need_or_timing' },
      { label: 'Duplicate', value: 'duplicate' },
      { label: 'Bad contact data', value: 'bad_data' },
      { label: 'Competitor', value: 'competitor' },
      { label: 'Already in a sales cycle', value: 'already_in_sales_cycle' },
    ]);
    expect($(element, 'reject').disabled).toBe(true);
    expect($(element, 'feedback').maxLength).toBe('2000');

    $(element, 'reject').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(text(element, 'failure')).toBe('Choose a reason to reject the lead.');

    reason.dispatchEvent(new CustomEvent('change', { detail: { value: 'no_budget' } }));
    $(element, 'feedback').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Budget frozen until Q3' } }),
    );
    await flush();
    expect($(element, 'reject').disabled).toBe(false);
    $(element, 'reject').click();
    await flush();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: LEAD_ID,
        baton__Disposition__c: JSON.stringify({ id: UUID, action: 'reject', reasonCode: 'no_budget' }),
        baton__Disposition_Feedback__c: 'Budget frozen until Q3',
      },
    });
    expect($(element, 'failure')).toBeNull();
  });

  it('refuses feedback over 2000 characters without writing anything', async () => {
    const element = await renderCard(card('onTrack'));
    $(element, 'reason').dispatchEvent(new CustomEvent('change', { detail: { value: 'bad_fit' } }));
    $(element, 'feedback').dispatchEvent(new CustomEvent('change', { detail: { value: 'x'.repeat(2001) } }));
    await flush();
    $(element, 'reject').click();
    await flush();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(text(element, 'failure')).toBe('Feedback can be at most 2000 characters.');
  });

  it('shows Salesforce’s error when the write fails, toasts nothing, and lets the rep try again', async () => {
    updateRecord.mockRejectedValue({
      body: {
        message: 'An error occurred while trying to update the record.',
        output: {
          errors: [],
          fieldErrors: {
            baton__Disposition__c: [{ message: 'Insufficient access rights on baton__Disposition__c' }],
          },
        },
      },
    });
    const element = await renderCard(card('onTrack'));
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    $(element, 'accept').click();
    await flush();
    expect(text(element, 'failure')).toBe('Insufficient access rights on baton__Disposition__c');
    expect(toasts).toEqual([]);
    expect($(element, 'accept').disabled).toBe(false);
    expect($(element, 'sent')).toBeNull();
  });
});
