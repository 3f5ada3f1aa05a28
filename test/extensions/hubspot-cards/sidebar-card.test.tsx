import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  Select,
  StatusTag,
  StepIndicator,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { cardApi } from '../../../extensions/hubspot/src/app/cards/baton-api.ts';
import { formatInstant, SLA_LABELS } from '../../../extensions/hubspot/src/app/cards/card-format.ts';
import type { CardViewModel } from '../../../extensions/hubspot/src/app/cards/card-view.ts';
import { PortalTimeZone } from '../../../extensions/hubspot/src/app/cards/portal-time-zone.ts';
import { SidebarCard } from '../../../extensions/hubspot/src/app/cards/sidebar-card.tsx';
import type { CardView } from '../../../src/core/card/card-view.ts';
import { CARD_VIEWS } from '../../fixtures/card-views.ts';
import { fakeHubSpotFetch } from './fake-hubspot-fetch.ts';
import { renderedText } from './rendered-text.ts';

// The backend's view model must stay assignable to the one the cards read: a drift fails type-checking.
const _sameShape: CardViewModel = CARD_VIEWS.onTrack satisfies CardView;

const CARD = '/api/hubspot/cards/contacts/501';

function renderCard(script: Parameters<typeof fakeHubSpotFetch>[0], timeZone = 'UTC') {
  const { fetcher, calls } = fakeHubSpotFetch(script);
  const renderer = createRenderer('crm.record.sidebar');
  const { actions } = renderer.mocks;
  renderer.render(
    <PortalTimeZone.Provider value={timeZone}>
      <SidebarCard
        recordId="501"
        api={cardApi(fetcher)}
        host={{ refreshObjectProperties: actions.refreshObjectProperties, addAlert: actions.addAlert }}
      />
    </PortalTimeZone.Provider>,
  );
  const text = () => renderedText(renderer.getRootNode());
  const ready = () => renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return { ...renderer, calls, text, ready };
}

const ok = (body: unknown) => ({ status: 200, body });

describe('the contact sidebar card', () => {
  it('shows a spinner while Baton answers, then the card', async () => {
    const card = renderCard({ [`GET ${CARD}`]: ok(CARD_VIEWS.onTrack) });
    expect(card.find(LoadingSpinner).props.label).toBe('Loading Baton…');
    await card.ready();
    expect(card.calls).toEqual([{ url: `https://baton.example.com${CARD}`, method: 'GET', body: undefined }]);
    expect(card.text()).toContain('MQL');
  });

  it('says so plainly when Baton holds nothing of the contact yet', async () => {
    const card = renderCard({ [`GET ${CARD}`]: { status: 404, body: { error: { message: 'no record' } } } });
    await card.ready();
    expect(card.find(EmptyState).props.title).toBe('Baton has not seen this contact yet');
  });

  it('shows Baton’s error and loads again on retry', async () => {
    let answers = 0;
    const card = renderCard({
      [`GET ${CARD}`]: () =>
        answers++ === 0
          ? { status: 503, body: { error: { message: 'Baton is starting up' } } }
          : ok(CARD_VIEWS.onTrack),
    });
    await card.ready();
    expect(renderedText(card.find(ErrorState))).toContain('Baton is starting up');
    card.find(Button, (b) => b.text === 'Try again').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).toBeNull());
    await card.ready();
    expect(card.calls).toHaveLength(2);
    expect(card.text()).toContain('Ana Rep');
  });

  it('treats an unreachable Baton as an error, not an empty card', async () => {
    const card = renderCard({ [`GET ${CARD}`]: new Error('connect ECONNREFUSED') });
    await card.ready();
    expect(renderedText(card.find(ErrorState))).toContain('Baton could not be reached');
  });

  it.each([
    ['onTrack', 'on_track'],
    ['atRisk', 'at_risk'],
    ['breached', 'breached'],
    ['met', 'met'],
  ] as const)('renders the %s SLA clock as the view model states it', async (name, state) => {
    const view = CARD_VIEWS[name];
    expect(view.sla?.state).toBe(state);
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    expect(card.find(StatusTag).text).toBe(SLA_LABELS[state]);
    const sla = view.sla;
    if (!sla) throw new Error('the fixture has no SLA');
    expect(card.text()).toContain(sla.reason);
    expect(card.text()).toContain(`Target ${sla.targetLabel}`);
    // A running clock says how long is left and when it falls due; a stopped one says how it was met.
    const due = `${sla.remainingLabel} · due ${formatInstant(sla.dueAt)}`;
    if (state === 'met') expect(card.text()).not.toContain('due ');
    else expect(card.text()).toContain(due);
  });

  it('renders stage, owning function, holder, ladder and source exactly as the view model emits them', async () => {
    const view = CARD_VIEWS.onTrack;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    const text = card.text();
    expect(text).toContain(view.stage?.label ?? '?');
    expect(text).toContain(view.stage?.waitingLabel ?? '?');
    expect(text).toContain(view.owner.function?.label ?? '?');
    expect(text).toContain(view.owner.person?.name ?? '?');
    const steps = card.find(StepIndicator);
    expect(steps.props.stepNames).toEqual(view.ladder.map((s) => s.label));
    expect(steps.props.currentStep).toBe(view.ladder.findIndex((s) => s.status === 'current'));
    for (const step of view.ladder) {
      for (const owner of step.owners) expect(text).toContain(owner.label);
    }
    expect(text).toContain(view.source.originReason);
    for (const touch of [view.source.firstTouch, view.source.leadCreationTouch, view.source.latestTouch]) {
      expect(text).toContain(touch?.channelLabel ?? 'none recorded');
    }
  });

  it('shows times in the portal’s time zone', async () => {
    const view = CARD_VIEWS.onTrack;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) }, 'America/New_York');
    await card.ready();
    const due = view.sla?.dueAt ?? 0;
    expect(formatInstant(due, 'America/New_York')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} America\/New_York$/,
    );
    expect(card.text()).toContain(`due ${formatInstant(due, 'America/New_York')}`);
    expect(card.text()).not.toContain(' UTC');
  });

  it('shows the frozen verdict first, with each criterion and the value seen then', async () => {
    const view = CARD_VIEWS.onTrack;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    const judged = view.qualification.judgedBy;
    if (!judged) throw new Error('the fixture was not judged by a definition');
    expect(card.text()).toContain(view.qualification.summary);
    expect(card.text()).toContain(`${judged.definitionName} v${judged.definitionVersion}`);
    for (const c of judged.met) expect(card.text()).toContain(`✓ ${c.label}: ${c.observed}`);
    expect(card.maybeFind(Alert)).toBeNull();
  });

  it('adds today’s re-evaluation on its own line only when it differs', async () => {
    const view = CARD_VIEWS.qualifiedByDefinitionTodayDiffers;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    const today = card.find(Alert);
    expect(today.props.title).toBe('Today: Not qualified by Mid-market MQL v1');
    expect(renderedText(today)).toBe(view.qualification.today?.explanation);
  });

  it('says a lead qualified by the CRM alone was judged by no definition', async () => {
    const view = CARD_VIEWS.qualifiedByCrm;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    expect(view.qualification.basis).toBe('crm');
    expect(card.text()).toContain(view.qualification.summary);
    expect(card.text()).not.toContain('Judged by');
  });

  it('offers no action on a lead not handed off, and says why', async () => {
    const view = CARD_VIEWS.notQualified;
    const card = renderCard({ [`GET ${CARD}`]: ok(view) });
    await card.ready();
    expect(card.maybeFind(Button)).toBeNull();
    expect(card.text()).toContain(view.actions.reason);
    expect(card.text()).toContain(view.qualification.summary);
  });

  it('accepts: shows the new card at once and refreshes the record’s properties', async () => {
    const card = renderCard({
      [`GET ${CARD}`]: ok(CARD_VIEWS.onTrack),
      [`POST ${CARD}/accept`]: ok(CARD_VIEWS.met),
    });
    await card.ready();
    card.find(Button, { variant: 'primary' }).trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('Met'));
    const post = card.calls[1];
    expect(post?.method).toBe('POST');
    expect(String(post?.body?.requestId)).toMatch(/^[\w-]{8,}$/);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls[0]?.[0]).toEqual({ type: 'success', message: 'Lead accepted' });
    expect(card.text()).toContain(CARD_VIEWS.met.actions.reason);
  });

  it('rejects with the chosen reason code and feedback', async () => {
    const card = renderCard({
      [`GET ${CARD}`]: ok(CARD_VIEWS.onTrack),
      [`POST ${CARD}/reject`]: ok(CARD_VIEWS.rejected),
    });
    await card.ready();
    expect(card.find(Button, { variant: 'destructive' }).props.disabled).toBe(true);
    expect(card.find(Select).props.options.map((o) => o.value)).toEqual(
      CARD_VIEWS.onTrack.actions.rejectReasons.map((r) => r.key),
    );
    card.find(Select).trigger('onChange', 'no_budget' as never);
    card.find(TextArea).trigger('onChange', '  Budget frozen until Q3 ' as never);
    card.find(Button, { variant: 'destructive' }).trigger('onClick');
    await card.waitFor(() => expect(card.text()).toContain(CARD_VIEWS.rejected.actions.reason));
    expect(card.calls[1]?.body).toEqual({
      requestId: expect.any(String),
      reasonCode: 'no_budget',
      feedback: 'Budget frozen until Q3',
    });
  });

  it('shows a refused action’s reason and changes nothing', async () => {
    const card = renderCard({
      [`GET ${CARD}`]: ok(CARD_VIEWS.onTrack),
      [`POST ${CARD}/accept`]: {
        status: 403,
        body: { error: { message: '33 may not accept this lead: it takes the sales role' } },
      },
    });
    await card.ready();
    card.find(Button, { variant: 'primary' }).trigger('onClick');
    await card.waitFor(() => expect(card.find(Alert).props.title).toBe('Not done'));
    expect(renderedText(card.find(Alert))).toBe('33 may not accept this lead: it takes the sales role');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(0);
    expect(card.find(StatusTag).text).toBe('On track');
  });
});
