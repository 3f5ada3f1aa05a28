import { BarChart, Divider, Flex, Heading, Select, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardApi, FieldNotesApi } from './baton-api.ts';
import { sharePercent } from './card-format.ts';
import { CardState } from './card-states.tsx';
import type { CardViewModel } from './card-view.ts';
import { FieldNotesSection } from './field-notes.tsx';
import { useFormatInstant } from './portal-time-zone.ts';
import { TextTable } from './text-table.tsx';
import { useCardView } from './use-card-view.ts';
import { Criteria } from './verdict-section.tsx';

/** Every hand-off move: when, what, who, into which stage and function, why, and the wait before it. */
function Timeline({ view }: { readonly view: CardViewModel }) {
  const formatInstant = useFormatInstant();
  if (view.timeline.length === 0) return <Text>No hand-off has happened yet.</Text>;
  // Oldest first, as a story reads; the view model lists newest first.
  const ordered = view.timeline.toReversed();
  return (
    <TextTable
      headers={['When', 'Move', 'Who', 'To', 'Reason', 'Waited']}
      rows={ordered.map((item) => ({
        key: `${item.at}:${item.event}`,
        cells: [
          formatInstant(item.at),
          item.label,
          item.actor ?? item.ownerPerson ?? '–',
          [item.stage, item.ownerFunction].filter(Boolean).join(' · ') || '–',
          [item.reasonLabel ?? item.reasonCode, item.feedback].filter(Boolean).join(': ') || '–',
          item.waitedLabel ?? '–',
        ],
      }))}
    />
  );
}

/** Credit by channel under the model the user picks, as a table and a bar chart. */
function Attribution({ view }: { readonly view: CardViewModel }) {
  const [model, setModel] = useState(view.attribution[0]?.model ?? '');
  const chosen = view.attribution.find((a) => a.model === model) ?? view.attribution[0];
  if (!chosen) return <Text>No touches recorded.</Text>;
  const rows = chosen.byChannel.map((c) => ({ channel: c.label, share: Math.round(c.share * 1000) / 10 }));
  return (
    <Flex direction="column" gap="sm">
      <Select
        label="Attribution model"
        name="attributionModel"
        value={chosen.model}
        options={view.attribution.map((a) => ({ label: a.label, value: a.model }))}
        onChange={(value) => setModel(String(value))}
      />
      <Text variant="microcopy">{chosen.explanation}</Text>
      <TextTable
        headers={['Channel', 'Credit']}
        rows={chosen.byChannel.map((c) => ({ key: c.channel, cells: [c.label, sharePercent(c.share)] }))}
      />
      {rows.length > 0 && (
        <BarChart
          data={rows}
          axes={{
            x: { field: 'channel', fieldType: 'category', label: 'Channel' },
            y: { field: 'share', fieldType: 'linear', label: 'Credit (%)' },
          }}
        />
      )}
    </Flex>
  );
}

/** Feedback marketing received from sales on this lead: rejections and acceptances, with their reasons. */
function Feedback({ view }: { readonly view: CardViewModel }) {
  const formatInstant = useFormatInstant();
  const answers = view.timeline.filter((t) => t.event === 'accepted' || t.event === 'rejected');
  if (answers.length === 0) return <Text>Sales has not answered this hand-off yet.</Text>;
  return (
    <Flex direction="column" gap="xs">
      {answers.map((t) => (
        <Text key={`${t.at}:${t.event}`}>
          {formatInstant(t.at)} · {t.label}
          {t.actor ? ` (user ${t.actor})` : ''}
          {t.reasonLabel ? ` · ${t.reasonLabel}` : ''}
          {t.feedback ? `: “${t.feedback}”` : ''}
        </Text>
      ))}
    </Flex>
  );
}

/** Per stage, what marketing supplies sales with there (the model's, editable in settings). */
function MarketingSupplies({ view }: { readonly view: CardViewModel }) {
  const stages = view.ladder.filter((s) => s.marketingSupplies.length > 0);
  if (stages.length === 0) return <Text>The funnel model names nothing marketing supplies per stage.</Text>;
  return (
    <TextTable
      headers={['Stage', 'Marketing supplies']}
      rows={stages.map((s) => ({
        key: s.key,
        cells: [`${s.label}${s.status === 'current' ? ' (now)' : ''}`, s.marketingSupplies.join('; ')],
      }))}
    />
  );
}

export function TabView({ view, notes }: { readonly view: CardViewModel; readonly notes: FieldNotesApi }) {
  const verdict = view.qualification.judgedBy ?? view.qualification.today;
  return (
    <Flex direction="column" gap="md">
      <Heading>Hand-off timeline</Heading>
      <Timeline view={view} />
      <Divider />
      <Heading>Attribution</Heading>
      <Attribution view={view} />
      <Divider />
      <Heading>Criteria</Heading>
      <Text>{view.qualification.summary}</Text>
      {verdict && <Criteria verdict={verdict} />}
      <Divider />
      <Heading>What marketing supplies</Heading>
      <MarketingSupplies view={view} />
      <Divider />
      <Heading>Feedback to marketing</Heading>
      <Feedback view={view} />
      <Divider />
      <Heading>Field intelligence</Heading>
      <FieldNotesSection recordId={view.recordId} api={notes} />
    </Flex>
  );
}

/** The contact tab: the full hand-off timeline, attribution under each model, criteria, what marketing supplies, and feedback both ways. */
export function TabCard({
  recordId,
  api,
  notes,
}: {
  readonly recordId: string;
  readonly api: CardApi;
  readonly notes: FieldNotesApi;
}) {
  const { load, reload } = useCardView(api, recordId);
  if (load.status !== 'ready') return <CardState load={load} onRetry={() => void reload()} />;
  return <TabView view={load.view} notes={notes} />;
}
