import {
  formatInstant,
  SLA_LABELS,
  sharePercent,
  touchLine,
} from '../../../extensions/hubspot/src/app/cards/card-format.ts';
import type { CardCriterion, CardVerdict, CardView } from '../../core/card/card-view.ts';
import type { LeadQualityReport } from '../../core/reports/lead-quality-report.ts';
import type { WaterfallReport } from '../../core/reports/waterfall-report.ts';
import type { DemoResult } from './run-demo.ts';

export const WATERFALL_HEADER = 'Funnel waterfall';

const count = (n: number) => n.toLocaleString('en-US');
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

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
    `  SLA breaches           ${count(result.sla.breaches)} recorded; ${count(result.sla.tasks)} HubSpot tasks for owners and their manager`,
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

/** How the demo names the CRM it ran against, in the lines it prints. */
export interface DemoCrmWords {
  /** How a report names the tenant, e.g. `hubspot:<portal id>`. */
  readonly tenantRef: string;
  /** The record card's title, e.g. `Sidebar card of contact`. */
  readonly cardOf: string;
  readonly cardShownBy: string;
}

export const HUBSPOT_WORDS: DemoCrmWords = {
  tenantRef: 'hubspot:<portal id>',
  cardOf: 'Sidebar card of contact',
  cardShownBy: 'the HubSpot card',
};

export function formatWaterfall(
  waterfall: WaterfallReport,
  quality: LeadQualityReport,
  words: DemoCrmWords = HUBSPOT_WORDS,
): string[] {
  return [
    WATERFALL_HEADER,
    ...formatTable(
      ['stage', 'owner', 'count', 'conversion', 'P50 in stage'],
      waterfall.stages.map((s) => [
        s.label,
        s.owner,
        count(s.reached),
        percent(s.conversionFromPrevious),
        s.timeInStage.p50Hours === null ? '—' : `${s.timeInStage.p50Hours} h`,
      ]),
    ).map((l) => `  ${l}`),
    `  MQLs: ${quality.qualified} qualified, ${quality.handedOff} handed off, ${quality.accepted} accepted, ${quality.rejected} rejected` +
      ` (acceptance ${percent(quality.acceptanceRate)}, wastage ${percent(quality.wastageRate)} of all MQLs)`,
    ...(quality.rejectionReasons.length === 0
      ? []
      : [
          `  rejected because: ${quality.rejectionReasons.map((r) => `${r.reasonCode} ${r.rejections}`).join(', ')}`,
        ]),
    `  every report: npm run baton -- report <name> --tenant ${words.tenantRef} (see the README)`,
  ];
}

function criterion(mark: string, c: CardCriterion): string {
  return `      ${mark} ${c.label}: ${c.observed ?? 'no value'}`;
}

function verdictLines(v: CardVerdict & { readonly frozenAt?: string }): string[] {
  const when = v.frozenAt === 'handed_off' ? 'at hand-off' : v.frozenAt ? 'at qualification' : 'today';
  return [
    `    Judged by    ${v.definitionName ?? v.definitionKey} v${v.definitionVersion}, ${when} ${formatInstant(v.evaluatedAt)}: ${v.verdict}`,
    `    Fit / engagement ${v.fitScore}${v.fitThreshold === null ? '' : ` of ${v.fitThreshold}`} / ${v.engagementScore}${v.engagementThreshold === null ? '' : ` of ${v.engagementThreshold}`}`,
    ...v.met.map((c) => criterion('✓', c)),
    ...v.missed.map((c) => criterion('✗', c)),
    ...v.disqualifiedBy.map((c) => criterion('⛔', c)),
  ];
}

/**
 * The accepted lead's cards, in the order and with the words Baton's HubSpot sidebar and tab
 * cards show them (the cards' own formatting helpers), from the same card view model.
 */
export function formatCard(card: CardView | null, words: DemoCrmWords = HUBSPOT_WORDS): string[] {
  if (!card) return [words.cardOf, '  no lead was handed off and accepted in this scenario'];
  const { stage, owner, sla, qualification: q, source } = card;
  const held = owner.person ? (owner.person.name ?? `Owner ${owner.person.id}`) : 'Nobody';
  const shares =
    owner.coOwners.length > 1
      ? ` (${owner.coOwners.map((o) => `${o.label} ${Math.round(o.weight * 100)}%`).join(', ')})`
      : '';
  return [
    `${words.cardOf} ${card.recordId}, a lead handed off to sales and accepted, as ${words.cardShownBy} shows it`,
    `  Stage        ${stage ? stage.label : 'Not in the funnel yet'}`,
    `  Owned by     ${owner.function?.label ?? 'No function'}${shares}`,
    `  Held by      ${held}`,
    `  Waiting      ${stage?.waitingLabel ?? '–'}`,
    ...(sla
      ? [
          sla.state === 'met' || sla.state === 'met_late'
            ? `  [${SLA_LABELS[sla.state]}] ${sla.reason}`
            : `  [${SLA_LABELS[sla.state]}] ${sla.remainingLabel} · due ${formatInstant(sla.dueAt)}: ${sla.reason}`,
          `  Target ${sla.targetLabel}`,
        ]
      : []),
    `  ${card.actions.canAccept || card.actions.canReject ? '[Accept] [Reject]' : card.actions.reason}`,
    '  Qualification',
    `    ${q.summary}`,
    ...(q.judgedBy ? verdictLines(q.judgedBy) : []),
    ...(q.today
      ? [
          `    Today: ${q.today.verdict} by ${q.today.definitionName ?? q.today.definitionKey} v${q.today.definitionVersion}: ${q.today.explanation}`,
        ]
      : []),
    '  Funnel',
    ...card.ladder.map(
      (s) =>
        `    ${s.status === 'current' ? '▶' : s.status === 'done' ? '✓' : ' '} ${s.label}: ${s.owners.map((o) => o.label).join(' + ')}` +
        `${s.isHandoff ? ' · hand-off' : ''}${s.timeInStageLabel ? ` · ${s.timeInStageLabel}` : ''}`,
    ),
    '  Source',
    `    ${source.origin}: ${source.originReason}`,
    `    First touch          ${touchLine(source.firstTouch)}`,
    `    Lead-creation touch  ${touchLine(source.leadCreationTouch)}`,
    `    Latest touch         ${touchLine(source.latestTouch)}`,
    '',
    'Tab card: hand-off timeline',
    ...card.timeline
      .toReversed()
      .map(
        (t) =>
          `  ${formatInstant(t.at)}  ${t.label}${t.ownerFunction ? ` → ${t.ownerFunction}` : ''}` +
          `${t.reasonLabel ? ` (${t.reasonLabel})` : ''}${t.waitedLabel ? `, after ${t.waitedLabel}` : ''}`,
      ),
    'Tab card: attribution',
    ...card.attribution.map(
      (a) =>
        `  ${a.label.padEnd(12)} ${a.byChannel.map((c) => `${c.label} ${sharePercent(c.share)}`).join(', ')}` +
        (a.pending > 0 ? `; ${percent(a.pending)} pending` : ''),
    ),
  ];
}

export function formatDemoReport(result: DemoResult): string {
  return [
    ...formatSummary(result),
    '',
    ...formatWaterfall(result.waterfall, result.quality),
    '',
    ...formatCard(result.card),
  ].join('\n');
}
