import {
  BarChart,
  Button,
  Input,
  Select,
  StatusTag,
  Table,
  TableRow,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { cardApi, fieldNotesApi } from '../../../extensions/hubspot/src/app/cards/baton-api.ts';
import { formatInstant, sharePercent } from '../../../extensions/hubspot/src/app/cards/card-format.ts';
import { TabCard } from '../../../extensions/hubspot/src/app/cards/tab-card.tsx';
import { CARD_VIEWS } from '../../fixtures/card-views.ts';
import { fakeHubSpotFetch } from './fake-hubspot-fetch.ts';
import { renderedText } from './rendered-text.ts';

const CARD = '/api/hubspot/cards/contacts/501';

const NOTES = `${CARD}/field-notes`;
const note = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  recordId: '501',
  author: '11',
  body: `note ${id}`,
  createdAt: Date.parse('2026-03-02T12:00:00Z'),
  status: 'open',
  answeredBy: null,
  answer: null,
  answeredAt: null,
  ...extra,
});
const thread = (notes: unknown[], canAnswer = false) => ({
  status: 200,
  body: { notes, canSend: true, canAnswer },
});

async function renderTab(
  view: (typeof CARD_VIEWS)[keyof typeof CARD_VIEWS],
  script: Parameters<typeof fakeHubSpotFetch>[0] = { [`GET ${NOTES}`]: thread([]) },
) {
  const fake = fakeHubSpotFetch({ [`GET ${CARD}`]: { status: 200, body: view }, ...script });
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<TabCard recordId="501" api={cardApi(fake.fetcher)} notes={fieldNotesApi(fake.fetcher)} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(Table)).not.toBeNull());
  return { ...renderer, calls: fake.calls, text: () => renderedText(renderer.getRootNode()) };
}

describe('the contact tab card', () => {
  it('lists every hand-off move oldest first: when, what, who, where to, why, and the wait before it', async () => {
    const view = CARD_VIEWS.rejected;
    const tab = await renderTab(view);
    const [timeline] = tab.findAll(Table);
    if (!timeline) throw new Error('no timeline');
    const rows = timeline
      .findAll(TableRow)
      .slice(1)
      .map((r) => renderedText(r).split('\n'));
    expect(rows).toEqual(
      view.timeline
        .toReversed()
        .map((t) => [
          formatInstant(t.at),
          t.label,
          t.actor ?? t.ownerPerson ?? '–',
          [t.stage, t.ownerFunction].filter(Boolean).join(' · ') || '–',
          [t.reasonLabel ?? t.reasonCode, t.feedback].filter(Boolean).join(': ') || '–',
          t.waitedLabel ?? '–',
        ]),
    );
    expect(rows.at(-1)).toContain('No budget: Budget frozen until Q3');
  });

  it('shows attribution under the model the user picks, as a table and a bar chart', async () => {
    const view = CARD_VIEWS.onTrack;
    const tab = await renderTab(view);
    const models = tab.find(Select, { name: 'attributionModel' });
    expect(models.props.options.map((o) => o.value)).toEqual(view.attribution.map((a) => a.model));
    const second = view.attribution[1];
    if (!second) throw new Error('the fixture shows one model only');
    models.trigger('onChange', second.model as never);
    await tab.waitFor(() =>
      expect(tab.find(Select, { name: 'attributionModel' }).props.value).toBe(second.model),
    );
    expect(tab.text()).toContain(second.explanation);
    for (const c of second.byChannel) expect(tab.text()).toContain(`${c.label}\n${sharePercent(c.share)}`);
    expect(tab.find(BarChart).props.data).toEqual(
      second.byChannel.map((c) => ({ channel: c.label, share: Math.round(c.share * 1000) / 10 })),
    );
  });

  it('details the criteria the lead was judged by', async () => {
    const view = CARD_VIEWS.onTrack;
    const tab = await renderTab(view);
    for (const c of view.qualification.judgedBy?.met ?? [])
      expect(tab.text()).toContain(`✓ ${c.label}: ${c.observed}`);
  });

  it('shows per stage what marketing supplies there, marking the current one', async () => {
    const view = CARD_VIEWS.onTrack;
    const tab = await renderTab(view);
    const supplied = view.ladder.filter((s) => s.marketingSupplies.length > 0);
    expect(supplied.map((s) => s.key)).toEqual(['inquiry', 'mql', 'sal', 'sql', 'opportunity']);
    const [, , supplies] = tab.findAll(Table);
    if (!supplies) throw new Error('no supplies table');
    const rows = supplies
      .findAll(TableRow)
      .slice(1)
      .map((r) => renderedText(r).split('\n'));
    expect(rows).toEqual(
      supplied.map((s) => [
        `${s.label}${s.status === 'current' ? ' (now)' : ''}`,
        s.marketingSupplies.join('; '),
      ]),
    );
    expect(rows.find((r) => r[0] === 'MQL (now)')?.[1]).toContain('Shared lead and opportunity standards');
  });

  it('shows marketing the feedback sales gave, or that sales has not answered yet', async () => {
    const answered = await renderTab(CARD_VIEWS.rejected);
    expect(answered.text()).toContain('Rejected by sales (user 22) · No budget: “Budget frozen until Q3”');
    const waiting = await renderTab(CARD_VIEWS.onTrack);
    expect(waiting.text()).toContain('Sales has not answered this hand-off yet.');
  });

  it('carries the field intelligence thread: the rep sends, marketing answers acted on or declined, with a reason', async () => {
    const declined = note('n1', {
      status: 'declined',
      answeredBy: '55',
      answer: 'Already on the Q3 plan',
      answeredAt: 1,
    });
    const tab = await renderTab(CARD_VIEWS.onTrack, {
      [`GET ${NOTES}`]: thread([declined], true),
      [`POST ${NOTES}`]: thread([note('n2', { body: 'A rival is undercutting us by 20%' }), declined], true),
      [`POST ${NOTES}/n2/answer`]: thread(
        [
          note('n2', {
            body: 'A rival is undercutting us by 20%',
            status: 'acted_on',
            answeredBy: '55',
            answer: 'Pricing sheet updated',
          }),
          declined,
        ],
        true,
      ),
    });
    await tab.waitFor(() => expect(tab.text()).toContain('Marketing (user 55): Already on the Q3 plan'));
    expect(tab.find(StatusTag, (t) => t.text === 'Declined')).toBeTruthy();

    tab
      .find(TextArea, { name: 'fieldNote' })
      .trigger('onChange', ' A rival is undercutting us by 20% ' as never);
    tab.find(Button, (b) => b.text === 'Send to marketing').trigger('onClick');
    await tab.waitFor(() => expect(tab.text()).toContain('Waiting for marketing'));
    const sent = tab.calls.find((c) => c.method === 'POST' && c.url.endsWith('/field-notes'));
    expect(sent?.body).toEqual({ requestId: expect.any(String), body: 'A rival is undercutting us by 20%' });
    expect(tab.find(TextArea, { name: 'fieldNote' }).props.value).toBe('');

    tab.find(Input, { name: 'answer' }).trigger('onChange', 'Pricing sheet updated' as never);
    tab.find(Button, (b) => b.text === 'Answer').trigger('onClick');
    await tab.waitFor(() => expect(tab.text()).toContain('Marketing (user 55): Pricing sheet updated'));
    expect(tab.calls.at(-1)?.body).toEqual({ status: 'acted_on', answer: 'Pricing sheet updated' });
    expect(tab.maybeFind(Button, (b) => b.text === 'Answer')).toBeNull();
  });

  it('offers a rep no answer form, and shows a refused note’s reason', async () => {
    const tab = await renderTab(CARD_VIEWS.onTrack, {
      [`GET ${NOTES}`]: thread([note('n3')]),
      [`POST ${NOTES}`]: {
        status: 403,
        body: { error: { message: '33 neither holds this lead nor has the sales role' } },
      },
    });
    await tab.waitFor(() => expect(tab.text()).toContain('note n3'));
    expect(tab.maybeFind(Button, (b) => b.text === 'Answer')).toBeNull();
    tab.find(TextArea, { name: 'fieldNote' }).trigger('onChange', 'hello' as never);
    tab.find(Button, (b) => b.text === 'Send to marketing').trigger('onClick');
    await tab.waitFor(() =>
      expect(tab.text()).toContain('33 neither holds this lead nor has the sales role'),
    );
  });
});
