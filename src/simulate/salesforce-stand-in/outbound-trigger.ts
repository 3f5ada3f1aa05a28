import type { FieldValue, Row } from './field-values.ts';
import type { OrgSchema } from './org-schema.ts';
import type { RecordChange } from './org-store.ts';
import type { OutboundNotification } from './outbound-envelope.ts';

/** What the record-triggered Flow watches when none is configured. */
export const DEFAULT_WATCHED_FIELDS = [
  'Status',
  'OwnerId',
  'LeadSource',
  'IsConverted',
  'Rating',
  'baton__Disposition__c',
] as const;

/** What the notification's sObject carries besides Id, when none is configured. */
export const DEFAULT_MESSAGE_FIELDS = [
  ...DEFAULT_WATCHED_FIELDS,
  'LastModifiedById',
  'SystemModstamp',
] as const;

function soapValue(value: FieldValue, type: string | undefined): string | null {
  if (value === null) return null;
  if (type === 'datetime' && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

/**
 * The Flow's entry condition: a Lead created, or one whose watched fields changed. Returns the
 * notification it queues (without its id), carrying the record as it was saved.
 */
export function createOutboundTrigger(options: {
  readonly schema: OrgSchema;
  readonly watchedFields: readonly string[];
  readonly messageFields: readonly string[];
}) {
  const lead = options.schema.object('Lead');
  if (!lead) throw new Error('The stand-in org has no Lead object.');
  // Watched or sent fields the org does not have (no package installed) are left out, as a Flow could not name them.
  const known = (names: readonly string[]) => names.flatMap((name) => lead.field(name)?.name ?? []);
  const watched = new Set(known(options.watchedFields));
  const sent = ['Id', ...known(options.messageFields).filter((name) => name !== 'Id')];

  return (change: RecordChange, row: Row): Omit<OutboundNotification, 'id'> | null => {
    if (change.objectType !== 'Lead') return null;
    const fires =
      change.kind === 'created' ||
      (change.kind === 'updated' && Object.keys(change.changed).some((name) => watched.has(name)));
    if (!fires) return null;
    const fields = sent.flatMap((name) => {
      const value = soapValue(row[name] ?? null, lead.field(name)?.type);
      return value === null ? [] : [[name, value] as const];
    });
    return { objectType: 'Lead', fields };
  };
}
