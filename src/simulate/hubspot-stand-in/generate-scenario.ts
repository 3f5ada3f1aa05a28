import type { NewOwner } from './owner-directory.ts';
import {
  asciiLower,
  type Cast,
  DAY,
  HOUR,
  type Milestone,
  planContactJourney,
  type ScenarioStep,
} from './plan-contact-journey.ts';
import { FIRST_NAMES, LAST_NAMES } from './scenario-vocabulary.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

export type { Milestone, ScenarioAction, ScenarioStep } from './plan-contact-journey.ts';

export interface ScenarioOptions {
  readonly seed: number;
  /** People entering the portal (a few duplicates of them come on top). */
  readonly contacts: number;
  readonly owners?: { readonly marketing: number; readonly sales: number };
  /** Epoch ms of the scenario's first moment; the demo passes `Date.now() - spanMs` to replay the recent past. */
  readonly startAt?: number;
  readonly spanMs?: number;
}

export interface ScenarioSummary {
  /** People who entered (duplicates not counted). */
  readonly contacts: number;
  readonly duplicates: number;
  /** People per original source (`hs_analytics_source`). */
  readonly bySource: Readonly<Record<string, number>>;
  /** People who reached each milestone. */
  readonly milestones: Readonly<Record<Milestone, number>>;
  readonly rejectedReasons: Readonly<Record<string, number>>;
  readonly owners: { readonly marketing: number; readonly sales: number };
}

export interface Scenario {
  readonly seed: number;
  readonly startAt: number;
  readonly spanMs: number;
  readonly owners: readonly (NewOwner & { readonly id: string })[];
  /** Ordered by `at`; each contact's steps keep their order. */
  readonly steps: readonly ScenarioStep[];
  readonly summary: ScenarioSummary;
}

const DEFAULT_START = Date.UTC(2026, 0, 5, 8);
const NO_MILESTONES: Readonly<Record<Milestone, number>> = {
  entered: 0,
  reengaged: 0,
  mql: 0,
  handed_off: 0,
  accepted: 0,
  rejected: 0,
  attempted: 0,
  connected: 0,
  working: 0,
  sql: 0,
  opportunity: 0,
  customer: 0,
  recycled: 0,
  duplicate_created: 0,
  merged: 0,
  deleted: 0,
  privacy_deleted: 0,
};

/**
 * A deterministic stream of portal activity for a seed: contacts entering from several sources,
 * marketing nurturing and qualifying them, hand-offs to sales, sales accepting or rejecting with
 * a reason, contacting and converting, plus the odd spam deletion, duplicate merge and privacy
 * deletion. Steps past `spanMs` are left out: those leads are still in flight at the end.
 */
export function generateScenario(options: ScenarioOptions): Scenario {
  const owners = options.owners ?? { marketing: 3, sales: 5 };
  const startAt = options.startAt ?? DEFAULT_START;
  const spanMs = options.spanMs ?? 30 * DAY;
  if (!Number.isInteger(options.contacts) || options.contacts < 1 || options.contacts > 100_000) {
    throw new RangeError('contacts must be a whole number from 1 to 100000');
  }
  if (owners.marketing < 1 || owners.sales < 1) throw new RangeError('both teams need at least one owner');
  if (!(spanMs > DAY)) throw new RangeError('spanMs must be longer than a day');

  const random = createSeededRandom(options.seed);
  const cast = castOwners(random, owners);
  const context = { random, cast, startAt, spanMs, usedEmails: new Set<string>() };
  const journeys = Array.from({ length: options.contacts }, (_, index) =>
    planContactJourney(`contact-${String(index + 1).padStart(5, '0')}`, context),
  );
  addPrivacyDeletions(journeys, random, spanMs);
  const steps = journeys
    .flat()
    .map((step, order) => ({ step, order }))
    .filter(({ step }) => step.at <= spanMs)
    .sort((a, b) => a.step.at - b.step.at || a.order - b.order)
    .map(({ step }) => step);
  return {
    seed: options.seed,
    startAt,
    spanMs,
    owners: [...cast.marketing, ...cast.sales],
    steps,
    summary: summarize(steps, owners),
  };
}

function castOwners(random: SeededRandom, counts: { marketing: number; sales: number }): Cast {
  const firstNames = random.shuffle(FIRST_NAMES);
  const lastNames = random.shuffle(LAST_NAMES);
  const owner = (team: 'Marketing' | 'Sales', index: number, idBase: number) => {
    const seat = team === 'Marketing' ? index : counts.marketing + index;
    const firstName = firstNames[seat % firstNames.length] ?? 'Alex';
    const lastName = lastNames[(seat * 7) % lastNames.length] ?? 'Morgan';
    return {
      id: String(idBase + index),
      firstName,
      lastName,
      email: `${asciiLower(`${firstName}.${lastName}`)}.${seat}@baton-demo.example`,
      team,
    };
  };
  return {
    marketing: Array.from({ length: counts.marketing }, (_, i) => owner('Marketing', i, 70_100_001)),
    sales: Array.from({ length: counts.sales }, (_, i) => owner('Sales', i, 70_200_001)),
  };
}

/** About one person in 150 asks to be forgotten, after their journey has run its course. */
function addPrivacyDeletions(journeys: ScenarioStep[][], random: SeededRandom, spanMs: number): void {
  const wanted = journeys.length >= 100 ? Math.max(1, Math.round(journeys.length / 150)) : 0;
  const candidates = random.shuffle(
    journeys.filter((steps) => {
      const last = steps.reduce((latest, step) => Math.max(latest, step.at), 0);
      return !steps.some((step) => step.action === 'delete') && last + DAY <= spanMs;
    }),
  );
  for (const steps of candidates.slice(0, wanted)) {
    const [entry] = steps;
    if (!entry) continue;
    const last = steps.reduce((latest, step) => Math.max(latest, step.at), 0);
    steps.push({
      at: last + random.int(HOUR, DAY),
      action: 'privacyDelete',
      contactRef: entry.contactRef,
      properties: {},
      origin: { changeSource: 'GDPR' },
      milestone: 'privacy_deleted',
    });
  }
}

function summarize(
  steps: readonly ScenarioStep[],
  owners: { marketing: number; sales: number },
): ScenarioSummary {
  const reached = new Map<Milestone, Set<string>>();
  const bySource: Record<string, number> = {};
  const rejectedReasons: Record<string, number> = {};
  for (const step of steps) {
    const people = reached.get(step.milestone) ?? new Set<string>();
    reached.set(step.milestone, people.add(step.contactRef));
    if (step.milestone === 'entered') {
      const source = step.properties.hs_analytics_source ?? 'UNKNOWN';
      bySource[source] = (bySource[source] ?? 0) + 1;
    }
    const reason = step.properties.hs_lead_status;
    if (step.milestone === 'rejected' && reason) rejectedReasons[reason] = (rejectedReasons[reason] ?? 0) + 1;
  }
  const milestones = { ...NO_MILESTONES };
  for (const [milestone, people] of reached) milestones[milestone] = people.size;
  return {
    contacts: milestones.entered,
    duplicates: milestones.duplicate_created,
    bySource,
    milestones,
    rejectedReasons,
    owners,
  };
}
