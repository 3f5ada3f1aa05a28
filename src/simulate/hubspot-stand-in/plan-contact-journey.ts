import type { ChangeOrigin } from './contact-store.ts';
import type { NewOwner } from './owner-directory.ts';
import {
  COMPANIES,
  CONVERSION_EVENTS,
  COUNTRIES,
  EMPLOYEE_BANDS,
  ENTRY_CHANNELS,
  type EntryChannel,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
} from './scenario-vocabulary.ts';
import type { SeededRandom } from './seeded-random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** What a step means in the lead's journey; the demo narrates with it, tests count it. */
export type Milestone =
  | 'entered'
  | 'reengaged'
  | 'mql'
  | 'handed_off'
  | 'accepted'
  | 'rejected'
  | 'attempted'
  | 'connected'
  | 'working'
  | 'sql'
  | 'opportunity'
  | 'customer'
  | 'recycled'
  | 'duplicate_created'
  | 'merged'
  | 'deleted'
  | 'privacy_deleted';

export type ScenarioAction = 'create' | 'update' | 'merge' | 'delete' | 'privacyDelete';

export interface ScenarioStep {
  /** Milliseconds after the scenario's start. */
  readonly at: number;
  readonly action: ScenarioAction;
  /** The scenario's name for the contact; the runner maps it to the portal's id. */
  readonly contactRef: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly origin: ChangeOrigin;
  readonly milestone: Milestone;
  /** For `merge`: the contact merged into `contactRef`. */
  readonly mergedContactRef?: string;
}

export interface Cast {
  readonly marketing: readonly (NewOwner & { readonly id: string })[];
  readonly sales: readonly (NewOwner & { readonly id: string })[];
}

export interface JourneyContext {
  readonly random: SeededRandom;
  readonly cast: Cast;
  readonly startAt: number;
  readonly spanMs: number;
  readonly usedEmails: Set<string>;
}

const FORM: ChangeOrigin = { changeSource: 'FORM' };
const WORKFLOW: ChangeOrigin = { changeSource: 'AUTOMATION_PLATFORM' };
const SALES_REP: ChangeOrigin = { changeSource: 'CRM_UI' };

export function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function uniqueEmail(local: string, domain: string, used: Set<string>): string {
  let email = `${local}@${domain}`;
  for (let n = 2; used.has(email); n += 1) email = `${local}${n}@${domain}`;
  used.add(email);
  return email;
}

/** One person's journey: entry, then as far down the funnel as their fit and luck take them. */
export function planContactJourney(ref: string, context: JourneyContext): ScenarioStep[] {
  const { random, cast } = context;
  const steps: ScenarioStep[] = [];
  let at = 0;
  const stamp = (offset: number) => String(context.startAt + offset);
  const step = (
    action: ScenarioAction,
    milestone: Milestone,
    properties: Record<string, string>,
    origin: ChangeOrigin,
  ) => steps.push({ at, action, contactRef: ref, properties, origin, milestone });
  const wait = (min: number, max: number) => {
    at += random.int(min, max);
  };

  const channel: EntryChannel = random.weighted(ENTRY_CHANNELS.map((c) => [c, c.weight] as const));
  const [firstname, lastname] = [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)];
  const [company, domain] = random.pick(COMPANIES);
  const [jobtitle, fitsProfile] = random.pick(JOB_TITLES);
  const [low, high] = random.weighted(EMPLOYEE_BANDS);
  const employees = random.int(low, high);
  const [sourceDetail, sourceDetail2] = random.pick(channel.drillDowns);
  const entered = random.int(0, Math.floor(context.spanMs * 0.6));
  at = entered;
  const conversion = random.pick(CONVERSION_EVENTS);
  const person = {
    email: uniqueEmail(asciiLower(`${firstname}.${lastname}`), domain, context.usedEmails),
    firstname,
    lastname,
    company,
    jobtitle,
    country: random.weighted(COUNTRIES),
    numberofemployees: String(employees),
    lifecyclestage: 'lead',
    hs_analytics_source: channel.source,
    hs_analytics_source_data_1: sourceDetail,
    hs_analytics_source_data_2: sourceDetail2,
    hs_analytics_first_timestamp: stamp(entered - random.int(10 * MINUTE, 5 * DAY)),
    hs_latest_source: channel.source,
    hs_latest_source_data_1: sourceDetail,
    hs_latest_source_data_2: sourceDetail2,
    hs_latest_source_timestamp: stamp(entered),
  };
  const converted =
    channel.origin === 'sales'
      ? {}
      : {
          first_conversion_event_name: conversion,
          first_conversion_date: stamp(entered),
          recent_conversion_event_name: conversion,
          recent_conversion_date: stamp(entered),
          num_conversion_events: '1',
        };
  const owned =
    channel.origin === 'sales'
      ? { hubspot_owner_id: random.pick(cast.sales).id, hs_lead_status: 'NEW' }
      : random.chance(0.6)
        ? { hubspot_owner_id: random.pick(cast.marketing).id }
        : {};
  step('create', 'entered', { ...person, ...converted, ...owned }, { changeSource: channel.changeSource });

  if (channel.origin !== 'sales' && random.chance(0.015)) {
    wait(HOUR, 2 * DAY);
    step('delete', 'deleted', {}, SALES_REP);
    return steps;
  }
  if (random.chance(0.02)) steps.push(...duplicateThenMerge(ref, { firstname, lastname }, at, context));

  if (channel.origin !== 'sales') {
    if (random.chance(0.35)) {
      wait(DAY, 5 * DAY);
      const again = random.pick(ENTRY_CHANNELS.filter((c) => c.origin === 'marketing'));
      const [detail, detail2] = random.pick(again.drillDowns);
      step(
        'update',
        'reengaged',
        {
          recent_conversion_event_name: random.pick(CONVERSION_EVENTS),
          recent_conversion_date: stamp(at),
          num_conversion_events: '2',
          hs_latest_source: again.source,
          hs_latest_source_data_1: detail,
          hs_latest_source_data_2: detail2,
          hs_latest_source_timestamp: stamp(at),
        },
        FORM,
      );
    }
    const mqlChance = (fitsProfile ? 0.55 : 0.2) + (employees >= 50 ? 0.1 : 0);
    if (!random.chance(mqlChance)) return steps;
    wait(10 * MINUTE, 2 * DAY);
    step('update', 'mql', { lifecyclestage: 'marketingqualifiedlead' }, WORKFLOW);
    if (!random.chance(0.92)) return steps;
    // Some hand-offs sit in the queue past a day: the SLA breaches the demo should show.
    if (random.chance(0.12)) wait(26 * HOUR, 72 * HOUR);
    else wait(5 * MINUTE, 6 * HOUR);
    step(
      'update',
      'handed_off',
      { hubspot_owner_id: random.pick(cast.sales).id, hs_lead_status: 'NEW' },
      WORKFLOW,
    );
  }

  if (random.chance(0.15)) wait(25 * HOUR, 60 * HOUR);
  else wait(10 * MINUTE, 20 * HOUR);
  if (random.chance(channel.origin === 'sales' ? 0.15 : 0.3)) {
    const reason = random.chance(0.55) ? 'UNQUALIFIED' : 'BAD_TIMING';
    step('update', 'rejected', { hs_lead_status: reason }, SALES_REP);
    if (reason === 'BAD_TIMING' && random.chance(0.5)) {
      wait(2 * DAY, 6 * DAY);
      // Lifecycle stages only move forward in HubSpot: recycling clears the stage first.
      step('update', 'recycled', { lifecyclestage: '' }, WORKFLOW);
      wait(MINUTE, 5 * MINUTE);
      step(
        'update',
        'recycled',
        { lifecyclestage: 'lead', hubspot_owner_id: random.pick(cast.marketing).id },
        WORKFLOW,
      );
    }
    return steps;
  }
  step('update', 'accepted', { hs_lead_status: 'OPEN' }, SALES_REP);
  if (!random.chance(0.85)) return steps;
  wait(30 * MINUTE, 10 * HOUR);
  step('update', 'attempted', { hs_lead_status: 'ATTEMPTED_TO_CONTACT' }, SALES_REP);
  if (!random.chance(0.7)) return steps;
  wait(2 * HOUR, 3 * DAY);
  step('update', 'connected', { hs_lead_status: 'CONNECTED' }, SALES_REP);
  if (random.chance(0.5)) {
    wait(HOUR, DAY);
    step('update', 'working', { hs_lead_status: 'IN_PROGRESS' }, SALES_REP);
  }
  if (!random.chance(0.55)) return steps;
  wait(DAY, 4 * DAY);
  step('update', 'sql', { lifecyclestage: 'salesqualifiedlead' }, SALES_REP);
  if (!random.chance(0.6)) return steps;
  wait(DAY, 5 * DAY);
  step('update', 'opportunity', { lifecyclestage: 'opportunity', hs_lead_status: 'OPEN_DEAL' }, SALES_REP);
  if (!random.chance(0.45)) return steps;
  wait(2 * DAY, 10 * DAY);
  step('update', 'customer', { lifecyclestage: 'customer' }, SALES_REP);
  return steps;
}

/** The same person signs up again with a personal address; someone merges the two later. */
function duplicateThenMerge(
  ref: string,
  names: { readonly firstname: string; readonly lastname: string },
  after: number,
  context: JourneyContext,
): ScenarioStep[] {
  const { random } = context;
  const duplicateRef = `${ref}-duplicate`;
  const createdAt = after + random.int(HOUR, 3 * DAY);
  const local = asciiLower(`${names.firstname}${names.lastname}`);
  return [
    {
      at: createdAt,
      action: 'create',
      contactRef: duplicateRef,
      properties: {
        email: uniqueEmail(local, 'mail.example', context.usedEmails),
        ...names,
        lifecyclestage: 'subscriber',
      },
      origin: FORM,
      milestone: 'duplicate_created',
    },
    {
      at: createdAt + random.int(2 * HOUR, 2 * DAY),
      action: 'merge',
      contactRef: ref,
      mergedContactRef: duplicateRef,
      properties: {},
      origin: SALES_REP,
      milestone: 'merged',
    },
  ];
}
