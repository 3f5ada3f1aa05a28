import { BarChart, Select, Table, TableRow } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { cardApi } from '../../../extensions/hubspot/src/app/cards/baton-api.ts';
import { formatInstant, sharePercent } from '../../../extensions/hubspot/src/app/cards/card-format.ts';
import { TabCard } from '../../../extensions/hubspot/src/app/cards/tab-card.tsx';
import { CARD_VIEWS } from '../../fixtures/card-views.ts';
import { fakeHubSpotFetch } from './fake-hubspot-fetch.ts';
import { renderedText } from './rendered-text.ts';

const CARD = '/api/hubspot/cards/contacts/501';

async function renderTab(view: (typeof CARD_VIEWS)[keyof typeof CARD_VIEWS]) {
  const { fetcher } = fakeHubSpotFetch({ [`GET ${CARD}`]: { status: 200, body: view } });
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<TabCard recordId="501" api={cardApi(fetcher)} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(Table)).not.toBeNull());
  return { ...renderer, text: () => renderedText(renderer.getRootNode()) };
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
});
