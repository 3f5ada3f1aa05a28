import type { HandoffEventType } from '../journey/ledger-entry.ts';
import { MINUTE_MS } from '../time.ts';
import type { ReportContext, ReportLead } from './report-lead.ts';
import { groupBy as groupLeads, minutes, nearestRank } from './report-math.ts';
import { type ReportTable, table } from './report-table.ts';

/** The response-time bands of the lead-response research (DOMAIN §5), in minutes: [0,5) [5,15) [15,60) [60,∞). */
export const RESPONSE_BANDS = [
  { key: '0-5', below: 5 },
  { key: '5-15', below: 15 },
  { key: '15-60', below: 60 },
  { key: '60+', below: Number.POSITIVE_INFINITY },
] as const;
export type ResponseBand = (typeof RESPONSE_BANDS)[number]['key'];

/** A hand-off and the answer that stops its clock. */
export const HANDOFF_RESPONSES = {
  /** Sales accepts or rejects what marketing handed off. */
  acceptance: { from: ['handed_off'], to: ['accepted', 'rejected'] },
  /** Sales first tries to reach the lead it accepted (or was handed). */
  first_contact: { from: ['accepted', 'handed_off'], to: ['first_contact_attempt', 'first_contact'] },
} as const satisfies Record<string, { from: readonly HandoffEventType[]; to: readonly HandoffEventType[] }>;
export type HandoffResponse = keyof typeof HANDOFF_RESPONSES;

export interface ResponseRow {
  readonly handoff: HandoffResponse;
  readonly groupBy: 'all' | 'owner' | 'team';
  readonly group: string;
  readonly handoffs: number;
  readonly responded: number;
  readonly awaiting: number;
  readonly p50Minutes: number | null;
  readonly p95Minutes: number | null;
  readonly bands: Readonly<Record<ResponseBand, number>>;
}

export interface SlaComplianceReport {
  readonly rows: readonly ResponseRow[];
}

/** When the hand-off started and, if answered, how long the answer took; null when it never started. */
function responseOf(lead: ReportLead, handoff: HandoffResponse): { waitedMs: number | null } | null {
  const { from, to } = HANDOFF_RESPONSES[handoff];
  const start = from.map((e) => lead.firstEvents[e]).find((at) => at !== undefined);
  if (start === undefined) return null;
  const answers = to
    .map((e) => lead.firstEvents[e])
    .filter((at): at is number => at !== undefined && at >= start);
  return { waitedMs: answers.length === 0 ? null : Math.min(...answers) - start };
}

function rowOf(
  handoff: HandoffResponse,
  groupBy: ResponseRow['groupBy'],
  group: string,
  waits: readonly (number | null)[],
): ResponseRow {
  const answered = waits.filter((w): w is number => w !== null);
  const bands = Object.fromEntries(RESPONSE_BANDS.map((b) => [b.key, 0])) as Record<ResponseBand, number>;
  for (const waited of answered) {
    const band = RESPONSE_BANDS.find((b) => waited < b.below * MINUTE_MS) ?? RESPONSE_BANDS[3];
    bands[band.key] += 1;
  }
  return {
    handoff,
    groupBy,
    group,
    handoffs: waits.length,
    responded: answered.length,
    awaiting: waits.length - answered.length,
    p50Minutes: minutes(nearestRank(answered, 50)),
    p95Minutes: minutes(nearestRank(answered, 95)),
    bands,
  };
}

/**
 * Response time per hand-off, P50/P95 and the 0–5 / 5–15 / 15–60 / 60+ minute bands, for all
 * leads, per owner and per team. Calendar minutes: the bands are the research's, measured on the
 * clock a lead waits by; the SLA clocks on the card are the ones counting business hours.
 */
export function buildSlaCompliance(
  leads: readonly ReportLead[],
  _context: ReportContext,
): SlaComplianceReport {
  const rows: ResponseRow[] = [];
  for (const handoff of Object.keys(HANDOFF_RESPONSES) as HandoffResponse[]) {
    const started = leads.flatMap((lead) => {
      const response = responseOf(lead, handoff);
      return response ? [{ lead, waitedMs: response.waitedMs }] : [];
    });
    rows.push(
      rowOf(
        handoff,
        'all',
        'all',
        started.map((s) => s.waitedMs),
      ),
    );
    for (const groupBy of ['owner', 'team'] as const) {
      const groups = groupLeads(
        started,
        ({ lead }) => (groupBy === 'owner' ? lead.ownerPerson : lead.team) ?? 'none',
      );
      for (const [group, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        rows.push(
          rowOf(
            handoff,
            groupBy,
            group,
            items.map((i) => i.waitedMs),
          ),
        );
      }
    }
  }
  return { rows };
}

export function slaComplianceTables(report: SlaComplianceReport): ReportTable[] {
  return [
    table('responses', report.rows, [
      ['handoff', (r) => r.handoff],
      ['group_by', (r) => r.groupBy],
      ['group', (r) => r.group],
      ['handoffs', (r) => r.handoffs],
      ['responded', (r) => r.responded],
      ['awaiting', (r) => r.awaiting],
      ['p50_minutes', (r) => r.p50Minutes],
      ['p95_minutes', (r) => r.p95Minutes],
      ...RESPONSE_BANDS.map((b) => [`band_${b.key}`, (r: ResponseRow) => r.bands[b.key]] as const),
    ]),
  ];
}
