import type { HubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';

export interface TrafficSummary {
  /** Contact changes made in the portal (people, forms, imports), not by Baton. */
  readonly portalChanges: number;
  /** Contact changes Baton's write-backs made. */
  readonly batonWrites: number;
  readonly webhooksDelivered: number;
  /** Requests the stand-in received while measuring, OAuth included. */
  readonly callsByEndpoint: Readonly<Record<string, number>>;
  /** Contact reads and writes: what the "2 calls per 100 changed records" target counts. */
  readonly contactApiCalls: number;
  readonly callsPer100Changes: number | null;
}

export const CONTACT_SYNC_ENDPOINTS = [
  'POST /crm/v3/objects/contacts/batch/read',
  'POST /crm/v3/objects/contacts/batch/update',
];

/** Counts what happens in the portal from now until `stop()`. */
export function measureTraffic(standIn: HubSpotStandIn): { stop(): TrafficSummary } {
  const appId = String(standIn.appId);
  const callsBefore = standIn.callsByEndpoint();
  const deliveredBefore = standIn.webhookStats().eventsDelivered;
  let portalChanges = 0;
  let batonWrites = 0;
  const unsubscribe = standIn.onChange((change) => {
    if (change.origin.changeSource === 'INTEGRATION' && change.origin.sourceId === appId) batonWrites += 1;
    else portalChanges += 1;
  });
  return {
    stop() {
      unsubscribe();
      const callsByEndpoint = Object.fromEntries(
        Object.entries(standIn.callsByEndpoint())
          .map(([endpoint, calls]) => [endpoint, calls - (callsBefore[endpoint] ?? 0)] as const)
          .filter(([, calls]) => calls > 0)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
      const contactApiCalls = CONTACT_SYNC_ENDPOINTS.reduce((sum, e) => sum + (callsByEndpoint[e] ?? 0), 0);
      return {
        portalChanges,
        batonWrites,
        webhooksDelivered: standIn.webhookStats().eventsDelivered - deliveredBefore,
        callsByEndpoint,
        contactApiCalls,
        callsPer100Changes: portalChanges === 0 ? null : (contactApiCalls * 100) / portalChanges,
      };
    },
  };
}
