import { Engine, type RuleProperties } from 'json-rules-engine';
import { parseInstant } from '../src/core/parse-instant.ts';
import { decayFactor } from '../src/core/qualification/decay.ts';
import type { QualificationDefinition, ScoreDecay } from '../src/core/qualification/definition.ts';
import { evaluateDefinition } from '../src/core/qualification/evaluate-definition.ts';
import type { QualificationVerdict } from '../src/core/qualification/qualification-result.ts';
import { validateDefinition } from '../src/core/qualification/validate-definition.ts';
import type { PropertyBag } from '../src/core/record.ts';
import { DAY_MS as DAY } from '../src/core/time.ts';
import { unwrap } from '../src/core/validation.ts';
import { type BenchRow, measure } from './table.ts';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const RECORDS = 1000;
const DECAY: ScoreDecay = { kind: 'half_life', halfLifeDays: 7 };
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'SE'];
const EXCLUDED_INDUSTRIES = ['Education', 'Government', 'Non-profit'];
const TARGET_INDUSTRIES = ['Software', 'Fintech', 'SaaS'];

const has = (property: string) => ({ operator: 'exists', property });
const mentions = (property: string, value: string) => ({ operator: 'contains', property, value });
const between = (property: string, value: { min?: number; max?: number }) => ({
  operator: 'between',
  property,
  value,
});
const dated = (property: string) => ({ decays: true, dateProperty: property });

const definition: QualificationDefinition = unwrap(
  'benchmark definition',
  validateDefinition({
    key: 'mql',
    version: 1,
    name: 'Benchmark MQL',
    status: 'active',
    createdAt: 0,
    activatedAt: 0,
    approvals: { marketing: { by: 'm', at: 0 }, sales: { by: 's', at: 0 } },
    rules: {
      all: [
        has('email'),
        { operator: 'in', property: 'country', value: COUNTRIES },
        between('numberofemployees', { min: 20, max: 10_000 }),
        { operator: 'not_in', property: 'industry', value: EXCLUDED_INDUSTRIES },
        {
          any: [
            mentions('jobtitle', 'director'),
            mentions('jobtitle', 'head of'),
            mentions('hs_buying_role', 'decision_maker'),
            {
              all: [
                mentions('hs_buying_role', 'budget_holder'),
                between('annualrevenue', { min: 1_000_000 }),
              ],
            },
          ],
        },
      ],
    },
    disqualifiers: [
      {
        label: 'Competitor or marked unqualified',
        any: [
          mentions('email', '@rivalsoft.'),
          { operator: 'equals', property: 'hs_lead_status', value: 'UNQUALIFIED' },
        ],
      },
    ],
    scoring: {
      fit: [
        { criterion: { operator: 'in', property: 'industry', value: TARGET_INDUSTRIES }, points: 20 },
        { criterion: between('numberofemployees', { min: 200, max: 2000 }), points: 15 },
        { criterion: between('annualrevenue', { min: 5_000_000 }), points: 10 },
      ],
      engagement: [
        {
          criterion: { operator: 'within_last', property: 'recent_conversion_date', value: 30 },
          points: 20,
          ...dated('recent_conversion_date'),
        },
        { criterion: between('hs_analytics_num_page_views', { min: 5 }), points: 10 },
        { criterion: has('demo_requested_date'), points: 30, ...dated('demo_requested_date') },
      ],
      fitThreshold: 20,
      engagementThreshold: 15,
      decay: DECAY,
    },
  }),
);

interface ScoreEvent {
  readonly dimension: 'fit' | 'engagement';
  /** Position among the dimension's rules, so points are summed in the same order Baton sums them. */
  readonly slot: number;
  readonly points: number;
  readonly dateProperty?: string;
}

interface Condition {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
}

const atLeast = (fact: string, value: number): Condition => ({
  fact,
  operator: 'greaterThanInclusive',
  value,
});
const atMost = (fact: string, value: number): Condition => ({ fact, operator: 'lessThanInclusive', value });
const present = (fact: string): Condition => ({ fact, operator: 'present', value: true });
const containsText = (fact: string, value: string): Condition => ({ fact, operator: 'containsText', value });

const JRE_SCORE_RULES: readonly (readonly [ScoreEvent, readonly Condition[]])[] = [
  [
    { dimension: 'fit', slot: 0, points: 20 },
    [{ fact: 'industry', operator: 'in', value: TARGET_INDUSTRIES }],
  ],
  [
    { dimension: 'fit', slot: 1, points: 15 },
    [atLeast('numberofemployees', 200), atMost('numberofemployees', 2000)],
  ],
  [{ dimension: 'fit', slot: 2, points: 10 }, [atLeast('annualrevenue', 5_000_000)]],
  [
    { dimension: 'engagement', slot: 0, points: 20, dateProperty: 'recent_conversion_date' },
    [{ fact: 'recent_conversion_date', operator: 'withinLastDays', value: 30 }],
  ],
  [{ dimension: 'engagement', slot: 1, points: 10 }, [atLeast('hs_analytics_num_page_views', 5)]],
  [
    { dimension: 'engagement', slot: 2, points: 30, dateProperty: 'demo_requested_date' },
    [present('demo_requested_date')],
  ],
];

/** The same definition written the way a json-rules-engine user would, with equivalent custom operators. */
const jreRules: RuleProperties[] = [
  {
    name: 'rules',
    conditions: {
      all: [
        present('email'),
        { fact: 'country', operator: 'in', value: COUNTRIES },
        atLeast('numberofemployees', 20),
        atMost('numberofemployees', 10_000),
        { fact: 'industry', operator: 'notIn', value: EXCLUDED_INDUSTRIES },
        {
          any: [
            containsText('jobtitle', 'director'),
            containsText('jobtitle', 'head of'),
            containsText('hs_buying_role', 'decision_maker'),
            { all: [containsText('hs_buying_role', 'budget_holder'), atLeast('annualrevenue', 1_000_000)] },
          ],
        },
      ],
    },
    event: { type: 'rules' },
  },
  {
    name: 'disqualifier',
    conditions: {
      any: [
        containsText('email', '@rivalsoft.'),
        { fact: 'hs_lead_status', operator: 'equal', value: 'UNQUALIFIED' },
      ],
    },
    event: { type: 'disqualified' },
  },
  ...JRE_SCORE_RULES.map(([params, all], index) => ({
    name: `score-${index}`,
    conditions: { all: [...all] },
    event: { type: 'score', params: { ...params } },
  })),
];

function createEngine(): Engine {
  const engine = new Engine(jreRules, { allowUndefinedFacts: true });
  engine.addOperator('present', (fact: unknown) => typeof fact === 'string' && fact.trim() !== '');
  engine.addOperator(
    'containsText',
    (fact: unknown, needle: string) =>
      typeof fact === 'string' && fact.toLowerCase().includes(needle.toLowerCase()),
  );
  engine.addOperator('withinLastDays', (fact: unknown, days: number) => {
    const at = typeof fact === 'string' ? parseInstant(fact) : null;
    return at !== null && at <= NOW && NOW - at <= days * DAY;
  });
  return engine;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

async function verdictByJre(engine: Engine, record: PropertyBag): Promise<QualificationVerdict> {
  const { events } = await engine.run(record);
  const awarded = { fit: [0, 0, 0], engagement: [0, 0, 0] };
  let rulesMet = false;
  let disqualified = false;
  for (const event of events) {
    if (event.type === 'rules') rulesMet = true;
    if (event.type === 'disqualified') disqualified = true;
    if (event.type !== 'score' || event.params === undefined) continue;
    const score = event.params as ScoreEvent;
    const at = score.dateProperty === undefined ? null : parseInstant(record[score.dateProperty] ?? null);
    const points =
      score.dateProperty === undefined
        ? score.points
        : at === null
          ? 0
          : round2(score.points * decayFactor(DECAY, Math.max(0, NOW - at) / DAY));
    awarded[score.dimension][score.slot] = points;
  }
  const fit = round2(awarded.fit.reduce((a, b) => a + b, 0));
  const engagement = round2(awarded.engagement.reduce((a, b) => a + b, 0));
  if (disqualified) return 'disqualified';
  return rulesMet && fit >= 20 && engagement >= 15 ? 'qualified' : 'not_qualified';
}

/** mulberry32: a tiny seeded PRNG so every run scores the same records. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generateRecords(count: number): PropertyBag[] {
  const random = seededRandom(20_260_302);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = (share: number, value: () => string): string | null => (random() < share ? value() : null);
  const dateAgo = (maxDays: number) => {
    const at = NOW - Math.floor(random() * maxDays * DAY);
    return random() < 0.5 ? new Date(at).toISOString() : String(at);
  };
  return Array.from({ length: count }, (_, i) => ({
    email: maybe(0.92, () => (random() < 0.05 ? `lead${i}@rivalsoft.io` : `lead${i}@example.com`)),
    country: maybe(0.95, () => pick([...COUNTRIES, 'BR'])),
    numberofemployees: maybe(0.9, () => String(Math.floor(random() ** 2 * 12_000))),
    annualrevenue: maybe(0.6, () => String(Math.floor(random() * 20_000_000))),
    industry: maybe(0.8, () =>
      pick([...TARGET_INDUSTRIES, ...EXCLUDED_INDUSTRIES, 'Retail', 'Manufacturing']),
    ),
    jobtitle: maybe(0.85, () =>
      pick(['Marketing Director', 'Head of Sales', 'IT Director', 'Engineer', 'VP Finance']),
    ),
    hs_buying_role: maybe(0.5, () =>
      pick(['DECISION_MAKER', 'BUDGET_HOLDER;INFLUENCER', 'END_USER', 'CHAMPION']),
    ),
    hs_lead_status: maybe(0.7, () => pick(['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED', 'UNQUALIFIED'])),
    recent_conversion_date: maybe(0.7, () => dateAgo(40)),
    hs_analytics_num_page_views: maybe(0.8, () => String(Math.floor(random() * 30))),
    demo_requested_date: maybe(0.35, () => dateAgo(30)),
  }));
}

async function measureAsync(fn: () => Promise<void>, ms = 1000): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) await fn();
    ops += 100;
    elapsed = performance.now() - start;
  }
  return (ops * 1000) / elapsed;
}

/** Qualification throughput: Baton's compiled definitions against json-rules-engine on the same rules. */
export async function benchRules(): Promise<BenchRow[]> {
  const records = generateRecords(RECORDS);
  const engine = createEngine();
  const tally: Record<QualificationVerdict, number> = { qualified: 0, not_qualified: 0, disqualified: 0 };
  for (const [index, record] of records.entries()) {
    const baton = evaluateDefinition(definition, record, NOW).verdict;
    const jre = await verdictByJre(engine, record);
    if (baton !== jre) throw new Error(`record ${index}: Baton says ${baton}, json-rules-engine says ${jre}`);
    tally[baton] += 1;
  }
  if (Object.values(tally).some((n) => n === 0)) {
    throw new Error(`the generated records do not exercise every verdict: ${JSON.stringify(tally)}`);
  }

  let next = 0;
  const batonPerSec = measure(() => {
    evaluateDefinition(definition, records[next++ % RECORDS] ?? {}, NOW);
  });
  next = 0;
  const jrePerSec = await measureAsync(async () => {
    await verdictByJre(engine, records[next++ % RECORDS] ?? {});
  });
  const mix = `${tally.qualified}/${tally.not_qualified}/${tally.disqualified} qualified/not/disqualified`;
  return [
    {
      suite: 'qualification',
      case: 'Baton compiled definition',
      opsPerSec: batonPerSec,
      note: `${(batonPerSec / jrePerSec).toFixed(1)}x json-rules-engine; verdicts agree on ${RECORDS} records (${mix})`,
    },
    {
      suite: 'qualification',
      case: 'json-rules-engine 7',
      opsPerSec: jrePerSec,
      note: 'same rules and records',
    },
  ];
}
