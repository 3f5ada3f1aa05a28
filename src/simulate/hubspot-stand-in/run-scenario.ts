import { setTimeout as delay, setImmediate as yieldToIo } from 'node:timers/promises';
import type { Scenario, ScenarioStep } from './generate-scenario.ts';
import type { HubSpotStandIn } from './start-hubspot-stand-in.ts';

export interface ScenarioProgress {
  readonly applied: number;
  readonly total: number;
  readonly step: ScenarioStep;
  /** The portal's id for the step's contact. */
  readonly contactId: string;
  /** Epoch ms the step happened at, in scenario time. */
  readonly scenarioTime: number;
}

export interface RunScenarioOptions {
  /** Scenario milliseconds per real millisecond: 86_400 plays a day a second; Infinity applies every step at once. */
  readonly speedup: number;
  readonly onProgress?: (progress: ScenarioProgress) => void;
  readonly signal?: AbortSignal;
  /** Real time, for pacing. */
  readonly clock?: () => Date;
}

export interface ScenarioRun {
  /** Scenario contact reference → the portal's contact id. */
  readonly contactIds: ReadonlyMap<string, string>;
  readonly applied: number;
  readonly elapsedMs: number;
}

type ScenarioPortal = Pick<
  HubSpotStandIn,
  | 'addOwners'
  | 'createContact'
  | 'updateContact'
  | 'mergeContacts'
  | 'deleteContact'
  | 'privacyDeleteContact'
  | 'setRecordClock'
>;

/** Steps applied without pausing, before the run yields so servers and webhooks keep moving. */
const STEPS_BETWEEN_YIELDS = 50;

/**
 * Plays a scenario into the stand-in, compressing time by `speedup`. While it runs, records and
 * webhooks carry scenario time (between two steps it advances at the compressed rate, never past
 * the next step), so SLA clocks see hours where the replay took milliseconds.
 */
export async function runScenario(
  portal: ScenarioPortal,
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<ScenarioRun> {
  if (!(options.speedup > 0)) throw new RangeError('speedup must be greater than 0');
  const clock = options.clock ?? (() => new Date());
  const realStart = clock().getTime();
  const ids = new Map<string, string>();
  const { steps } = scenario;
  let current = 0;
  let next = steps[0]?.at ?? 0;
  let appliedAtReal = realStart;

  portal.addOwners(scenario.owners);
  portal.setRecordClock(() => {
    const drift = Number.isFinite(options.speedup)
      ? (clock().getTime() - appliedAtReal) * options.speedup
      : 0;
    return new Date(scenario.startAt + Math.min(current + drift, Math.max(next, current)));
  });
  const idOf = (ref: string) => {
    const id = ids.get(ref);
    if (id === undefined) throw new Error(`The scenario names ${ref} before creating it.`);
    return id;
  };

  try {
    for (const [index, step] of steps.entries()) {
      options.signal?.throwIfAborted();
      const waitMs = realStart + step.at / options.speedup - clock().getTime();
      if (waitMs >= 1) await delay(waitMs, undefined, { signal: options.signal });
      else if (index % STEPS_BETWEEN_YIELDS === 0) await yieldToIo();
      current = step.at;
      next = steps[index + 1]?.at ?? step.at;
      appliedAtReal = clock().getTime();
      const contactId = apply(portal, step, ids, idOf);
      options.onProgress?.({
        applied: index + 1,
        total: steps.length,
        step,
        contactId,
        scenarioTime: scenario.startAt + step.at,
      });
    }
  } finally {
    portal.setRecordClock(null);
  }
  return { contactIds: ids, applied: steps.length, elapsedMs: clock().getTime() - realStart };
}

function apply(
  portal: ScenarioPortal,
  step: ScenarioStep,
  ids: Map<string, string>,
  idOf: (ref: string) => string,
): string {
  switch (step.action) {
    case 'create': {
      const { id } = portal.createContact(step.properties, step.origin);
      ids.set(step.contactRef, id);
      return id;
    }
    case 'update':
      return portal.updateContact(idOf(step.contactRef), step.properties, step.origin).id;
    case 'merge':
      return portal.mergeContacts(idOf(step.contactRef), idOf(step.mergedContactRef ?? ''), step.origin).id;
    case 'delete':
      portal.deleteContact(idOf(step.contactRef), step.origin);
      return idOf(step.contactRef);
    case 'privacyDelete':
      portal.privacyDeleteContact(idOf(step.contactRef), step.origin);
      return idOf(step.contactRef);
  }
}
