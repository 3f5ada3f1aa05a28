/** The inbox kind of stored Outbound Message notifications: one item per Lead, its notifications in `events`. */
export const SALESFORCE_EVENT = 'salesforce_outbound_message';
