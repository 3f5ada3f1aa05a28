import { TOUCH_ORIGINS } from '../attribution/touch.ts';
import type { ReportContext, ReportLead } from './report-lead.ts';
import { countBy, type DurationStats, durationStats, monthOf, ratio } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

export interface LeadToCloseReport {
  readonly leads: number;
  readonly won: number;
  /** From the lead's creation (or Baton's first sight of it) to the win. */
  readonly leadToClose: DurationStats;
  readonly leadToCloseByOrigin: readonly ({ readonly origin: string } & DurationStats)[];
  readonly lost: number;
  readonly lostShare: number | null;
  readonly lostReasons: readonly { readonly reasonCode: string; readonly leads: number }[];
  /** The stage lost leads were in when lost. */
  readonly lostAtStage: readonly { readonly stage: string; readonly leads: number }[];
  readonly lostByMonth: readonly { readonly month: string; readonly leads: number }[];
}

const closeTime = (lead: ReportLead) => {
  const won = lead.firstEvents.won;
  return won === undefined ? null : won - (lead.firstEvents.created ?? lead.firstSeenAt);
};

/** Lead-to-close time and the leads that were lost: how many, why, where and when. */
export function buildLeadToClose(leads: readonly ReportLead[], context: ReportContext): LeadToCloseReport {
  const won = leads.filter((l) => closeTime(l) !== null);
  const lost = leads.filter((l) => l.firstEvents.lost !== undefined);
  const times = (of: readonly ReportLead[]) => of.flatMap((l) => [closeTime(l) ?? 0]);
  const timeZone = context.model.calendar.timeZone;
  return {
    leads: leads.length,
    won: won.length,
    leadToClose: durationStats(times(won)),
    leadToCloseByOrigin: TOUCH_ORIGINS.map((origin) => ({
      origin,
      ...durationStats(times(won.filter((l) => l.origin === origin))),
    })),
    lost: lost.length,
    lostShare: ratio(lost.length, leads.length),
    lostReasons: countBy(lost, (l) => l.lostReason ?? 'unspecified').map(({ key, count }) => ({
      reasonCode: key,
      leads: count,
    })),
    lostAtStage: countBy(lost, (l) => l.stage ?? 'none').map(({ key, count }) => ({
      stage: key,
      leads: count,
    })),
    lostByMonth: countBy(lost, (l) => monthOf(l.lastEvents.lost ?? 0, timeZone))
      .map(({ key, count }) => ({ month: key, leads: count }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}

export function leadToCloseTables(report: LeadToCloseReport): ReportTable[] {
  return [
    table(
      'lead_to_close',
      [{ origin: 'all', ...report.leadToClose }, ...report.leadToCloseByOrigin],
      [
        ['origin', (r) => r.origin],
        ['won', (r) => r.count],
        ['p50_hours', (r) => r.p50Hours],
        ['p95_hours', (r) => r.p95Hours],
      ],
    ),
    table('lost_reasons', report.lostReasons, [
      ['reason_code', (r) => r.reasonCode],
      ['leads', (r) => r.leads],
    ]),
    table('lost_at_stage', report.lostAtStage, [
      ['stage', (r) => r.stage],
      ['leads', (r) => r.leads],
    ]),
    table('lost_by_month', report.lostByMonth, [
      ['month', (r) => r.month],
      ['leads', (r) => r.leads],
    ]),
  ];
}
