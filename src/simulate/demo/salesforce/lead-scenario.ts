import { toId18 } from '../../../crm/salesforce/salesforce-ids.ts';
import { createSeededRandom, type SeededRandom } from '../../hubspot-stand-in/seeded-random.ts';

const HOUR = 3_600_000;

/** One thing that happens in the org, at a time after the scenario's start (ms). */
export type LeadStep =
  | {
      readonly at: number;
      readonly action: 'create';
      readonly lead: string;
      readonly fields: Readonly<Record<string, unknown>>;
    }
  | {
      readonly at: number;
      readonly action: 'update';
      readonly lead: string;
      readonly fields: Readonly<Record<string, unknown>>;
      /** The user who saves it (a rep's card click, a status change). */
      readonly by?: string;
    }
  | {
      readonly at: number;
      readonly action: 'campaign';
      readonly lead: string;
      readonly campaign: { readonly name: string; readonly type: string };
    }
  | {
      readonly at: number;
      readonly action: 'convert';
      readonly lead: string;
      readonly opportunity: boolean;
      readonly by: string;
    }
  | { readonly at: number; readonly action: 'delete'; readonly lead: string };

export interface LeadScenario {
  readonly reps: readonly {
    readonly id: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
  }[];
  readonly queue: { readonly id: string; readonly name: string };
  readonly steps: readonly LeadStep[];
  readonly summary: {
    readonly leads: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly closedUnaccepted: number;
    readonly converted: number;
    readonly untouched: number;
    readonly deleted: number;
  };
}

/** The scenario names its users and queue, so a seed replays with the same ids. */
const id18 = (id15: string): string => toId18(id15) ?? id15;

const REPS = [
  { id: id18('005000000000101'), firstName: 'Riley', lastName: 'Santos', email: 'riley@baton-demo.example' },
  {
    id: id18('005000000000102'),
    firstName: 'Jordan',
    lastName: 'Okafor',
    email: 'jordan@baton-demo.example',
  },
  {
    id: id18('005000000000103'),
    firstName: 'Casey',
    lastName: 'Lindqvist',
    email: 'casey@baton-demo.example',
  },
];
const QUEUE = { id: id18('00G000000000101'), name: 'Inbound leads' };
const SOURCES: readonly (readonly [string, number])[] = [
  ['Web', 5],
  ['Phone Inquiry', 1],
  ['Partner Referral', 1],
  ['Purchased List', 1],
  ['Other', 1],
];
const CAMPAIGNS = [
  { name: 'Spring webinar', type: 'Webinar' },
  { name: 'Trade show booth', type: 'Trade Show' },
  { name: 'Monthly newsletter', type: 'Email' },
];
const TITLES = [
  'VP Operations',
  'Head of Growth',
  'Marketing Manager',
  'Director of Sales',
  'Analyst',
  'Founder',
];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const REJECT_REASONS = ['bad_fit', 'no_need_or_timing', 'bad_data', 'no_budget'];

/**
 * A month of a Salesforce org's lead traffic, deterministic per seed: leads arrive in the inbound
 * queue from the web, lists and partners, some answer campaigns, marketing routes them to reps,
 * and each rep then accepts from Baton's card (and calls, and converts some), rejects with a reason,
 * closes without accepting, or lets the lead sit past its SLA. A few leads are deleted.
 */
export function generateLeadScenario(options: {
  readonly seed: number;
  readonly leads: number;
  readonly spanMs: number;
}): LeadScenario {
  const random = createSeededRandom(options.seed);
  const steps: LeadStep[] = [];
  const summary = {
    leads: options.leads,
    accepted: 0,
    rejected: 0,
    closedUnaccepted: 0,
    converted: 0,
    untouched: 0,
    deleted: 0,
  };
  const lastArrival = options.spanMs * 0.85;
  for (let n = 0; n < options.leads; n++) {
    const lead = `lead-${n}`;
    const arrives = Math.floor((lastArrival * n) / options.leads) + random.int(0, HOUR);
    const rep = random.pick(REPS);
    steps.push({ at: arrives, action: 'create', lead, fields: leadFields(random, n) });
    if (random.chance(0.4))
      steps.push({
        at: arrives + random.int(1, 30) * 60_000,
        action: 'campaign',
        lead,
        campaign: random.pick(CAMPAIGNS),
      });
    const routed = arrives + random.int(1, 6) * HOUR;
    steps.push({ at: routed, action: 'update', lead, fields: { OwnerId: rep.id } });
    const answered = routed + random.int(1, 20) * HOUR;
    const outcome = random.weighted<'accept' | 'reject' | 'close' | 'sleep'>([
      ['accept', 50],
      ['reject', 15],
      ['close', 10],
      ['sleep', 25],
    ]);
    if (outcome === 'accept') {
      summary.accepted++;
      steps.push({
        at: answered,
        action: 'update',
        lead,
        by: rep.id,
        fields: disposition(`${options.seed}-${n}`, 'accept'),
      });
      steps.push({
        at: answered + random.int(1, 8) * HOUR,
        action: 'update',
        lead,
        by: rep.id,
        fields: { Status: 'Working - Contacted' },
      });
      if (random.chance(0.45)) {
        summary.converted++;
        steps.push({
          at: answered + random.int(24, 96) * HOUR,
          action: 'convert',
          lead,
          by: rep.id,
          opportunity: random.chance(0.7),
        });
      }
    } else if (outcome === 'reject') {
      summary.rejected++;
      steps.push({
        at: answered,
        action: 'update',
        lead,
        by: rep.id,
        fields: {
          ...disposition(`${options.seed}-${n}`, 'reject', random.pick(REJECT_REASONS)),
          baton__Disposition_Feedback__c:
            'Not the buyer we sell to; please check the company size before routing.',
        },
      });
    } else if (outcome === 'close') {
      summary.closedUnaccepted++;
      steps.push({
        at: answered,
        action: 'update',
        lead,
        by: rep.id,
        fields: { Status: 'Closed - Not Converted' },
      });
    } else {
      summary.untouched++;
    }
    if (n % 97 === 96) {
      summary.deleted++;
      steps.push({ at: answered + 2 * HOUR, action: 'delete', lead });
    }
  }
  steps.sort((a, b) => a.at - b.at);
  return { reps: REPS, queue: QUEUE, steps: steps.filter((s) => s.at < options.spanMs), summary };
}

function leadFields(random: SeededRandom, n: number): Record<string, unknown> {
  return {
    FirstName: random.pick(['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Barbara', 'Edsger', 'Frances']),
    LastName: `Prospect ${n + 1}`,
    Company: `Company ${(n % 60) + 1}`,
    Email: `prospect${n + 1}@company${(n % 60) + 1}.example`,
    Title: random.pick(TITLES),
    NumberOfEmployees: random.pick([12, 80, 240, 650, 1800]),
    Rating: random.pick(RATINGS),
    LeadSource: random.weighted(SOURCES),
    OwnerId: QUEUE.id,
  };
}

/** What the Baton card on the Lead page writes when a rep clicks Accept or Reject. */
function disposition(id: string, action: 'accept' | 'reject', reasonCode?: string): Record<string, unknown> {
  return {
    baton__Disposition__c: JSON.stringify({
      id: `demo-${id}`,
      action,
      ...(reasonCode ? { reasonCode } : {}),
    }),
  };
}
