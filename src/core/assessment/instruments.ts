/**
 * The alignment instruments of DOMAIN.md §8, with every item in Baton's own words: the 20-item
 * maturity test (after Kotler, Rackham & Krishnaswamy) and the eight collaboration tools (after
 * Malshe & Biemans, "C3"). A section is a group of items scored on its own; an instrument with one
 * section has a combined score, one with several (worldview, strategy making) has none.
 */
export type AssessmentFunction = 'sales' | 'marketing' | 'management';

export type InstrumentKey =
  | 'maturity'
  | 'c3:worldview'
  | 'c3:connection'
  | 'c3:communication'
  | 'c3:supportiveness'
  | 'c3:trust'
  | 'c3:credibility'
  | 'c3:strategy-making'
  | 'c3:buy-in';

export interface Instrument {
  readonly key: InstrumentKey;
  readonly name: string;
  readonly scale: { readonly min: number; readonly max: number };
  /** Maturity: the sum of the items, banded Undefined…Integrated; C3: the mean, banded low…high. */
  readonly scoring: 'sum' | 'mean';
  readonly functions: readonly AssessmentFunction[];
  /** The items each function answers, by section; one section named `items` for a plain list. */
  readonly forms: Readonly<Partial<Record<AssessmentFunction, Readonly<Record<string, readonly string[]>>>>>;
}

const ALL: readonly AssessmentFunction[] = ['sales', 'marketing', 'management'];

function sameForAll(items: readonly string[], functions: readonly AssessmentFunction[] = ALL) {
  return Object.fromEntries(functions.map((f) => [f, { items }]));
}

const MATURITY_ITEMS = [
  'Our sales results usually come in close to the forecast.',
  'When results fall short, sales and marketing do not blame each other.',
  'Marketers often meet key customers while a sale is under way.',
  'Marketing asks sales to help write the marketing plan.',
  'Salespeople find marketing’s material useful for closing business.',
  'Sales gives marketing the feedback it asks for without fuss.',
  'Sales and marketing use much of the same vocabulary.',
  'The heads of both functions regularly talk about what lies upstream: new ideas, market signals, product strategy.',
  'The two functions define together how each segment buys.',
  'Joint meetings spend little time on disputes or firefighting.',
  'The heads of both functions plan together for offerings two or more years ahead.',
  'Both functions are judged by shared measures of success.',
  'Marketing helps shape and run the sales strategy for key accounts.',
  'Work is managed through funnels or pipelines both functions built, from market sensing to service.',
  'Marketing studies funnel data to make the funnel more predictable and effective.',
  'Our culture is that we win or lose together.',
  'Both functions report to one executive responsible for customers or revenue.',
  'People move between sales and marketing a good deal.',
  'Training and events are designed by both functions together.',
  'Each function helps prepare and present the other’s plans to top management.',
];

const CONNECTION = [
  'My counterparts and I interact across many topics.',
  'We communicate often.',
  'They share what they are working on.',
  'They are not territorial about their work.',
  'We have a good rapport.',
  'We put our differences aside when a customer needs us.',
  'We see our successes as shared.',
  'They invest their time in our success.',
  'We share the same belief in serving the customer.',
  'They put the company’s goals before their own.',
];

const COMMUNICATION = [
  'We are in contact frequently.',
  'We use every channel available to reach each other.',
  'Working with them is enjoyable.',
  'We discuss problems candidly and professionally.',
  'Our conversations focus on solutions.',
  'They reply quickly.',
  'Information flows both ways between us.',
  'Their feedback is fair and unbiased.',
  'There is room to ask questions.',
  'We also talk informally.',
];

const SUPPORTIVENESS = [
  'We write marketing plans together.',
  'We work as a team on strategic and on day-to-day matters.',
  'We cooperate every day.',
  'We are partners on one team.',
  'Both sides have an equal say.',
  'They are eager to help us.',
  'They support our objectives.',
  'They support us even when it brings them no direct benefit.',
];

const TRUST = [
  'There is little tension between us.',
  'We agree more than we disagree.',
  'Colleagues speak well of our counterparts.',
  'Critical feedback from either side is taken seriously.',
  'Our counterparts bring out the best in us.',
  'They keep their promises.',
  'They are open and honest with us.',
];

const CREDIBILITY = [
  'They do not cut corners.',
  'They are thorough.',
  'They put the company before themselves.',
  'They admit their mistakes.',
  'They contribute to our performance.',
  'The information they give us is useful.',
  'They are reliable.',
  'They are valuable to us.',
  'They keep their promises to us.',
  'They support our ideas.',
  'They have our interests at heart.',
  'They speak up for us.',
  'They are excited to work with us.',
  'They treat us as partners.',
  'They understand the challenges of our day-to-day work.',
];

const STRATEGY_MAKING = {
  development: [
    'Marketers keep sales informed while they develop a strategy.',
    'Marketers invite sales to suggest alternative strategies.',
    'Marketers pilot new strategies in selected territories first.',
    'Marketers adapt a strategy after its pilot.',
  ],
  communication: [
    'Marketers explain the reasoning behind a strategy.',
    'Marketers answer sales’ questions about a strategy.',
    'Marketers help build the action items for each territory.',
  ],
  implementation: [
    'Marketers check in with sales after a launch.',
    'Marketers give support when it is needed, not later.',
    'Marketers adapt a strategy to what a territory needs.',
  ],
};

const BUY_IN = [
  'Marketers invite our ideas for their strategies.',
  'Their strategies are easy for us to carry out.',
  'They explain why a strategy is what it is.',
  'We may challenge their strategies.',
  'They support us in the field.',
  'We may adapt their strategies to our territories.',
];

const WORLDVIEW = {
  sales: {
    self: [
      'Sales plays a strategic role in this company.',
      'Sales should have an equal say in strategy.',
      'Our eyes are on this period’s numbers.',
      'We are reluctant to give up revenue now for revenue later.',
      'The customer comes first, whatever the plan says.',
      'We adapt strategy to each territory.',
      'There is little benefit in long-term thinking for sales.',
    ],
    other: [
      'Marketers should be on call to support sales.',
      'Marketers should be more proactive.',
      'Marketers should take care of the small tasks for us.',
      'Marketers should get closer to what happens in the market.',
      'Marketers should be flexible when we adapt a strategy.',
      'Marketers should build strategies that work in the field.',
      'Marketers should have sales’ interests at heart.',
    ],
  },
  marketing: {
    self: [
      'Strategy is marketing’s to make.',
      'We resist short-term thinking.',
      'We plan for the whole market, not single territories.',
      'Strategy should not be delegated to sales.',
      'Closing deals is sales’ job, not ours.',
      'Our role is strategic, not to be on call.',
    ],
    other: [
      'Sales should follow the marketing plan closely.',
      'Sales should not improvise its own processes in the field.',
      'Sales should put the long term before the quarter.',
      'Sales should support our strategies fully.',
      'Sales should stay out of developing strategy.',
    ],
  },
};

const seven = { min: 1, max: 7 };

export const INSTRUMENTS: Readonly<Record<InstrumentKey, Instrument>> = {
  maturity: {
    key: 'maturity',
    name: 'Alignment maturity test',
    scale: { min: 1, max: 5 },
    scoring: 'sum',
    functions: ALL,
    forms: sameForAll(MATURITY_ITEMS),
  },
  'c3:worldview': {
    key: 'c3:worldview',
    name: 'Worldview',
    scale: seven,
    scoring: 'mean',
    functions: ['sales', 'marketing'],
    forms: WORLDVIEW,
  },
  'c3:connection': {
    key: 'c3:connection',
    name: 'Strength of connection',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: sameForAll(CONNECTION),
  },
  'c3:communication': {
    key: 'c3:communication',
    name: 'Communication',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: sameForAll(COMMUNICATION),
  },
  'c3:supportiveness': {
    key: 'c3:supportiveness',
    name: 'Supportiveness',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: sameForAll(SUPPORTIVENESS),
  },
  'c3:trust': {
    key: 'c3:trust',
    name: 'Trust and openness',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: sameForAll(TRUST),
  },
  'c3:credibility': {
    key: 'c3:credibility',
    name: 'Credibility',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: sameForAll(CREDIBILITY),
  },
  'c3:strategy-making': {
    key: 'c3:strategy-making',
    name: 'Strategy making',
    scale: seven,
    scoring: 'mean',
    functions: ALL,
    forms: Object.fromEntries(ALL.map((f) => [f, STRATEGY_MAKING])),
  },
  'c3:buy-in': {
    key: 'c3:buy-in',
    name: 'Strategy buy-in',
    scale: seven,
    scoring: 'mean',
    functions: ['sales'],
    forms: sameForAll(BUY_IN, ['sales']),
  },
};

export const INSTRUMENT_KEYS = Object.keys(INSTRUMENTS) as InstrumentKey[];
