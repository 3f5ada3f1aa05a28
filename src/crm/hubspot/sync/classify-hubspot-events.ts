import { LEAD_OBJECT_TYPE_ID } from '../hubspot-leads.ts';
import { CONTACT_OBJECT_TYPE_ID, type HubSpotEvent } from '../intake/hubspot-event-schema.ts';

export interface ClassifiedEvents {
  /** Contacts whose current state must be read and run through the pipeline. */
  readonly refresh: readonly string[];
  /** Contacts whose data Baton must purge (privacy deletion, or deleted and not restored). */
  readonly purge: readonly string[];
  readonly merges: readonly { readonly into: string; readonly from: readonly string[] }[];
  /** Lead objects to read and fold onto their contacts, and Leads that are gone. */
  readonly leads: {
    readonly refresh: readonly string[];
    readonly removed: readonly { readonly id: string; readonly occurredAt: number }[];
  };
  /** Events that need no work, with why: Baton's own write-back echoing, or objects Baton does not track. */
  readonly ignored: readonly { readonly eventId: string; readonly reason: string }[];
}

function isLeadEvent(event: HubSpotEvent): boolean {
  return event.subscriptionType.startsWith('object.') && event.objectTypeId === LEAD_OBJECT_TYPE_ID;
}

function isContactEvent(event: HubSpotEvent): boolean {
  return (
    event.subscriptionType.startsWith('contact.') ||
    (event.subscriptionType.startsWith('object.') && event.objectTypeId === CONTACT_OBJECT_TYPE_ID)
  );
}

/**
 * Decides what a batch of webhook events asks of Baton. Events are applied in occurrence order so
 * a deletion followed by a restore leaves the contact in place, while a privacy deletion is final.
 * Property changes to Baton's own `baton_` properties are the echo of Baton's write-back.
 */
export function classifyHubSpotEvents(events: readonly HubSpotEvent[]): ClassifiedEvents {
  const refresh = new Set<string>();
  const purge = new Set<string>();
  const forgotten = new Set<string>();
  const merges: { into: string; from: string[] }[] = [];
  const ignored: { eventId: string; reason: string }[] = [];
  const leads: LeadChanges = { refresh: new Set(), removed: new Map() };
  const ordered = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const event of ordered) {
    const action = event.subscriptionType.slice(event.subscriptionType.indexOf('.') + 1);
    const id = event.objectId;
    if (action === 'propertyChange' && event.propertyName?.startsWith('baton_')) {
      ignored.push({ eventId: event.eventId, reason: "echo of Baton's own write-back" });
      continue;
    }
    if (isLeadEvent(event) && id !== undefined && action !== 'associationChange') {
      classifyLeadEvent(leads, action, id, event);
      continue;
    }
    if (!isContactEvent(event) || id === undefined) {
      ignored.push({
        eventId: event.eventId,
        reason: `${event.subscriptionType} is not about a contact or Lead`,
      });
      continue;
    }
    switch (action) {
      case 'privacyDeletion':
        forgotten.add(id);
        purge.add(id);
        refresh.delete(id);
        break;
      case 'deletion':
        purge.add(id);
        refresh.delete(id);
        break;
      case 'merge': {
        const into = event.primaryObjectId ?? id;
        const from = (event.mergedObjectIds ?? []).filter((merged) => merged !== into);
        merges.push({ into, from });
        for (const merged of from) refresh.delete(merged);
        if (!forgotten.has(into)) refresh.add(into);
        break;
      }
      default:
        if (forgotten.has(id)) break;
        purge.delete(id);
        refresh.add(id);
    }
  }
  return {
    refresh: [...refresh],
    purge: [...purge],
    merges,
    leads: {
      refresh: [...leads.refresh],
      removed: [...leads.removed].map(([id, occurredAt]) => ({ id, occurredAt })),
    },
    ignored,
  };
}

interface LeadChanges {
  readonly refresh: Set<string>;
  /** Lead id → when it went away. */
  readonly removed: Map<string, number>;
}

function classifyLeadEvent(leads: LeadChanges, action: string, id: string, event: HubSpotEvent): void {
  if (action === 'deletion') {
    leads.removed.set(id, event.occurredAt);
    leads.refresh.delete(id);
    return;
  }
  if (action === 'merge') {
    const into = event.primaryObjectId ?? id;
    for (const merged of event.mergedObjectIds ?? []) {
      if (merged === into) continue;
      leads.removed.set(merged, event.occurredAt);
      leads.refresh.delete(merged);
    }
    leads.removed.delete(into);
    leads.refresh.add(into);
    return;
  }
  leads.removed.delete(id);
  leads.refresh.add(id);
}
