import type { PropertyBag } from '../../core/record.ts';
import { LINKED_RECORD_PROPERTY } from '../../store/snapshots.ts';
import { BATON_PROPERTY_NAMES } from './baton-properties.ts';

/**
 * HubSpot's Lead object carries the hand-off: marketing's contact gets a Lead in sales' workspace,
 * a rep works it through the lead pipeline and owns it. Baton's journey is the contact's, so a
 * Lead's properties are folded onto its contact's snapshot under this prefix, where the funnel
 * mapping and status events can name them (`lead.hs_pipeline_stage`, `lead.hubspot_owner_id`).
 */
export const LEAD_PREFIX = 'lead.';

/** HubSpot's object type id for the Lead object in generic `object.*` webhook subscriptions. */
export const LEAD_OBJECT_TYPE_ID = '0-136';

/** The Lead's own id on the contact, so a Lead's deletion finds the contact it was folded onto. */
export const LEAD_ID_PROPERTY = LINKED_RECORD_PROPERTY;

/**
 * Read on every Lead whatever the mapping says: its pipeline position and assignee, and Baton's
 * own properties, so the Lead's write-back sends only what changed.
 */
const ALWAYS_READ = [
  'hs_pipeline',
  'hs_pipeline_stage',
  'hubspot_owner_id',
  'createdate',
  ...BATON_PROPERTY_NAMES,
];

/** Splits the property names a tenant's configuration reads into contact and Lead properties. */
export function splitPropertiesToRead(names: readonly string[]): {
  readonly contact: string[];
  readonly lead: string[];
} {
  const contact = names.filter((name) => !name.startsWith(LEAD_PREFIX));
  const mapped = names
    .filter((name) => name.startsWith(LEAD_PREFIX))
    .map((name) => name.slice(LEAD_PREFIX.length));
  return {
    contact,
    lead: [...new Set([...ALWAYS_READ, ...mapped])].filter((n) => n !== 'hs_object_id').sort(),
  };
}

/** A Lead's properties as they sit on its contact's snapshot. */
export function leadFacts(leadId: string, properties: PropertyBag): Record<string, string | null> {
  const facts: Record<string, string | null> = { [LEAD_ID_PROPERTY]: leadId };
  for (const [name, value] of Object.entries(properties)) {
    if (name !== 'hs_object_id') facts[`${LEAD_PREFIX}${name}`] = value;
  }
  return facts;
}

/** The Lead facts a stored snapshot holds, to carry onto a contact-only refresh. */
export function leadFactsOf(properties: PropertyBag): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(properties).filter(([name]) => name.startsWith(LEAD_PREFIX) || name === LEAD_ID_PROPERTY),
  );
}

/** The Lead's own values of some properties, as folded onto its contact's snapshot. */
export function leadValues(
  properties: PropertyBag,
  names: readonly string[],
): Record<string, string | null | undefined> {
  return Object.fromEntries(names.map((name) => [name, properties[`${LEAD_PREFIX}${name}`]]));
}

/** Values written to a Lead, as they go onto its contact's snapshot. */
export function asLeadFacts(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [`${LEAD_PREFIX}${name}`, value]));
}

/** The same facts emptied: the Lead is gone, so the contact no longer carries a hand-off. */
export function clearedLeadFacts(properties: PropertyBag): Record<string, null> {
  return Object.fromEntries(Object.keys(leadFactsOf(properties)).map((name) => [name, null]));
}
