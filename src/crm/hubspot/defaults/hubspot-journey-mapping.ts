import type { JourneyMapping } from '../../../core/journey/status-events.ts';

/**
 * Who holds a HubSpot contact (its owner, or the owner of its Lead while it has one) and which
 * lead statuses and Lead pipeline stages mean which hand-off events.
 */
export const HUBSPOT_JOURNEY_MAPPING: JourneyMapping = {
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
};
