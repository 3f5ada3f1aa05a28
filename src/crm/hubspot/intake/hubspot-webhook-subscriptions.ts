import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The webhook subscriptions of Baton's HubSpot app, read from its developer project
 * (`extensions/hubspot/src/app/webhooks/webhooks-hsmeta.json`), so the stand-in sends only the
 * events HubSpot would send an app subscribed that way: no echo of Baton's own `baton_`
 * properties, no change to a property nobody subscribed to.
 */
export const BATON_WEBHOOKS_COMPONENT = new URL(
  '../../../../extensions/hubspot/src/app/webhooks/webhooks-hsmeta.json',
  import.meta.url,
);

const subscription = z.strictObject({
  subscriptionType: z.string().regex(/^[a-z]+\.[A-Za-z]+$/),
  objectType: z.string().min(1).optional(),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

/** The shape HubSpot documents for a project's `webhooks` component. */
export const webhooksComponentSchema = z.strictObject({
  uid: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/),
  type: z.literal('webhooks'),
  config: z.strictObject({
    settings: z.strictObject({
      targetUrl: z.string().min(1),
      maxConcurrentRequests: z.int().min(5),
    }),
    subscriptions: z.strictObject({
      crmObjects: z.array(subscription).default([]),
      legacyCrmObjects: z.array(subscription).default([]),
      hubEvents: z.array(subscription).default([]),
    }),
  }),
});

export type WebhookSubscription = z.output<typeof subscription>;

/** What decides whether an event is sent: its type, its object type, its property. */
export interface SubscribableEvent {
  readonly subscriptionType: string;
  readonly objectTypeId?: string | null | undefined;
  readonly propertyName?: string | null | undefined;
}

/** HubSpot's object type names in project files, by the type ids events carry. */
const OBJECT_TYPE_IDS: Readonly<Record<string, string>> = { contact: '0-1', lead: '0-136' };

export function loadWebhookSubscriptions(file: URL = BATON_WEBHOOKS_COMPONENT): WebhookSubscription[] {
  const component = webhooksComponentSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const { crmObjects, legacyCrmObjects, hubEvents } = component.config.subscriptions;
  return [...crmObjects, ...legacyCrmObjects, ...hubEvents].filter((s) => s.active);
}

/** Whether an app with these subscriptions gets the event. */
export function isSubscribed(
  subscriptions: readonly WebhookSubscription[],
  event: SubscribableEvent,
): boolean {
  return subscriptions.some(
    (s) =>
      s.subscriptionType === event.subscriptionType &&
      (s.objectType === undefined || OBJECT_TYPE_IDS[s.objectType] === event.objectTypeId) &&
      (s.propertyName === undefined || s.propertyName === event.propertyName),
  );
}

/**
 * The contact properties a change of which HubSpot tells Baton about. A definition reading any
 * other property re-judges a contact only when a watched one changes, or on backfill.
 */
export function watchedContactProperties(
  subscriptions: readonly WebhookSubscription[] = loadWebhookSubscriptions(),
): ReadonlySet<string> {
  return new Set(
    subscriptions.flatMap((s) =>
      s.propertyName !== undefined &&
      (s.subscriptionType === 'contact.propertyChange' ||
        (s.subscriptionType === 'object.propertyChange' && s.objectType === 'contact'))
        ? [s.propertyName]
        : [],
    ),
  );
}
