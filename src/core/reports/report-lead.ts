import type { TouchOrigin } from '../attribution/touch.ts';
import type { FunnelModel } from '../funnel/funnel-model.ts';
import type { Instant } from '../time.ts';
import type { LeadFacts } from './lead-facts.ts';
import type { WorkedSla } from './worked-sla.ts';

/** A lead's facts with what its CRM record says now: the tenant's team, territory and value fields. */
export interface ReportLead extends LeadFacts {
  readonly team: string | null;
  readonly territory: string | null;
  /** Revenue the lead brought or stands for, from the tenant's value field. */
  readonly value: number | null;
  /** Fit score of the lead's latest verdict. */
  readonly fitScore: number | null;
}

/**
 * Which leads a report counts. The period selects a cohort, the leads Baton first saw in
 * [from, to), so every rate compares leads with their own later steps, never this month's
 * acceptances with last month's hand-offs.
 */
export interface ReportFilter {
  readonly from?: Instant;
  readonly to?: Instant;
  /** Channel of the touch that decided the lead's origin. */
  readonly source?: string;
  readonly origin?: TouchOrigin;
  /** The CRM owner holding the lead now. */
  readonly owner?: string;
  readonly team?: string;
  readonly territory?: string;
  /** `key@version`, or a bare version number of any definition. */
  readonly definition?: string;
}

export interface ReportContext {
  readonly model: FunnelModel;
  readonly now: Instant;
  /** Days in one stage after which an open lead counts as sleeping; a stage may set its own. */
  readonly sleeping: { readonly afterDays: number; readonly byStage: Readonly<Record<string, number>> };
  /** Most records a drill-down lists; the report says how many more there were. */
  readonly listLimit: number;
  readonly workedSla: WorkedSla;
}

function definitionMatches(definition: string | null, wanted: string): boolean {
  if (definition === null) return false;
  return wanted.includes('@') ? definition === wanted : definition.endsWith(`@${wanted}`);
}

export function filterLeads(leads: readonly ReportLead[], filter: ReportFilter): ReportLead[] {
  return leads.filter(
    (lead) =>
      (filter.from === undefined || lead.firstSeenAt >= filter.from) &&
      (filter.to === undefined || lead.firstSeenAt < filter.to) &&
      (filter.source === undefined || lead.channel === filter.source) &&
      (filter.origin === undefined || lead.origin === filter.origin) &&
      (filter.owner === undefined || lead.ownerPerson === filter.owner) &&
      (filter.team === undefined || lead.team === filter.team) &&
      (filter.territory === undefined || lead.territory === filter.territory) &&
      (filter.definition === undefined || definitionMatches(lead.definition, filter.definition)),
  );
}

/** Won, lost or disqualified since it entered its current stage: no longer open pipeline. */
export function isClosed(lead: ReportLead): boolean {
  const since = lead.stageEnteredAt ?? Number.NEGATIVE_INFINITY;
  return (['won', 'lost', 'disqualified'] as const).some((e) => (lead.lastEvents[e] ?? -Infinity) >= since);
}

/** Index of the furthest model stage the lead ever entered, or -1. */
export function furthestStageIndex(model: FunnelModel, lead: ReportLead): number {
  let furthest = -1;
  model.stages.forEach((stage, index) => {
    if (lead.stageFirstEntered[stage.key] !== undefined) furthest = index;
  });
  return furthest;
}

/** The function that owns most of a stage. */
export function leadingOwner(model: FunnelModel, stageIndex: number): string {
  const stage = model.stages[stageIndex];
  return [...(stage?.owners ?? [])].sort((a, b) => b.weight - a.weight)[0]?.function ?? '';
}
