import type { HubSpotEvent } from '../../../../src/crm/hubspot/intake/hubspot-event-schema.ts';

let next = 0;

/** A webhook event of portal 62515, each with a fresh event id and a later time than the last. */
export function hubSpotEvent(
  subscriptionType: string,
  objectId: string,
  extra: Partial<HubSpotEvent> = {},
): HubSpotEvent {
  next += 1;
  return {
    eventId: String(next),
    subscriptionId: '7',
    portalId: '62515',
    appId: '99',
    occurredAt: 1_700_000_000_000 + next,
    subscriptionType,
    attemptNumber: 0,
    objectId,
    ...extra,
  };
}
