import type { Crm } from '../funnel/funnel-model.ts';
import type { PropertyBag } from '../record.ts';
import type { HandoffEventType } from './ledger-entry.ts';

/** A CRM status value that means a hand-off event, e.g. HubSpot lead status CONNECTED → first contact. */
export interface StatusEventMapping {
  readonly property: string;
  readonly value: string;
  readonly event: HandoffEventType;
  /**
   * What the status means while a handed-off lead still waits for sales to accept it: a rep
   * marking it unqualified then is rejecting the hand-off, not disqualifying a lead sales took.
   */
  readonly whileAwaitingAcceptance?: HandoffEventType;
  /** Reason code recorded with the event, for statuses that carry one (e.g. BAD_TIMING). */
  readonly reasonCode?: string;
}

/** Where each CRM keeps the person who holds the record, and which statuses mean which events. */
export interface JourneyMapping {
  readonly ownerProperty: string;
  /**
   * Where the person a hand-off was assigned to is kept, when the CRM records hand-offs on a
   * record of their own (HubSpot's Lead object). While it names someone, that person holds the
   * lead, whoever owns the underlying contact.
   */
  readonly assigneeProperty?: string;
  /** Record creation time, used as the time of the `created` event. */
  readonly createdAtProperty: string;
  readonly statusEvents: readonly StatusEventMapping[];
}

export const DEFAULT_JOURNEY_MAPPINGS: Readonly<Record<Crm, JourneyMapping>> = {
  hubspot: {
    ownerProperty: 'hubspot_owner_id',
    assigneeProperty: 'lead.hubspot_owner_id',
    createdAtProperty: 'createdate',
    statusEvents: [
      { property: 'lead.hs_pipeline_stage', value: 'attempting-stage-id', event: 'first_contact_attempt' },
      { property: 'lead.hs_pipeline_stage', value: 'connected-stage-id', event: 'first_contact' },
      {
        property: 'lead.hs_pipeline_stage',
        value: 'unqualified-stage-id',
        event: 'disqualified',
        whileAwaitingAcceptance: 'rejected',
        reasonCode: 'bad_fit',
      },
      { property: 'hs_lead_status', value: 'ATTEMPTED_TO_CONTACT', event: 'first_contact_attempt' },
      { property: 'hs_lead_status', value: 'CONNECTED', event: 'first_contact' },
      { property: 'hs_lead_status', value: 'IN_PROGRESS', event: 'first_contact' },
      { property: 'hs_lead_status', value: 'OPEN_DEAL', event: 'opportunity' },
      {
        property: 'hs_lead_status',
        value: 'UNQUALIFIED',
        event: 'disqualified',
        whileAwaitingAcceptance: 'rejected',
        reasonCode: 'bad_fit',
      },
      {
        property: 'hs_lead_status',
        value: 'BAD_TIMING',
        event: 'recycled',
        whileAwaitingAcceptance: 'rejected',
        reasonCode: 'no_need_or_timing',
      },
    ],
  },
  salesforce: {
    ownerProperty: 'OwnerId',
    createdAtProperty: 'CreatedDate',
    statusEvents: [
      { property: 'Status', value: 'Working - Contacted', event: 'first_contact' },
      { property: 'Status', value: 'Closed - Converted', event: 'opportunity' },
      { property: 'Status', value: 'Closed - Not Converted', event: 'disqualified' },
    ],
  },
};

export function statusSignalKey(m: StatusEventMapping): string {
  return `${m.property}=${m.value}`;
}

/** The status events a snapshot's properties currently signal, in mapping order. */
export function signalledStatusEvents(
  mapping: JourneyMapping,
  properties: PropertyBag,
): readonly StatusEventMapping[] {
  return mapping.statusEvents.filter((m) => properties[m.property] === m.value);
}
