/** The HubSpot-defined property groups and properties a fresh portal starts with (a subset). */

export type PropertyType =
  | 'bool'
  | 'date'
  | 'datetime'
  | 'enumeration'
  | 'number'
  | 'phone_number'
  | 'string';

export interface PropertyOption {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
  readonly displayOrder?: number;
  readonly hidden?: boolean;
}

export interface PropertySeed {
  readonly name: string;
  readonly label: string;
  readonly groupName: string;
  readonly type: PropertyType;
  readonly fieldType: string;
  readonly options?: readonly PropertyOption[];
  /** Set by HubSpot itself (tracking, system fields); the API refuses writes to it. */
  readonly readOnlyValue?: boolean;
  /** Options are the portal's owners (`hubspot_owner_id`). */
  readonly ownerReference?: boolean;
  readonly hasUniqueValue?: boolean;
}

export interface GroupSeed {
  readonly name: string;
  readonly label: string;
}

export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;

const LIFECYCLE_LABELS: Readonly<Record<(typeof LIFECYCLE_STAGES)[number], string>> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing Qualified Lead',
  salesqualifiedlead: 'Sales Qualified Lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  other: 'Other',
};

export const LEAD_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'OPEN_DEAL',
  'UNQUALIFIED',
  'ATTEMPTED_TO_CONTACT',
  'CONNECTED',
  'BAD_TIMING',
] as const;

export const ANALYTICS_SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SEARCH',
  'EMAIL_MARKETING',
  'SOCIAL_MEDIA',
  'REFERRALS',
  'OTHER_CAMPAIGNS',
  'DIRECT_TRAFFIC',
  'OFFLINE',
  'PAID_SOCIAL',
  'AI_REFERRALS',
] as const;

function optionsFrom(values: readonly string[], labelOf: (value: string) => string): PropertyOption[] {
  return values.map((value, index) => ({ value, label: labelOf(value), displayOrder: index, hidden: false }));
}

const titleCase = (value: string) =>
  value
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

const SOURCE_OPTIONS = optionsFrom(ANALYTICS_SOURCES, titleCase);

const text = (name: string, label: string, groupName: string, readOnlyValue = false): PropertySeed => ({
  name,
  label,
  groupName,
  type: 'string',
  fieldType: 'text',
  readOnlyValue,
});
const instant = (name: string, label: string, groupName: string): PropertySeed => ({
  name,
  label,
  groupName,
  type: 'datetime',
  fieldType: 'date',
  readOnlyValue: true,
});
const count = (name: string, label: string, groupName: string, readOnlyValue = false): PropertySeed => ({
  name,
  label,
  groupName,
  type: 'number',
  fieldType: 'number',
  readOnlyValue,
});

const sourceEnumeration = (name: string, label: string): PropertySeed => ({
  name,
  label,
  groupName: 'analyticsinformation',
  type: 'enumeration',
  fieldType: 'select',
  options: SOURCE_OPTIONS,
  readOnlyValue: true,
});

export const CONTACT_GROUPS: readonly GroupSeed[] = [
  { name: 'contactinformation', label: 'Contact information' },
  { name: 'sales_properties', label: 'Sales properties' },
  { name: 'analyticsinformation', label: 'Web analytics history' },
  { name: 'conversioninformation', label: 'Conversion information' },
];

export const CONTACT_PROPERTIES: readonly PropertySeed[] = [
  { ...text('email', 'Email', 'contactinformation'), hasUniqueValue: true },
  text('firstname', 'First Name', 'contactinformation'),
  text('lastname', 'Last Name', 'contactinformation'),
  text('company', 'Company Name', 'contactinformation'),
  text('jobtitle', 'Job Title', 'contactinformation'),
  text('country', 'Country/Region', 'contactinformation'),
  count('numberofemployees', 'Number of Employees', 'contactinformation'),
  count('hs_object_id', 'Record ID', 'contactinformation', true),
  instant('createdate', 'Create Date', 'contactinformation'),
  instant('lastmodifieddate', 'Last Modified Date', 'contactinformation'),
  text('hs_merged_object_ids', 'Merged Contact IDs', 'contactinformation', true),
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    groupName: 'contactinformation',
    type: 'enumeration',
    fieldType: 'radio',
    options: optionsFrom(
      LIFECYCLE_STAGES,
      (stage) => LIFECYCLE_LABELS[stage as keyof typeof LIFECYCLE_LABELS],
    ),
  },
  ...LIFECYCLE_STAGES.map((stage) =>
    instant(
      `hs_lifecyclestage_${stage}_date`,
      `Became a ${LIFECYCLE_LABELS[stage]} Date`,
      'contactinformation',
    ),
  ),
  {
    name: 'hubspot_owner_id',
    label: 'Contact owner',
    groupName: 'sales_properties',
    type: 'enumeration',
    fieldType: 'select',
    ownerReference: true,
  },
  instant('hubspot_owner_assigneddate', 'Owner Assigned Date', 'sales_properties'),
  {
    name: 'hs_lead_status',
    label: 'Lead Status',
    groupName: 'sales_properties',
    type: 'enumeration',
    fieldType: 'select',
    options: optionsFrom(LEAD_STATUSES, titleCase),
  },
  sourceEnumeration('hs_analytics_source', 'Original Source'),
  text('hs_analytics_source_data_1', 'Original Source Drill-Down 1', 'analyticsinformation', true),
  text('hs_analytics_source_data_2', 'Original Source Drill-Down 2', 'analyticsinformation', true),
  instant('hs_analytics_first_timestamp', 'Time First Seen', 'analyticsinformation'),
  sourceEnumeration('hs_latest_source', 'Latest Traffic Source'),
  text('hs_latest_source_data_1', 'Latest Traffic Source Drill-Down 1', 'analyticsinformation', true),
  text('hs_latest_source_data_2', 'Latest Traffic Source Drill-Down 2', 'analyticsinformation', true),
  instant('hs_latest_source_timestamp', 'Latest Traffic Source Date', 'analyticsinformation'),
  text('first_conversion_event_name', 'First Conversion', 'conversioninformation', true),
  instant('first_conversion_date', 'First Conversion Date', 'conversioninformation'),
  text('recent_conversion_event_name', 'Recent Conversion', 'conversioninformation', true),
  instant('recent_conversion_date', 'Recent Conversion Date', 'conversioninformation'),
  count('num_conversion_events', 'Number of Form Submissions', 'conversioninformation', true),
];

export const LEAD_GROUPS: readonly GroupSeed[] = [{ name: 'leadinformation', label: 'Lead information' }];

export const LEAD_PROPERTIES: readonly PropertySeed[] = [
  text('hs_lead_name', 'Lead name', 'leadinformation'),
  count('hs_object_id', 'Record ID', 'leadinformation', true),
  {
    name: 'hs_pipeline_stage',
    label: 'Lead stage',
    groupName: 'leadinformation',
    type: 'enumeration',
    fieldType: 'select',
    options: optionsFrom(['new-stage-id', 'attempting-stage-id', 'connected-stage-id'], titleCase),
  },
  {
    name: 'hubspot_owner_id',
    label: 'Lead owner',
    groupName: 'leadinformation',
    type: 'enumeration',
    fieldType: 'select',
    ownerReference: true,
  },
];

/** Properties only HubSpot writes; not even the portal's own users can set them. */
export const SYSTEM_PROPERTIES = new Set([
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
  'hs_merged_object_ids',
]);
