import { ATTRIBUTION_MODELS, type AttributionModel } from '../attribution/attribution-result.ts';
import { isClosed, type ReportContext, type ReportLead } from './report-lead.ts';
import { countBy, ratio, round } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

export interface SourcePerformance {
  readonly groupBy: 'origin' | 'channel';
  readonly group: string;
  readonly leads: number;
  readonly qualified: number;
  readonly accepted: number;
  readonly won: number;
  /** Won ÷ leads. */
  readonly closeRate: number | null;
  readonly wonValue: number;
  /** Won value ÷ won leads that carry a value. */
  readonly averageDealSize: number | null;
  readonly openLeads: number;
  /** Open leads × close rate × average deal size: what the open leads of this source should bring. */
  readonly expectedRevenue: number | null;
}

export interface ModelCredit {
  readonly model: AttributionModel;
  readonly channel: string;
  /** Leads credited to the channel (shares summed). */
  readonly credit: number;
  readonly wonCredit: number;
  readonly wonValue: number;
}

export interface SourceReport {
  readonly performance: readonly SourcePerformance[];
  /** Every attribution model side by side: a simple model next to a fair one. */
  readonly attribution: readonly ModelCredit[];
  readonly customers: number;
  /** Share of customers who touched each piece of content before they ordered. */
  readonly contentBeforeOrder: readonly {
    readonly content: string;
    readonly customers: number;
    readonly share: number | null;
  }[];
}

const isWon = (l: ReportLead) => l.firstEvents.won !== undefined;

export function performanceOf(
  groupBy: SourcePerformance['groupBy'],
  group: string,
  leads: readonly ReportLead[],
): SourcePerformance {
  const won = leads.filter(isWon);
  const valued = won.filter((l) => l.value !== null);
  const wonValue = valued.reduce((sum, l) => sum + (l.value ?? 0), 0);
  const closeRate = ratio(won.length, leads.length);
  const averageDealSize = valued.length === 0 ? null : round(wonValue / valued.length, 2);
  const openLeads = leads.filter((l) => !isClosed(l)).length;
  return {
    groupBy,
    group,
    leads: leads.length,
    qualified: leads.filter((l) => l.firstEvents.qualified !== undefined).length,
    accepted: leads.filter((l) => l.firstEvents.accepted !== undefined).length,
    won: won.length,
    closeRate,
    wonValue,
    averageDealSize,
    openLeads,
    expectedRevenue:
      closeRate === null || averageDealSize === null
        ? null
        : round(openLeads * (won.length / leads.length) * averageDealSize, 2),
  };
}

export function performanceBy(
  groupBy: SourcePerformance['groupBy'],
  leads: readonly ReportLead[],
): SourcePerformance[] {
  const keyOf = (l: ReportLead) => (groupBy === 'origin' ? l.origin : (l.channel ?? 'none'));
  return countBy(leads, keyOf).map(({ key }) =>
    performanceOf(
      groupBy,
      key,
      leads.filter((l) => keyOf(l) === key),
    ),
  );
}

/** Marketing- versus sales-sourced results, expected revenue, every attribution model, and content before orders. */
export function buildSourceReport(leads: readonly ReportLead[], _context: ReportContext): SourceReport {
  const attribution: ModelCredit[] = [];
  for (const model of ATTRIBUTION_MODELS) {
    const byChannel = new Map<string, { credit: number; wonCredit: number; wonValue: number }>();
    for (const lead of leads) {
      for (const [channel, weight] of Object.entries(lead.credits[model] ?? {})) {
        const totals = byChannel.get(channel) ?? { credit: 0, wonCredit: 0, wonValue: 0 };
        totals.credit += weight;
        if (isWon(lead)) {
          totals.wonCredit += weight;
          totals.wonValue += weight * (lead.value ?? 0);
        }
        byChannel.set(channel, totals);
      }
    }
    for (const [channel, totals] of [...byChannel].sort(([a], [b]) => a.localeCompare(b))) {
      attribution.push({
        model,
        channel,
        credit: round(totals.credit, 4),
        wonCredit: round(totals.wonCredit, 4),
        wonValue: round(totals.wonValue, 2),
      });
    }
  }
  const customers = leads.filter(isWon);
  return {
    performance: [...performanceBy('origin', leads), ...performanceBy('channel', leads)],
    attribution,
    customers: customers.length,
    contentBeforeOrder: countBy(
      customers.flatMap((l) => l.contents),
      (content) => content,
    ).map(({ key, count }) => ({ content: key, customers: count, share: ratio(count, customers.length) })),
  };
}

export const performanceColumns = [
  ['group_by', (r: SourcePerformance) => r.groupBy],
  ['group', (r: SourcePerformance) => r.group],
  ['leads', (r: SourcePerformance) => r.leads],
  ['qualified', (r: SourcePerformance) => r.qualified],
  ['accepted', (r: SourcePerformance) => r.accepted],
  ['won', (r: SourcePerformance) => r.won],
  ['close_rate', (r: SourcePerformance) => r.closeRate],
  ['won_value', (r: SourcePerformance) => r.wonValue],
  ['average_deal_size', (r: SourcePerformance) => r.averageDealSize],
  ['open_leads', (r: SourcePerformance) => r.openLeads],
  ['expected_revenue', (r: SourcePerformance) => r.expectedRevenue],
] as const;

export function sourceTables(report: SourceReport): ReportTable[] {
  return [
    table('performance', report.performance, performanceColumns),
    table('attribution', report.attribution, [
      ['model', (r) => r.model],
      ['channel', (r) => r.channel],
      ['credit', (r) => r.credit],
      ['won_credit', (r) => r.wonCredit],
      ['won_value', (r) => r.wonValue],
    ]),
    table('content_before_order', report.contentBeforeOrder, [
      ['content', (r) => r.content],
      ['customers', (r) => r.customers],
      ['share', (r) => r.share],
    ]),
  ];
}
