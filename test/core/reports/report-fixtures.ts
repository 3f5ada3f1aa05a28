import type { Touch } from '../../../src/core/attribution/touch.ts';
import { createPresetModel } from '../../../src/core/funnel/presets.ts';
import type { HandoffEventType, LedgerEntry } from '../../../src/core/journey/ledger-entry.ts';
import { summarizeLead } from '../../../src/core/reports/lead-facts.ts';
import type { ReportContext, ReportLead } from '../../../src/core/reports/report-lead.ts';
import { DEFAULT_WORKED_SLA } from '../../../src/core/reports/worked-sla.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../src/core/time.ts';

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const hours = (n: number) => T0 + n * HOUR_MS;
export const minutesAfter = (n: number) => T0 + n * MINUTE_MS;
export const daysAfter = (n: number) => T0 + n * DAY_MS;

export const model = createPresetModel('demand_waterfall');

export const context = (overrides: Partial<ReportContext> = {}): ReportContext => ({
  model,
  now: daysAfter(100),
  sleeping: { afterDays: 30, byStage: {} },
  listLimit: 100,
  workedSla: DEFAULT_WORKED_SLA,
  ...overrides,
});

type Step =
  | { readonly stage: string; readonly at: number }
  | {
      readonly event: HandoffEventType;
      readonly at: number;
      readonly reason?: string;
      readonly definition?: readonly [string, number];
    }
  | { readonly owner: string; readonly at: number };

/** A lead's ledger from a list of steps, in the shape the pipeline writes (exits before entries). */
export function ledgerOf(recordId: string, steps: readonly Step[]): LedgerEntry[] {
  let stage: string | null = null;
  return steps.flatMap((step, i): LedgerEntry[] => {
    const base = { recordId, occurredAt: step.at };
    if ('stage' in step) {
      const exit: LedgerEntry[] =
        stage === null ? [] : [{ ...base, kind: 'stage_exited', stage, dedupeKey: `exit:${i}` }];
      stage = step.stage;
      return [...exit, { ...base, kind: 'stage_entered', stage: step.stage, dedupeKey: `enter:${i}` }];
    }
    if ('owner' in step)
      return [{ ...base, kind: 'owner_person_changed', ownerPerson: step.owner, dedupeKey: `owner:${i}` }];
    return [
      {
        ...base,
        kind: 'handoff_event',
        event: step.event,
        dedupeKey: `event:${i}`,
        ...(step.reason ? { reasonCode: step.reason } : {}),
        ...(step.definition
          ? { definitionKey: step.definition[0], definitionVersion: step.definition[1] }
          : {}),
      },
    ];
  });
}

export function touch(
  id: string,
  at: number,
  channel: string,
  origin: Touch['origin'],
  content?: string,
): Touch {
  return { id, occurredAt: at, channel, origin, ...(content ? { content } : {}) };
}

/** A report lead built by the real summary of a ledger, with the CRM fields a test sets. */
export function lead(
  recordId: string,
  steps: readonly Step[],
  extra: Partial<Pick<ReportLead, 'team' | 'territory' | 'value' | 'fitScore'>> & {
    readonly touches?: readonly Touch[];
  } = {},
): ReportLead {
  const facts = summarizeLead(recordId, ledgerOf(recordId, steps), extra.touches ?? [], daysAfter(100));
  if (!facts) throw new Error(`lead ${recordId} has no steps`);
  return {
    ...facts,
    team: extra.team ?? null,
    territory: extra.territory ?? null,
    value: extra.value ?? null,
    fitScore: extra.fitScore ?? null,
  };
}
