/** The inbox kind of one record's HubSpot webhook events of a delivery; the sync handler takes it. */
export const HUBSPOT_EVENT = 'hubspot_event';
