import { setTimeout as delay, setImmediate as yieldToIo } from 'node:timers/promises';
import type { SalesforceStandIn } from '../../salesforce-stand-in/salesforce-stand-in-api.ts';
import type { LeadScenario } from './lead-scenario.ts';

const STEPS_BETWEEN_YIELDS = 50;

/**
 * Plays a lead scenario into the org stand-in, `speedup` scenario ms per real ms. Record times
 * carry scenario time (starting at `startAt`), so SLA clocks see the hours a rep waited.
 */
export async function runLeadScenario(
  org: SalesforceStandIn,
  scenario: LeadScenario,
  options: { readonly startAt: number; readonly speedup: number },
): Promise<{
  readonly applied: number;
  readonly elapsedMs: number;
  readonly leadIds: ReadonlyMap<string, string>;
}> {
  const realStart = Date.now();
  const ids = new Map<string, string>();
  org.addUsers(scenario.reps.map((rep) => ({ ...rep, department: 'Sales' })));
  org.addQueues([scenario.queue]);
  let current = 0;
  org.setRecordClock(() => new Date(options.startAt + current));
  const idOf = (ref: string) => {
    const id = ids.get(ref);
    if (id === undefined) throw new Error(`the scenario names ${ref} before creating it`);
    return id;
  };
  let applied = 0;
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const waitMs = realStart + step.at / options.speedup - Date.now();
      if (waitMs >= 1) await delay(waitMs);
      else if (index % STEPS_BETWEEN_YIELDS === 0) await yieldToIo();
      current = step.at;
      switch (step.action) {
        case 'create':
          ids.set(step.lead, String(org.createLead(step.fields).Id));
          break;
        case 'update':
          if (!org.lead(idOf(step.lead))) continue;
          org.updateLead(idOf(step.lead), step.fields, step.by ? { userId: step.by } : undefined);
          break;
        case 'campaign':
          org.addCampaignMember(idOf(step.lead), step.campaign, { status: 'Responded' });
          break;
        case 'convert':
          if (!org.lead(idOf(step.lead))) continue;
          org.convertLead(idOf(step.lead), { opportunity: step.opportunity }, { userId: step.by });
          break;
        case 'delete':
          if (org.lead(idOf(step.lead))) org.deleteLead(idOf(step.lead));
          break;
      }
      applied++;
    }
  } finally {
    org.setRecordClock(null);
  }
  return { applied, elapsedMs: Date.now() - realStart, leadIds: ids };
}
