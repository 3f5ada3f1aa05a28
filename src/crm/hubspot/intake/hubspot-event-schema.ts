import { z } from 'zod';

/**
 * HubSpot ids arrive as JSON numbers. They are kept as canonical decimal strings, the form the
 * CRM APIs take them in, so nothing downstream does arithmetic on them and "062515" and 62515
 * name one portal (or record). A number past 2^53 has already lost digits in JSON.parse and is
 * refused rather than stored as a different record's id.
 */
const HUBSPOT_ID_RULE = 'must be a HubSpot id: a whole number (at most 2^53) or a string of digits';
const HUBSPOT_ID_DIGITS = /^\d{1,20}$/;
const hubSpotId = z
  .union([z.int({ error: HUBSPOT_ID_RULE }).nonnegative(), z.string().regex(HUBSPOT_ID_DIGITS)], {
    error: HUBSPOT_ID_RULE,
  })
  .transform(canonicalDigits);

function canonicalDigits(id: number | string): string {
  return typeof id === 'number' ? String(id) : id.replace(/^0+(?=\d)/, '');
}

/**
 * The canonical form of a HubSpot id from anywhere it enters Baton (webhooks, OAuth `hub_id`,
 * signed requests), or null when it is not one: a whole number or a string of digits.
 */
export function canonicalHubSpotId(id: unknown): string | null {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  return typeof id === 'string' && HUBSPOT_ID_DIGITS.test(id) ? canonicalDigits(id) : null;
}

const epochMillis = z.union(
  [
    z.int().nonnegative(),
    z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ],
  {
    error: 'must be epoch milliseconds: a whole number, or a string of digits',
  },
);

/*
 * `.optional()`, not `.exactOptional()`: on an absent key zod runs a transforming schema under
 * exactOptional and builds issues it then discards, which made batch validation 3x slower. JSON
 * has no `undefined`, so the looser type admits nothing more.
 */
const optionalText = z.string().nullable().optional();
const optionalFlag = z.boolean().nullable().optional();

/** Property values are strings in HubSpot's CRM API; a number or boolean is taken as its text. */
const propertyValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .nullable()
  .optional();

const ASSOCIATION_CHANGE = /\.associationChange$/;

/**
 * One webhook event. Fields Baton does not read yet are kept as they came, since HubSpot adds
 * fields over time and the worker may want them later.
 */
export const hubSpotEventSchema = z
  .looseObject({
    eventId: hubSpotId,
    subscriptionId: hubSpotId,
    portalId: hubSpotId,
    appId: hubSpotId,
    occurredAt: epochMillis,
    subscriptionType: z.string().min(1),
    attemptNumber: z.int().nonnegative(),
    objectId: hubSpotId.optional(),
    propertyName: optionalText,
    propertyValue,
    changeSource: optionalText,
    sourceId: optionalText,
    changeFlag: optionalText,
    objectTypeId: optionalText,
    primaryObjectId: hubSpotId.nullable().optional(),
    mergedObjectIds: z.array(hubSpotId).nullable().optional(),
    newObjectId: hubSpotId.nullable().optional(),
    numberOfPropertiesMoved: z.int().nonnegative().nullable().optional(),
    associationType: optionalText,
    fromObjectId: hubSpotId.nullable().optional(),
    toObjectId: hubSpotId.nullable().optional(),
    associationRemoved: optionalFlag,
    isPrimaryAssociation: optionalFlag,
  })
  .superRefine((event, context) => {
    // Association changes name both ends (fromObjectId, toObjectId) and may carry no objectId.
    if (event.objectId === undefined && !ASSOCIATION_CHANGE.test(event.subscriptionType)) {
      context.addIssue({ code: 'custom', path: ['objectId'], message: 'is required for this event type' });
    }
  });

export const HUBSPOT_BATCH_MAX_EVENTS = 100;

export const hubSpotEventBatchSchema = z
  .array(hubSpotEventSchema, { error: 'must be a JSON array of HubSpot webhook events' })
  .min(1, { error: 'must hold at least one event' })
  .max(HUBSPOT_BATCH_MAX_EVENTS, { error: `must hold at most ${HUBSPOT_BATCH_MAX_EVENTS} events` });

export type HubSpotEvent = z.output<typeof hubSpotEventSchema>;

/**
 * HubSpot's `eventId` alone is not unique; this combination is what identifies one delivery of
 * one change, so retries and duplicate deliveries land on the same inbox row.
 */
export function hubSpotEventDedupeKey(event: HubSpotEvent): string {
  return `${event.portalId}:${event.subscriptionId}:${event.eventId}:${event.occurredAt}`;
}

/** Classic `contact.*` subscriptions carry no object type id; generic ones say `0-1` for contacts. */
export const CONTACT_OBJECT_TYPE_ID = '0-1';

/**
 * The record an event is about (`0-1:123` for a contact, `0-136:9` for a Lead), so the worker
 * takes every event of one record together. An association change names two records and no
 * `objectId`; it is keyed by its source end.
 */
export function hubSpotEventRecordKey(event: HubSpotEvent): string {
  return hubSpotRecordKey(
    event.objectTypeId ?? CONTACT_OBJECT_TYPE_ID,
    event.objectId ?? event.fromObjectId ?? `event-${event.eventId}`,
  );
}

/** The inbox record key of a HubSpot object, the same for its events and its write-backs. */
export function hubSpotRecordKey(objectTypeId: string, objectId: string): string {
  return `${objectTypeId}:${objectId}`;
}
