import {
  isSubscribed,
  type WebhookSubscription,
} from '../../crm/hubspot/intake/hubspot-webhook-subscriptions.ts';
import type { PublishedChange } from './contact-store.ts';

/** One webhook event as HubSpot sends it (classic `contact.*` subscriptions). */
export interface HubSpotWebhookEvent {
  readonly eventId: number;
  readonly subscriptionId: number;
  readonly portalId: number;
  readonly appId: number;
  readonly occurredAt: number;
  readonly subscriptionType: string;
  readonly attemptNumber: number;
  readonly objectId: number;
  readonly changeSource: string;
  readonly sourceId?: string;
  readonly changeFlag?: string;
  readonly propertyName?: string;
  readonly propertyValue?: string;
  readonly primaryObjectId?: number;
  readonly mergedObjectIds?: readonly number[];
  readonly newObjectId?: number;
  readonly numberOfPropertiesMoved?: number;
}

const SUBSCRIPTION_IDS: Readonly<Record<string, number>> = {
  'contact.creation': 3_100_001,
  'contact.deletion': 3_100_002,
  'contact.privacyDeletion': 3_100_003,
  'contact.merge': 3_100_004,
};

/**
 * Turns portal changes into the events HubSpot would send an app with these subscriptions: one
 * `contact.propertyChange` per changed property subscribed to, each property being its own
 * subscription (as in HubSpot's settings).
 */
export function createWebhookEventFactory(ids: {
  readonly portalId: number;
  readonly appId: number;
  /** Datetime properties travel as epoch milliseconds in webhooks, where the CRM API answers ISO 8601. */
  readonly isDatetime: (propertyName: string) => boolean;
  readonly subscriptions: readonly WebhookSubscription[];
}) {
  let nextEventId = 1;
  const propertySubscriptions = new Map<string, number>();
  const subscriptionOf = (propertyName: string) => {
    let id = propertySubscriptions.get(propertyName);
    if (id === undefined) {
      id = 3_200_001 + propertySubscriptions.size;
      propertySubscriptions.set(propertyName, id);
    }
    return id;
  };

  return (change: PublishedChange): HubSpotWebhookEvent[] =>
    eventsOf(change).filter((event) => isSubscribed(ids.subscriptions, event));

  function eventsOf(change: PublishedChange): HubSpotWebhookEvent[] {
    const objectId = Number(change.contactId);
    const base = (subscriptionType: string, subscriptionId: number) => ({
      eventId: nextEventId++,
      subscriptionId,
      portalId: ids.portalId,
      appId: ids.appId,
      occurredAt: change.at,
      subscriptionType,
      attemptNumber: 0,
      objectId,
      changeSource: change.origin.changeSource,
      ...(change.origin.sourceId === undefined ? {} : { sourceId: change.origin.sourceId }),
    });
    const propertyChanges = (values: Readonly<Record<string, string>>) =>
      Object.entries(values).map(([propertyName, propertyValue]) => ({
        ...base('contact.propertyChange', subscriptionOf(propertyName)),
        propertyName,
        propertyValue:
          ids.isDatetime(propertyName) && propertyValue !== ''
            ? String(Date.parse(propertyValue))
            : propertyValue,
      }));
    const fixed = (type: string) => base(type, SUBSCRIPTION_IDS[type] ?? 0);

    switch (change.kind) {
      case 'creation':
        return [{ ...fixed('contact.creation'), changeFlag: 'NEW' }, ...propertyChanges(change.properties)];
      case 'propertyChange':
        return propertyChanges(change.changed);
      case 'merge':
        return [
          {
            ...fixed('contact.merge'),
            changeFlag: 'MERGED',
            primaryObjectId: objectId,
            mergedObjectIds: [Number(change.mergedId)],
            newObjectId: objectId,
            numberOfPropertiesMoved: change.propertiesMoved,
          },
        ];
      case 'deletion':
        return [{ ...fixed('contact.deletion'), changeFlag: 'DELETED' }];
      case 'privacyDeletion':
        return [{ ...fixed('contact.privacyDeletion'), changeFlag: 'DELETED' }];
    }
  }
}
