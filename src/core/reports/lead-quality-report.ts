import type { ReportContext, ReportLead } from './report-lead.ts';
import { countBy, monthOf, ratio } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

export type LeadStatus = 'open' | 'in_progress' | 'qualified' | 'unqualified';
export const LEAD_STATUSES: readonly LeadStatus[] = ['open', 'in_progress', 'qualified', 'unqualified'];

export interface LeadQualityReport {
  readonly leads: number;
  /** Leads marketing qualified (MQLs): the denominator of wastage and acceptance. */
  readonly qualified: number;
  readonly handedOff: number;
  readonly notHandedOff: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Handed off and neither accepted nor rejected yet. */
  readonly awaitingResponse: number;
  /** MQLs sales did not accept ÷ MQLs, handed off or not (DOMAIN §7). */
  readonly wastageRate: number | null;
  /** Accepted MQLs ÷ MQLs. */
  readonly acceptanceRate: number | null;
  /** Accepted ÷ handed off: how sales judged what reached it. */
  readonly acceptanceOfHandedOff: number | null;
  readonly rejectionReasons: readonly { readonly reasonCode: string; readonly rejections: number }[];
  readonly rejectionsByMonth: readonly {
    readonly month: string;
    readonly reasonCode: string;
    readonly rejections: number;
  }[];
  readonly rejectionsByDefinition: readonly {
    readonly definition: string;
    readonly reasonCode: string;
    readonly rejections: number;
  }[];
  readonly recycled: { readonly leads: number; readonly share: number | null; readonly recycles: number };
  readonly statusCounts: Readonly<Record<LeadStatus, number>>;
}

const has = (lead: ReportLead, event: keyof ReportLead['firstEvents']) =>
  lead.firstEvents[event] !== undefined;
const after = (lead: ReportLead, event: keyof ReportLead['lastEvents'], at: number | undefined) =>
  at !== undefined && (lead.lastEvents[event] ?? Number.NEGATIVE_INFINITY) >= at;

/**
 * Where a lead stands in the CRM's lead-status sense: unqualified once lost, disqualified or
 * rejected (until sales accepts it again); qualified once sales qualified it; in progress while
 * sales works it; open before anyone has.
 */
export function leadStatusOf(lead: ReportLead): LeadStatus {
  const lastRejection = lead.lastEvents.rejected;
  const rejectedStill = lastRejection !== undefined && !after(lead, 'accepted', lastRejection);
  if (has(lead, 'lost') || has(lead, 'disqualified') || rejectedStill) return 'unqualified';
  if (has(lead, 'sales_qualified') || has(lead, 'opportunity') || has(lead, 'won')) return 'qualified';
  if (has(lead, 'accepted') || has(lead, 'first_contact_attempt') || has(lead, 'first_contact')) {
    return 'in_progress';
  }
  return 'open';
}

const reasonOf = (code: string | null) => code ?? 'unspecified';

function countPairs<K extends string>(pairs: readonly [string, string][], first: K) {
  return countBy(pairs, ([a, b]) => `${a}\u0000${b}`).map(({ key, count }) => {
    const [a = '', b = ''] = key.split('\u0000');
    return { [first]: a, reasonCode: b, rejections: count } as Record<K, string> & {
      reasonCode: string;
      rejections: number;
    };
  });
}

/** Wastage, acceptance, rejection reasons over time and per definition version, recycling, statuses. */
export function buildLeadQuality(leads: readonly ReportLead[], context: ReportContext): LeadQualityReport {
  const qualified = leads.filter((l) => has(l, 'qualified'));
  const handedOff = qualified.filter((l) => has(l, 'handed_off'));
  const accepted = qualified.filter((l) => has(l, 'accepted'));
  const rejected = qualified.filter((l) => has(l, 'rejected'));
  const awaiting = handedOff.filter((l) => !has(l, 'accepted') && !has(l, 'rejected'));
  const rejections = leads.flatMap((l) => l.rejections);
  const recycledLeads = leads.filter((l) => (l.eventCounts.recycled ?? 0) > 0);
  const statusCounts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const lead of leads) statusCounts[leadStatusOf(lead)] += 1;
  const timeZone = context.model.calendar.timeZone;
  return {
    leads: leads.length,
    qualified: qualified.length,
    handedOff: handedOff.length,
    notHandedOff: qualified.length - handedOff.length,
    accepted: accepted.length,
    rejected: rejected.length,
    awaitingResponse: awaiting.length,
    wastageRate: ratio(qualified.length - accepted.length, qualified.length),
    acceptanceRate: ratio(accepted.length, qualified.length),
    acceptanceOfHandedOff: ratio(handedOff.filter((l) => has(l, 'accepted')).length, handedOff.length),
    rejectionReasons: countBy(rejections, (r) => reasonOf(r.reasonCode)).map(({ key, count }) => ({
      reasonCode: key,
      rejections: count,
    })),
    rejectionsByMonth: countPairs(
      rejections.map((r) => [monthOf(r.at, timeZone), reasonOf(r.reasonCode)]),
      'month',
    ).sort((a, b) => a.month.localeCompare(b.month) || b.rejections - a.rejections),
    rejectionsByDefinition: countPairs(
      rejections.map((r) => [r.definition ?? 'none', reasonOf(r.reasonCode)]),
      'definition',
    ).sort((a, b) => a.definition.localeCompare(b.definition) || b.rejections - a.rejections),
    recycled: {
      leads: recycledLeads.length,
      share: ratio(recycledLeads.length, leads.length),
      recycles: recycledLeads.reduce((sum, l) => sum + (l.eventCounts.recycled ?? 0), 0),
    },
    statusCounts,
  };
}

export function leadQualityTables(report: LeadQualityReport): ReportTable[] {
  const summary: [string, number | null][] = [
    ['leads', report.leads],
    ['qualified', report.qualified],
    ['handed_off', report.handedOff],
    ['not_handed_off', report.notHandedOff],
    ['accepted', report.accepted],
    ['rejected', report.rejected],
    ['awaiting_response', report.awaitingResponse],
    ['wastage_rate', report.wastageRate],
    ['acceptance_rate', report.acceptanceRate],
    ['acceptance_of_handed_off', report.acceptanceOfHandedOff],
    ['recycled_leads', report.recycled.leads],
    ['recycled_share', report.recycled.share],
    ['recycles', report.recycled.recycles],
    ...LEAD_STATUSES.map((s): [string, number] => [`status_${s}`, report.statusCounts[s]]),
  ];
  return [
    table('summary', summary, [
      ['measure', ([m]) => m],
      ['value', ([, v]) => v],
    ]),
    table('rejection_reasons', report.rejectionReasons, [
      ['reason_code', (r) => r.reasonCode],
      ['rejections', (r) => r.rejections],
    ]),
    table('rejections_by_month', report.rejectionsByMonth, [
      ['month', (r) => r.month],
      ['reason_code', (r) => r.reasonCode],
      ['rejections', (r) => r.rejections],
    ]),
    table('rejections_by_definition', report.rejectionsByDefinition, [
      ['definition', (r) => r.definition],
      ['reason_code', (r) => r.reasonCode],
      ['rejections', (r) => r.rejections],
    ]),
  ];
}
