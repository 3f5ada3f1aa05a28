import { DAY_MS } from '../time.ts';
import type { ReportContext, ReportLead } from './report-lead.ts';
import { groupBy, yearMonthOf } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';
import type { WorkedSla } from './worked-sla.ts';

export type LeadCommitment = 'met' | 'breached' | 'pending';

export interface ReviewedLead {
  readonly recordId: string;
  readonly manager: string;
  readonly quarter: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly contactsInWindow: number;
  readonly businessCaseAt: string | null;
  readonly state: LeadCommitment;
}

export interface ManagerQuarter {
  readonly quarter: string;
  readonly manager: string;
  /** Leads handed to the manager that quarter. */
  readonly received: number;
  /** Of those, the ones sales accepted: the credible leads marketing owes. */
  readonly credible: number;
  readonly marketingMet: boolean;
  readonly salesMet: number;
  readonly salesBreached: number;
  readonly salesPending: number;
}

export interface QuarterReviewReport {
  readonly sla: WorkedSla;
  readonly managers: readonly ManagerQuarter[];
  readonly leads: readonly ReviewedLead[];
}

/** `2026-Q2` of an instant in the tenant's time zone. */
export function quarterOf(at: number, timeZone: string): string {
  const { year, month } = yearMonthOf(at, timeZone);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

function review(lead: ReportLead, sla: WorkedSla, now: number, timeZone: string): ReviewedLead | null {
  const receivedAt = lead.firstEvents.handed_off ?? lead.firstEvents.accepted;
  if (receivedAt === undefined) return null;
  const dueAt = receivedAt + sla.windowDays * DAY_MS;
  const contactsInWindow = lead.contacts.filter((at) => at >= receivedAt && at <= dueAt).length;
  const businessCase = lead.firstEvents[sla.businessCaseEvent];
  const caseInWindow = businessCase !== undefined && businessCase >= receivedAt && businessCase <= dueAt;
  const state: LeadCommitment =
    contactsInWindow >= 2 && caseInWindow ? 'met' : now > dueAt ? 'breached' : 'pending';
  return {
    recordId: lead.recordId,
    manager: lead.ownerPerson ?? 'none',
    quarter: quarterOf(receivedAt, timeZone),
    receivedAt: new Date(receivedAt).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
    contactsInWindow,
    businessCaseAt: businessCase === undefined ? null : new Date(businessCase).toISOString(),
    state,
  };
}

/** The quarter-end review: both sides of the worked SLA, per manager and quarter, and lead by lead. */
export function buildQuarterReview(
  leads: readonly ReportLead[],
  context: ReportContext,
): QuarterReviewReport {
  const sla = context.workedSla;
  const timeZone = context.model.calendar.timeZone;
  const reviewed = leads.flatMap((lead) => {
    const r = review(lead, sla, context.now, timeZone);
    return r ? [{ lead, r }] : [];
  });
  const groups = groupBy(reviewed, (item) => `${item.r.quarter}\u0000${item.r.manager}`);
  const managers = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, items]) => {
      const credible = items.filter(({ lead }) => lead.firstEvents.accepted !== undefined).length;
      const count = (state: LeadCommitment) => items.filter(({ r }) => r.state === state).length;
      return {
        quarter: items[0]?.r.quarter ?? '',
        manager: items[0]?.r.manager ?? '',
        received: items.length,
        credible,
        marketingMet: credible >= sla.creditableLeads,
        salesMet: count('met'),
        salesBreached: count('breached'),
        salesPending: count('pending'),
      };
    });
  return {
    sla,
    managers,
    leads: reviewed
      .map(({ r }) => r)
      .sort(
        (a, b) =>
          a.quarter.localeCompare(b.quarter) ||
          a.manager.localeCompare(b.manager) ||
          a.receivedAt.localeCompare(b.receivedAt),
      ),
  };
}

export function quarterReviewTables(report: QuarterReviewReport): ReportTable[] {
  return [
    table('managers', report.managers, [
      ['quarter', (m) => m.quarter],
      ['manager', (m) => m.manager],
      ['received', (m) => m.received],
      ['credible', (m) => m.credible],
      ['marketing_met', (m) => (m.marketingMet ? 'yes' : 'no')],
      ['sales_met', (m) => m.salesMet],
      ['sales_breached', (m) => m.salesBreached],
      ['sales_pending', (m) => m.salesPending],
    ]),
    table('leads', report.leads, [
      ['quarter', (l) => l.quarter],
      ['manager', (l) => l.manager],
      ['record_id', (l) => l.recordId],
      ['received_at', (l) => l.receivedAt],
      ['due_at', (l) => l.dueAt],
      ['contacts_in_window', (l) => l.contactsInWindow],
      ['business_case_at', (l) => l.businessCaseAt],
      ['state', (l) => l.state],
    ]),
  ];
}
