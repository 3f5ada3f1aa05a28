import { describe, expect, it } from 'vitest';
import {
  hubSpotEventBatchSchema,
  hubSpotEventDedupeKey,
} from '../../../../src/crm/hubspot/intake/hubspot-event-schema.ts';

const OCCURRED_AT = Date.parse('2026-03-02T10:00:00.000Z');
const common = {
  eventId: 1_577_856_286,
  subscriptionId: 2_104_118,
  portalId: 62_515,
  appId: 1_160_452,
  occurredAt: OCCURRED_AT,
  attemptNumber: 0,
};

/** As HubSpot sends them (shapes from HubSpot's webhook documentation). */
const deliveries = {
  propertyChange: {
    ...common,
    subscriptionType: 'contact.propertyChange',
    objectId: 501,
    propertyName: 'lifecyclestage',
    propertyValue: 'marketingqualifiedlead',
    changeSource: 'CRM_UI',
    sourceId: 'userId:82088707',
  },
  genericCreation: {
    ...common,
    subscriptionType: 'object.creation',
    objectTypeId: '0-136',
    objectId: 7_001,
    changeFlag: 'CREATED',
    changeSource: 'INTEGRATION',
  },
  merge: {
    ...common,
    subscriptionType: 'contact.merge',
    objectId: 501,
    primaryObjectId: 501,
    mergedObjectIds: [502, 503],
    newObjectId: null,
    numberOfPropertiesMoved: 47,
  },
  associationChange: {
    ...common,
    subscriptionType: 'contact.associationChange',
    associationType: 'CONTACT_TO_COMPANY',
    fromObjectId: 501,
    toObjectId: 9_001,
    associationRemoved: false,
    isPrimaryAssociation: true,
    associationTypeId: 1,
    associationCategory: 'HUBSPOT_DEFINED',
  },
  privacyDeletion: { ...common, subscriptionType: 'contact.privacyDeletion', objectId: 501 },
};

function parse(body: unknown) {
  return hubSpotEventBatchSchema.safeParse(JSON.parse(JSON.stringify(body)));
}

describe('HubSpot webhook batch schema', () => {
  it.each(Object.entries(deliveries))('accepts a %s event', (_type, event) => {
    expect(parse([event]).success).toBe(true);
  });

  it('keeps ids as decimal strings, times as numbers, and fields it does not know', () => {
    const parsed = parse([deliveries.associationChange, deliveries.merge]);
    expect(parsed.data?.[0]).toMatchObject({
      eventId: '1577856286',
      portalId: '62515',
      appId: '1160452',
      fromObjectId: '501',
      occurredAt: OCCURRED_AT,
      associationTypeId: 1,
      associationCategory: 'HUBSPOT_DEFINED',
    });
    expect(parsed.data?.[1]).toMatchObject({ mergedObjectIds: ['502', '503'], newObjectId: null });
  });

  it('takes ids and times sent as digit strings, and non-text property values as text', () => {
    const parsed = parse([
      {
        ...deliveries.propertyChange,
        objectId: '9007199254740993',
        occurredAt: String(OCCURRED_AT),
        propertyValue: 42,
      },
    ]);
    expect(parsed.data?.[0]).toMatchObject({
      objectId: '9007199254740993',
      occurredAt: OCCURRED_AT,
      propertyValue: '42',
    });
  });

  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ ...deliveries.propertyChange, eventId: i }));
  it.each<[string, unknown, string]>([
    ['an object instead of an array', deliveries.propertyChange, ''],
    ['an empty batch', [], ''],
    ['101 events', many(101), ''],
    [
      'a time that is not a number',
      [{ ...deliveries.propertyChange, occurredAt: 'yesterday' }],
      '0.occurredAt',
    ],
    ['a fractional id', [{ ...deliveries.propertyChange, objectId: 501.5 }], '0.objectId'],
    ['an id past 2^53', [{ ...deliveries.propertyChange, portalId: 2 ** 60 }], '0.portalId'],
    [
      'a missing subscription id',
      [{ ...deliveries.propertyChange, subscriptionId: undefined }],
      '0.subscriptionId',
    ],
    [
      'a record event without objectId',
      [{ ...deliveries.propertyChange, objectId: undefined }],
      '0.objectId',
    ],
    [
      'an empty subscription type',
      [{ ...deliveries.propertyChange, subscriptionType: '' }],
      '0.subscriptionType',
    ],
    ['a negative attempt number', [{ ...deliveries.propertyChange, attemptNumber: -1 }], '0.attemptNumber'],
    [
      'merged ids that are not a list',
      [{ ...deliveries.merge, mergedObjectIds: '502' }],
      '0.mergedObjectIds',
    ],
    [
      'a flag that is not a boolean',
      [{ ...deliveries.associationChange, associationRemoved: 'no' }],
      '0.associationRemoved',
    ],
    ['a bad event after good ones', [...many(3), { ...deliveries.merge, eventId: 'x' }], '3.eventId'],
  ])('rejects %s, naming where', (_what, body, path) => {
    const parsed = parse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('dedupes on portal, subscription, event id and time, because event ids alone repeat', () => {
    const [first, sameIdLater, otherSubscription] =
      parse([
        deliveries.propertyChange,
        { ...deliveries.propertyChange, occurredAt: OCCURRED_AT + 1 },
        { ...deliveries.propertyChange, subscriptionId: 3 },
      ]).data ?? [];
    if (!first || !sameIdLater || !otherSubscription) throw new Error('fixture did not parse');
    expect(hubSpotEventDedupeKey(first)).toBe(`62515:2104118:1577856286:${OCCURRED_AT}`);
    expect(new Set([first, sameIdLater, otherSubscription].map(hubSpotEventDedupeKey)).size).toBe(3);
  });
});
