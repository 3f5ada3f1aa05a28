/** Names, companies and campaigns the scenario generator draws from. */

export const FIRST_NAMES = [
  'Ada',
  'Amara',
  'Ben',
  'Carla',
  'Chen',
  'Dario',
  'Elena',
  'Farah',
  'Felix',
  'Grace',
  'Hana',
  'Ibrahim',
  'Ines',
  'Jonas',
  'Kai',
  'Lena',
  'Luis',
  'Maya',
  'Mateo',
  'Nia',
  'Noah',
  'Olga',
  'Omar',
  'Priya',
  'Quinn',
  'Rafael',
  'Rosa',
  'Sami',
  'Sofia',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Yusuf',
  'Zoe',
];

export const LAST_NAMES = [
  'Adeyemi',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Wagner',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Novak',
  'Silva',
  'Murphy',
  'Kim',
];

export const COMPANIES: readonly (readonly [name: string, domain: string])[] = [
  ['Acme Analytics', 'acme-analytics.example'],
  ['Brightpath Logistics', 'brightpath.example'],
  ['Cobalt Health', 'cobalthealth.example'],
  ['Driftwood Retail', 'driftwood.example'],
  ['Everline Finance', 'everline.example'],
  ['Foxglove Software', 'foxglove.example'],
  ['Granite Manufacturing', 'granite-mfg.example'],
  ['Harbor Insurance', 'harbor-ins.example'],
  ['Ironbark Energy', 'ironbark.example'],
  ['Juniper Education', 'juniper-edu.example'],
  ['Kestrel Security', 'kestrel.example'],
  ['Lumen Media', 'lumen-media.example'],
  ['Meridian Travel', 'meridian.example'],
  ['Northwind Foods', 'northwind.example'],
  ['Orchid Biotech', 'orchid-bio.example'],
  ['Pinecrest Realty', 'pinecrest.example'],
  ['Quarry Robotics', 'quarry.example'],
  ['Redwood Legal', 'redwood-legal.example'],
  ['Saltmarsh Telecom', 'saltmarsh.example'],
  ['Tidewater Shipping', 'tidewater.example'],
];

export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['United States', 40],
  ['United Kingdom', 12],
  ['Germany', 10],
  ['Canada', 8],
  ['France', 6],
  ['Australia', 6],
  ['Netherlands', 5],
  ['India', 5],
  ['Spain', 4],
  ['Brazil', 4],
];

/** Job titles, each with whether it usually fits the ideal customer profile. */
export const JOB_TITLES: readonly (readonly [title: string, fits: boolean])[] = [
  ['VP Marketing', true],
  ['Head of Sales', true],
  ['Director of Demand Generation', true],
  ['Revenue Operations Manager', true],
  ['Chief Revenue Officer', true],
  ['Founder', true],
  ['Marketing Manager', true],
  ['Sales Manager', true],
  ['Marketing Coordinator', false],
  ['Sales Development Representative', false],
  ['Software Engineer', false],
  ['Student', false],
];

export const EMPLOYEE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 10], 15],
  [[11, 50], 25],
  [[51, 200], 25],
  [[201, 1000], 20],
  [[1001, 5000], 10],
  [[5001, 20000], 5],
];

export const CONVERSION_EVENTS = [
  'Ebook: The lead hand-off playbook',
  'Webinar: Closing the MQL to SQL gap',
  'Demo request',
  'Pricing page contact form',
  'Free trial signup',
  'Newsletter signup',
  'Chat: Talk to sales',
];

/** How contacts enter the portal: source, its drill-downs, relative weight and who sourced them. */
export interface EntryChannel {
  readonly source: string;
  readonly drillDowns: readonly (readonly [string, string])[];
  readonly weight: number;
  readonly origin: 'marketing' | 'sales' | 'partner';
  /** HubSpot's `changeSource` for the creation. */
  readonly changeSource: string;
}

export const ENTRY_CHANNELS: readonly EntryChannel[] = [
  {
    source: 'ORGANIC_SEARCH',
    drillDowns: [
      ['google', 'lead handoff sla'],
      ['google', '{unknown keyword}'],
      ['bing', 'mql definition'],
    ],
    weight: 22,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'PAID_SEARCH',
    drillDowns: [
      ['google', 'brand-2026'],
      ['google', 'lead-routing'],
      ['bing', 'competitor-terms'],
    ],
    weight: 14,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'EMAIL_MARKETING',
    drillDowns: [
      ['January newsletter', '118203457'],
      ['Webinar invite', '118209911'],
    ],
    weight: 9,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'SOCIAL_MEDIA',
    drillDowns: [
      ['LinkedIn', 'post'],
      ['X', 'post'],
    ],
    weight: 7,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'PAID_SOCIAL',
    drillDowns: [
      ['LinkedIn', 'abm-q1'],
      ['Facebook', 'retargeting'],
    ],
    weight: 8,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'DIRECT_TRAFFIC',
    drillDowns: [['https://www.baton-demo.example/pricing', '']],
    weight: 10,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'AI_REFERRALS',
    drillDowns: [
      ['chatgpt.com', ''],
      ['perplexity.ai', ''],
    ],
    weight: 4,
    origin: 'marketing',
    changeSource: 'FORM',
  },
  {
    source: 'REFERRALS',
    drillDowns: [
      ['partner.northstar-consulting.example', 'https://partner.northstar-consulting.example/tools'],
    ],
    weight: 8,
    origin: 'partner',
    changeSource: 'FORM',
  },
  {
    source: 'OFFLINE',
    drillDowns: [['IMPORT', 'Partner list: Northstar Consulting']],
    weight: 6,
    origin: 'partner',
    changeSource: 'IMPORT',
  },
  {
    source: 'OFFLINE',
    drillDowns: [['CRM_UI', 'sales']],
    weight: 12,
    origin: 'sales',
    changeSource: 'CRM_UI',
  },
];
