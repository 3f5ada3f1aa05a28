import type { CardCriterion, CardTouch, CardVerdict, CardView } from '../../core/card/card-view.ts';
import type { Waterfall } from '../../core/metrics/waterfall.ts';
import type { DemoResult } from './run-demo.ts';

export const WATERFALL_HEADER = 'Funnel waterfall';

const count = (n: number) => n.toLocaleString('en-US');
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
const day = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d,.%—-]*$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatSummary(result: DemoResult): string[] {
  const { scenario, traffic, inbox } = result;
  const ratio = traffic.callsPer100Changes;
  return [
    'Summary',
    `  contacts               ${count(scenario.contacts)} people (+${scenario.duplicates} duplicates), owners: ${scenario.owners.marketing} marketing, ${scenario.owners.sales} sales; ${count(result.contactsInPortal)} in the portal at the end`,
    `  portal changes         ${count(traffic.portalChanges)} replayed in ${(result.replayMs / 1000).toFixed(1)} s`,
    `  webhooks delivered     ${count(traffic.webhooksDelivered)} events`,
    `  inbox items processed  ${count(inbox.done)} (${inbox.dead} dead-lettered)`,
    `  Baton write-backs      ${count(traffic.batonWrites)} contact updates in HubSpot`,
    '  HubSpot API calls',
    ...formatTable(
      ['endpoint', 'calls'],
      Object.entries(traffic.callsByEndpoint).map(([endpoint, calls]) => [endpoint, count(calls)]),
    ).map((l) => `    ${l}`),
    `  calls per 100 changed records  ${ratio === null ? '—' : ratio.toFixed(1)} (contact reads + writes per 100 portal changes)`,
    `    at ${count(Math.round((traffic.portalChanges * 1000) / Math.max(1, result.replayMs)))} changes/s a call waits at most 0.5 s to fill, then leaves part full;`,
    '    full calls make 2 per 100, as `npm run bench` measures at 1,000 events/s',
    `  total time             ${(result.elapsedMs / 1000).toFixed(1)} s`,
  ];
}

export function formatWaterfall(waterfall: Waterfall): string[] {
  const { handoffs } = waterfall;
  return [
    WATERFALL_HEADER,
    ...formatTable(
      ['stage', 'owner', 'count', 'conversion'],
      waterfall.steps.map((s) => [s.label, s.owner, count(s.reached), percent(s.conversionFromPrevious)]),
    ).map((l) => `  ${l}`),
    `  hand-offs: ${handoffs.handedOff} handed off, ${handoffs.accepted} accepted, ${handoffs.rejected} rejected` +
      ` (acceptance ${percent(handoffs.acceptanceRate)}, wastage ${percent(handoffs.wastageRate)})`,
    ...(waterfall.rejectionReasons.length === 0
      ? []
      : [
          `  rejected because: ${waterfall.rejectionReasons.map((r) => `${r.reasonCode} ${r.records}`).join(', ')}`,
        ]),
  ];
}

function criterion(mark: string, c: CardCriterion): string {
  return `      ${mark} ${c.label} (${c.property} = ${c.observed ?? 'empty'})`;
}

function touch(label: string, t: CardTouch | null): string[] {
  if (!t) return [];
  const detail = [t.sourceDetail, t.campaign].filter(Boolean).join(', ');
  return [`    ${label.padEnd(14)} ${t.channelLabel}${detail ? ` (${detail})` : ''}, ${day(t.at)}`];
}

function verdictLines(title: string, v: CardVerdict): string[] {
  return [
    `    ${title}: ${v.verdict} under ${v.definitionName ?? v.definitionKey} v${v.definitionVersion}`,
    `      fit ${v.fitScore}/${v.fitThreshold ?? '—'}, engagement ${v.engagementScore}/${v.engagementThreshold ?? '—'}`,
    `      ${v.explanation}`,
    ...v.met.map((c) => criterion('met   ', c)),
    ...v.missed.map((c) => criterion('missed', c)),
    ...v.disqualifiedBy.map((c) => criterion('disqualified by', c)),
  ];
}

export function formatCard(card: CardView | null): string[] {
  if (!card) return ['Card view', '  no lead was handed off and accepted in this scenario'];
  const { stage, owner, sla, qualification: q, source } = card;
  const holder = owner.person ? `${owner.person.name ?? 'unknown'} (owner ${owner.person.id})` : 'nobody';
  return [
    `Card view of contact ${card.recordId} (handed off to sales and accepted)`,
    `  stage          ${stage ? `${stage.label}, entered ${day(stage.enteredAt)} UTC` : 'not in the funnel'}`,
    `  owner function ${owner.function?.label ?? 'none'}`,
    `  held by        ${holder}`,
    `  waited         ${stage?.waitingLabel ?? '—'}`,
    `  SLA            ${sla ? `${sla.state} (target ${sla.targetLabel}): ${sla.reason}` : 'no SLA on this stage'}`,
    `  qualification  ${q.summary}`,
    ...(q.judgedBy ? verdictLines('judged by', q.judgedBy) : []),
    ...(q.today ? verdictLines('today', q.today) : []),
    `  attribution    ${source.origin}-sourced (${source.originReason}); ${source.touchCount} touches`,
    ...touch('first touch', source.firstTouch),
    ...touch('lead creation', source.leadCreationTouch),
    ...touch('latest touch', source.latestTouch),
    ...card.attribution.map(
      (a) =>
        `    ${a.model.padEnd(14)} ${a.byChannel.map((c) => `${c.label} ${percent(c.share)}`).join(', ')}` +
        (a.pending > 0 ? `; ${percent(a.pending)} pending` : ''),
    ),
    '  timeline',
    ...[...card.timeline]
      .reverse()
      .map(
        (t) =>
          `    ${day(t.at)}  ${t.label}${t.ownerFunction ? ` → ${t.ownerFunction}` : ''}${t.reasonLabel ? ` (${t.reasonLabel})` : ''}`,
      ),
  ];
}

export function formatDemoReport(result: DemoResult): string {
  return [
    ...formatSummary(result),
    '',
    ...formatWaterfall(result.waterfall),
    '',
    ...formatCard(result.card),
  ].join('\n');
}
