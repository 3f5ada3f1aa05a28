import type { HandoffEventType } from './ledger-entry.ts';

/** The words both cards and the console use for each hand-off event. */
export const HANDOFF_EVENT_LABELS: Readonly<Record<HandoffEventType, string>> = {
  created: 'Entered the funnel',
  qualified: 'Marketing qualified',
  handed_off: 'Handed off to sales',
  accepted: 'Accepted by sales',
  rejected: 'Rejected by sales',
  first_contact_attempt: 'Contact attempted',
  first_contact: 'Contacted',
  sales_qualified: 'Sales qualified',
  opportunity: 'Opportunity created',
  won: 'Won',
  lost: 'Lost',
  recycled: 'Recycled to marketing',
  disqualified: 'Disqualified',
  dormant: 'Gone dormant',
};
